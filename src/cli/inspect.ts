import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';

import { DATASET_FORMATS, type DatasetFormat, type LoadProgress } from '../data/load-options.js';
import { IngestError } from '../data/errors.js';
import { detectFormat, loadDataset } from '../data/load-dataset.js';
import { summarizeDataset, type CountDistribution, type DatasetSummary, type TableTotals } from '../data/summarize.js';
import { quantileCutoff } from '../features/time-split.js';

interface InspectOptions {
  format: DatasetFormat | 'auto';
  cutoffQuantile: number;
  rejects?: string;
  json: boolean;
}

/** `readnext inspect`: loads a data folder and prints the first summary a data scientist needs. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('Load a data folder and summarise it: sizes, signals, time range, activity, rejects and the time split.')
    .argument('<folder>', 'data folder (canonical CSV/JSONL, or a public data set folder), or one interactions file')
    .addOption(
      new Option('--format <format>', 'input layout; auto picks it from the files present').choices([...DATASET_FORMATS, 'auto']).default('auto'),
    )
    .option('--cutoff-quantile <q>', 'share of interactions (by time) before the train/test cutoff, in (0, 1)', parseQuantile, 0.9)
    .option('--rejects <file>', 'write every rejected row to this JSONL file')
    .option('--json', 'print the summary as JSON instead of text', false)
    .action(async function (this: Command, folder: string, options: InspectOptions) {
      try {
        const format = options.format === 'auto' ? ((await detectFormat(folder)) ?? 'auto') : options.format;
        const started = performance.now();
        const progress = createProgressBar();
        const dataset = await loadDataset(folder, { format, rejectsFile: options.rejects, onProgress: progress.update }).finally(
          progress.stop,
        );
        const loadSeconds = (performance.now() - started) / 1000;

        // The features layer's cutoff, so the numbers match what `readnext train` will split on.
        const table = dataset.interactions;
        const cutoff = table.size > 0 ? quantileCutoff(table, options.cutoffQuantile) : undefined;
        const summary = summarizeDataset(dataset, { cutoffQuantile: options.cutoffQuantile, cutoff });

        if (options.json) {
          process.stdout.write(`${JSON.stringify({ format, loadSeconds: round(loadSeconds, 2), summary }, null, 2)}\n`);
        } else {
          process.stdout.write(`${formatSummary(summary, format, loadSeconds, options.rejects).join('\n')}\n`);
        }
      } catch (error) {
        if (error instanceof IngestError) this.error(`error ${error.code}: ${error.message}`, { exitCode: 1, code: error.code });
        throw error;
      }
    });
}

/**
 * Creates a files-read progress bar on stderr. It shows only on a terminal, so piped and JSON
 * output stay clean. Globo.com's 385 click files take several seconds.
 */
