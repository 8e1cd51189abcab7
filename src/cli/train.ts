import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerTrain(_program: Command): void {}
