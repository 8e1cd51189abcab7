import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerEvaluate(_program: Command): void {}