function createProgressBar(): { update: (progress: LoadProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };

  let bar: cliProgress.SingleBar | null = null;
  return {
    update: (progress) => {
      if (bar === null) {
        bar = new cliProgress.SingleBar(
          { format: 'reading {bar} {value}/{total} files, {rows} interactions | {file}', stream: process.stderr, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.filesTotal, 0, { rows: 0, file: '' });
      }
      bar.update(progress.filesDone, { rows: progress.interactionRows.toLocaleString('en-US'), file: progress.file });
    },
    stop: () => bar?.stop(),
  };
}

/** Parses `--cutoff-quantile`; commander prints the message and exits on InvalidArgumentError. */
export function parseQuantile(value: string): number {
  const quantile = Number(value);
  if (!/^\s*\d*\.?\d+\s*$/.test(value) || !(quantile > 0 && quantile < 1)) {
    throw new InvalidArgumentError(`expected a number between 0 and 1 (exclusive), got "${value}".`);
  }
  return quantile;
}

/** Formats the summary as aligned text lines. */
export function formatSummary(summary: DatasetSummary, format: string, loadSeconds: number, rejectsFile?: string): string[] {
  const { users, articles, interactions } = summary;
  const lines = [
    `Data set ${summary.name} (format ${format}, loaded in ${loadSeconds.toFixed(1)} s)`,
    row('Users', `${count(users.total)} (${count(users.withInteractions)} with interactions, ${count(users.withProfile)} with a profile)`),
    row(
      'Articles',
      `${count(articles.total)} (${count(articles.withMetadata)} with metadata, ${count(articles.interacted)} interacted, ` +
        `${count(articles.interactedWithMetadata)} interacted with metadata)`,
    ),
    row('Interactions', count(interactions.total)),
    row('  click', `${count(interactions.click.clicked)} clicked, ${count(interactions.click.notClicked)} shown not clicked, ${count(interactions.click.unknown)} unknown`),
    row('  like', `${count(interactions.like.liked)} liked, ${count(interactions.like.notLiked)} not liked, ${count(interactions.like.unknown)} unknown`),
    row('  read_time', `${count(interactions.readTimePresent)} with a value`),
    row('Time range', summary.timeRange.first === null ? 'none' : `${iso(summary.timeRange.first)} to ${iso(summary.timeRange.last ?? 0)}`),
    row('Per user', formatDistribution(summary.interactionsPerUser)),
    row('Per article', formatDistribution(summary.interactionsPerArticle)),
    row('Metadata', `${percent(summary.articleMetadataShare)} of interactions have an article with metadata`),
    row('Timestamps', formatRecord(summary.timestampFormats, ': ') || 'none detected'),
  ];

  lines.push(row('Ingest', formatTotals('interactions', summary.ingest.interactions)));
  for (const kind of ['articles', 'users'] as const) {
    if (summary.ingest[kind].files > 0) lines.push(row('', formatTotals(kind, summary.ingest[kind])));
  }
  lines.push(row('Rejected', formatRecord(summary.ingest.rejectedByReason, ' ') || 'none'));
  if (rejectsFile !== undefined) lines.push(row('', `every rejected row written to ${rejectsFile}`));
  for (const [i, warning] of summary.warnings.entries()) lines.push(row(i === 0 ? 'Warnings' : '', warning));

  const split = summary.split;
  if (split === null) {
    lines.push(row('Split', 'no interactions to split'));
  } else {
    lines.push(
      row(
        'Split',
        `cutoff ${iso(split.cutoff)} (quantile ${split.quantile ?? 'explicit'}): ${count(split.trainInteractions)} train, ${count(split.testInteractions)} test interactions`,
      ),
      row('', `test users ${count(split.testUsers)}, ${count(split.unseenTestUsers)} unseen in train (${count(split.testInteractionsWithUnseenUser)} test interactions)`),
      row('', `test articles ${count(split.testArticles)}, ${count(split.unseenTestArticles)} unseen in train (${count(split.testInteractionsWithUnseenArticle)} test interactions)`),
    );
  }
  return lines;
}

function formatTotals(kind: string, totals: TableTotals): string {
  const parts = [
    `${count(totals.read)} read`,
    `${count(totals.accepted)} accepted`,
    `${count(totals.rejected)} rejected`,
    `${count(totals.duplicatesMerged)} duplicates merged`,
  ];
  if (kind === 'interactions') parts.push(`${count(totals.outOfOrder)} out of time order`);
  if (totals.truncatedFields > 0) parts.push(`${count(totals.truncatedFields)} texts cut`);
  return `${kind} (${totals.files} file${totals.files === 1 ? '' : 's'}): ${parts.join(', ')}`;
}

function formatDistribution(distribution: CountDistribution): string {
  return `p50 ${count(distribution.p50)}, p90 ${count(distribution.p90)}, p99 ${count(distribution.p99)}, max ${count(distribution.max)} (mean ${distribution.mean.toFixed(1)})`;
}

function formatRecord(record: Record<string, string | number>, separator: string): string {
  const entries = Object.entries(record);
  // Globo.com has 385 click files with one format; show each distinct value once with a file count.
  if (entries.length > 6 && entries.every(([, value]) => typeof value === 'string')) {
    const byValue = new Map<string, number>();
    for (const [, value] of entries) byValue.set(String(value), (byValue.get(String(value)) ?? 0) + 1);
    return [...byValue].map(([value, files]) => `${value} (${files} files)`).join(', ');
  }
  return entries.map(([key, value]) => `${key}${separator}${typeof value === 'number' ? count(value) : value}`).join(', ');
}

function row(label: string, value: string): string {
  return `${label.padEnd(14)}${value}`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
