import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerDemo(_program: Command): void {}
