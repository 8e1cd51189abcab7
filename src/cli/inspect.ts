import type { Command } from 'commander';

// TODO: placeholder until the command lands.
export function registerInspect(_program: Command): void {}
