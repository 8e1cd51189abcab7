import { type Command, InvalidArgumentError, Option } from 'commander';

import {
  DEMO_SCALES,
  DemoDataError,
  type DemoScale,
  formatDemoSummary,
  generateDemo,
  summarizeDemoDataset,
  writeCanonicalCsv,
} from '../data/demo/index.js';

interface GenerateOptions {
  scale: DemoScale;
  seed: number;
  out: string;
  force: boolean;
}

/** `readnext generate`: writes the seeded demo data set as canonical CSV files. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write the seeded demo data set (a developer blog) as canonical CSV files.')
    .addOption(
      new Option('--scale <scale>', 'small: ~3k users, 600 articles, ~60k interactions; seed: 120k users, 6,200 articles, ~1M')
        .choices(DEMO_SCALES)
        .default('small'),
    )
    .option('--seed <n>', 'random seed, an integer in [0, 4294967295]; the same seed writes the same bytes', parseSeed, 42)
    .requiredOption('--out <dir>', 'output folder for interactions.csv, articles.csv and users.csv (created if missing)')
    .option('--force', 'overwrite existing CSV files in the output folder', false)
    .action(async function (this: Command, options: GenerateOptions) {
      const started = performance.now();
      try {
        const dataset = generateDemo({ scale: options.scale, seed: options.seed });
        const generatedSeconds = (performance.now() - started) / 1000;
        const files = await writeCanonicalCsv(dataset, options.out, { overwrite: options.force });
        const totalSeconds = (performance.now() - started) / 1000;

        const lines = formatDemoSummary(summarizeDemoDataset(dataset));
        lines.push(`  seed ${options.seed}; generated in ${generatedSeconds.toFixed(1)} s, written in ${(totalSeconds - generatedSeconds).toFixed(1)} s`);
        for (const file of files) {
          lines.push(`  wrote ${file.path} (${file.rows.toLocaleString('en-US')} rows, ${formatBytes(file.bytes)})`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (error) {
        if (error instanceof DemoDataError) this.error(`error ${error.code}: ${error.message}`, { exitCode: 1, code: error.code });
        throw error;
      }
    });
}

/** Parses `--seed`; commander prints the message and exits on InvalidArgumentError. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
    throw new InvalidArgumentError(`expected an integer in [0, 4294967295], got "${value}".`);
  }
  return seed;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
