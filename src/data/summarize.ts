/**
 * The numbers a data scientist checks first on a new data set: sizes, signal types, time range,
 * activity distributions, metadata coverage, rejects, and how a global time split would look.
 */
import { z } from 'zod';

import { IngestError } from './errors.js';
import type { Dataset, InteractionTable } from './types.js';

/** Nearest-rank percentiles of a count distribution (over users or articles with >= 1 interaction). */
export interface CountDistribution {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface SplitSummary {
  /** The quantile the cutoff came from; null when only an explicit cutoff was passed. */
  quantile: number | null;
  /** ms since the epoch; train = timestamp < cutoff, test = timestamp >= cutoff. */
  cutoff: number;
  trainInteractions: number;
  testInteractions: number;
  /** Distinct users with a test interaction, and those of them without any train interaction. */
  testUsers: number;
  unseenTestUsers: number;
  testArticles: number;
  unseenTestArticles: number;
  /** Test interactions whose user / article has no train interaction. */
  testInteractionsWithUnseenUser: number;
  testInteractionsWithUnseenArticle: number;
}

export interface TableTotals {
  files: number;
  read: number;
  accepted: number;
  rejected: number;
  duplicatesMerged: number;
  outOfOrder: number;
  truncatedFields: number;
}

export interface DatasetSummary {
  name: string;
  users: { total: number; withInteractions: number; withProfile: number };
  articles: { total: number; withMetadata: number; interacted: number; interactedWithMetadata: number };
  interactions: {
    total: number;
    click: { clicked: number; notClicked: number; unknown: number };
    like: { liked: number; notLiked: number; unknown: number };
    readTimePresent: number;
  };
  /** ms since the epoch; null for an empty table. */
  timeRange: { first: number | null; last: number | null };
  interactionsPerUser: CountDistribution;
  interactionsPerArticle: CountDistribution;
  /** Share of interactions whose article has a metadata row, in [0, 1]; 0 for an empty table. */
  articleMetadataShare: number;
  /** Report counts added up per table kind; `read = accepted + rejected + duplicatesMerged` in each. */
  ingest: Record<'interactions' | 'articles' | 'users', TableTotals> & {
    /** Over all tables. */
    rejectedByReason: Record<string, number>;
  };
  timestampFormats: Record<string, string>;
  warnings: string[];
  /** null when the table has no rows. */
  split: SplitSummary | null;
}

const summaryOptionsSchema = z
  .object({
    /** Quantile of interaction times used as the split cutoff, in (0, 1). */
    cutoffQuantile: z.number().gt(0).lt(1).default(0.9),
    /** Explicit cutoff in ms; overrides the quantile (pass the features layer's cutoff to match training). */
    cutoff: z.number().finite().optional(),
  })
  .strict();

export type SummaryOptions = z.input<typeof summaryOptionsSchema>;

/** Computes the summary; throws INGEST_INVALID_OPTIONS for a quantile outside (0, 1). */
export function summarizeDataset(dataset: Dataset, options: SummaryOptions = {}): DatasetSummary {
  const parsed = summaryOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new IngestError('INGEST_INVALID_OPTIONS', `Invalid summary options: ${issues.join('; ')}.`, { issues: parsed.error.issues });
  }
  const { cutoffQuantile } = parsed.data;
  const table = dataset.interactions;

  const userCounts = countPerCode(table.user, table.userIds.length);
  const articleCounts = countPerCode(table.article, table.articleIds.length);
  const interactedArticles = articleCounts.filter((count) => count > 0);
  const articleHasMetadata = table.articleIds.map((id) => dataset.articles.has(id));

  let withMetadata = 0;
  for (let row = 0; row < table.size; row += 1) if (articleHasMetadata[table.article[row]]) withMetadata += 1;
  let interactedWithMetadata = 0;
  articleCounts.forEach((count, code) => {
    if (count > 0 && articleHasMetadata[code]) interactedWithMetadata += 1;
  });

  const cutoff = table.size === 0 ? null : (parsed.data.cutoff ?? timeQuantile(table.timestamp, cutoffQuantile));
  return {
    name: dataset.name,
    users: {
      total: table.userIds.length,
      withInteractions: userCounts.filter((count) => count > 0).length,
      withProfile: dataset.users.size,
    },
    articles: {
      total: table.articleIds.length,
      withMetadata: dataset.articles.size,
      interacted: interactedArticles.length,
      interactedWithMetadata,
    },
    interactions: summarizeSignals(table),
    timeRange: timeRange(table.timestamp),
    interactionsPerUser: distribution(userCounts.filter((count) => count > 0)),
    interactionsPerArticle: distribution(interactedArticles),
    articleMetadataShare: table.size === 0 ? 0 : withMetadata / table.size,
    ingest: summarizeIngest(dataset),
    timestampFormats: { ...dataset.report.timestampFormats },
    warnings: (dataset.report.warnings ?? []).map((warning) => warning.message),
    split:
      cutoff === null
        ? null
        : summarizeSplit(table, cutoff, parsed.data.cutoff === undefined || options.cutoffQuantile !== undefined ? cutoffQuantile : null),
  };
}

