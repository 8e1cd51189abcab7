import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerRecommend(_program: Command): void {}
