import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerGenerate(_program: Command): void {}