/**
 * The timestamp at sorted position floor(quantile * size), clamped to the last row: the same
 * definition as the features layer's `quantileCutoff`, repeated here because data/ must not
 * import features/. Rows tied with the cutoff fall on the test side.
 */
export function timeQuantile(timestamps: Float64Array, quantile: number): number {
  const sorted = isSorted(timestamps) ? timestamps : Float64Array.from(timestamps).sort();
  const position = Math.min(sorted.length - 1, Math.floor(quantile * sorted.length));
  return sorted[position];
}

function isSorted(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i += 1) if (values[i] < values[i - 1]) return false;
  return true;
}

/**
 * Nearest-rank percentiles: pN is the smallest value with at least N% of the values at or
 * below it. All zeros for an empty input.
 */
export function distribution(counts: readonly number[]): CountDistribution {
  if (counts.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(counts).sort();
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.length - 1], mean: total / sorted.length };
}

function timeRange(timestamps: Float64Array): DatasetSummary['timeRange'] {
  if (timestamps.length === 0) return { first: null, last: null };
  let first = timestamps[0];
  let last = timestamps[0];
  for (const time of timestamps) {
    if (time < first) first = time;
    if (time > last) last = time;
  }
  return { first, last };
}

function summarizeSignals(table: InteractionTable): DatasetSummary['interactions'] {
  const result = {
    total: table.size,
    click: { clicked: 0, notClicked: 0, unknown: 0 },
    like: { liked: 0, notLiked: 0, unknown: 0 },
    readTimePresent: 0,
  };
  for (let row = 0; row < table.size; row += 1) {
    const click = table.click[row];
    if (click === 1) result.click.clicked += 1;
    else if (click === 0) result.click.notClicked += 1;
    else result.click.unknown += 1;

    const like = table.like[row];
    if (like === 1) result.like.liked += 1;
    else if (like === 0) result.like.notLiked += 1;
    else result.like.unknown += 1;

    if (!Number.isNaN(table.readTime[row])) result.readTimePresent += 1;
  }
  return result;
}

function summarizeIngest(dataset: Dataset): DatasetSummary['ingest'] {
  const empty = (): TableTotals => ({ files: 0, read: 0, accepted: 0, rejected: 0, duplicatesMerged: 0, outOfOrder: 0, truncatedFields: 0 });
  const ingest: DatasetSummary['ingest'] = { interactions: empty(), articles: empty(), users: empty(), rejectedByReason: {} };

  for (const table of dataset.report.tables) {
    // Reports built by hand may omit the table kind; only interaction files existed before it.
    const totals = ingest[table.table ?? 'interactions'];
    totals.files += 1;
    totals.read += table.read;
    totals.accepted += table.accepted;
    totals.rejected += table.rejected;
    totals.duplicatesMerged += table.duplicatesMerged;
    totals.outOfOrder += table.outOfOrder ?? 0;
    totals.truncatedFields += table.truncatedFields ?? 0;
    for (const [reason, count] of Object.entries(table.rejectedByReason)) {
      ingest.rejectedByReason[reason] = (ingest.rejectedByReason[reason] ?? 0) + count;
    }
  }
  return ingest;
}

function summarizeSplit(table: InteractionTable, cutoff: number, quantile: number | null): SplitSummary {
  const trainUser = new Uint8Array(table.userIds.length);
  const trainArticle = new Uint8Array(table.articleIds.length);
  let trainInteractions = 0;
  for (let row = 0; row < table.size; row += 1) {
    if (table.timestamp[row] >= cutoff) continue;
    trainInteractions += 1;
    trainUser[table.user[row]] = 1;
    trainArticle[table.article[row]] = 1;
  }

  const testUser = new Uint8Array(table.userIds.length);
  const testArticle = new Uint8Array(table.articleIds.length);
  let testInteractionsWithUnseenUser = 0;
  let testInteractionsWithUnseenArticle = 0;
  for (let row = 0; row < table.size; row += 1) {
    if (table.timestamp[row] < cutoff) continue;
    testUser[table.user[row]] = 1;
    testArticle[table.article[row]] = 1;
    if (trainUser[table.user[row]] === 0) testInteractionsWithUnseenUser += 1;
    if (trainArticle[table.article[row]] === 0) testInteractionsWithUnseenArticle += 1;
  }

  const [testUsers, unseenTestUsers] = countTestCodes(testUser, trainUser);
  const [testArticles, unseenTestArticles] = countTestCodes(testArticle, trainArticle);
  return {
    quantile,
    cutoff,
    trainInteractions,
    testInteractions: table.size - trainInteractions,
    testUsers,
    unseenTestUsers,
    testArticles,
    unseenTestArticles,
    testInteractionsWithUnseenUser,
    testInteractionsWithUnseenArticle,
  };
}

/** Returns [codes in test, codes in test but not in train]. */
function countTestCodes(inTest: Uint8Array, inTrain: Uint8Array): [number, number] {
  let test = 0;
  let unseen = 0;
  for (let code = 0; code < inTest.length; code += 1) {
    if (inTest[code] === 0) continue;
    test += 1;
    if (inTrain[code] === 0) unseen += 1;
  }
  return [test, unseen];
}

function countPerCode(codes: Int32Array, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (let i = 0; i < codes.length; i += 1) counts[codes[i]] += 1;
  return counts;
}
