import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerServe(_program: Command): void {}
