import type { Command } from 'commander';

import { formatDemoSummary, generateDemo, summarizeDemoDataset } from '../data/demo/index.js';
import { parseSeed } from './generate.js';

interface DemoCommandOptions {
  seed: number;
}

/**
 * `readnext demo`: generates the small demo data set in memory and prints its summary.
 * Training and evaluation steps are added on top of this orchestration.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Generate the small demo data set in memory and show what it contains.')
    .option('--seed <n>', 'random seed, an integer in [0, 4294967295]', parseSeed, 42)
    .action((options: DemoCommandOptions) => {
      const started = performance.now();
      const dataset = generateDemo({ scale: 'small', seed: options.seed });
      const seconds = (performance.now() - started) / 1000;

      const lines = formatDemoSummary(summarizeDemoDataset(dataset));
      lines.push(`  seed ${options.seed}; generated in memory in ${seconds.toFixed(1)} s`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
