import { z } from 'zod';

import type { InteractionTable } from '../data/types.js';
import { Rng } from '../tensor/random.js';
import { FeatureError, describeIssues } from './errors.js';
import { isSortedByTime, lowerBound, sliceRows, takeRows } from './table-rows.js';

export const DEFAULT_SPLIT_QUANTILE = 0.9;

const timeSplitSchema = z
  .strictObject({
    /** Explicit cutoff in ms since the epoch. */
    cutoff: z.number().optional(),
    /** Share of rows (by time) that fall before the cutoff, in (0, 1). */
    quantile: z.number().gt(0).lt(1).optional(),
  })
  .refine((options) => options.cutoff === undefined || options.quantile === undefined, {
    message: 'pass either cutoff or quantile, not both',
  });

export type TimeSplitOptions = z.input<typeof timeSplitSchema>;

export interface TimeSplit {
  /** Split time in ms since the epoch: train rows are strictly before it, test rows at or after it. */
  cutoff: number;
  train: InteractionTable;
  test: InteractionTable;
}

/**
 * Splits interactions at one global time: train = rows with timestamp < cutoff, test = rows
 * with timestamp >= cutoff. Nothing at or after the cutoff reaches training, so the test
 * rows are unknown future events, as they are for a deployed model.
 *
 * The cutoff is `options.cutoff` (ms) when given, else the `quantile` (default 0.9) of the
 * timestamps: the timestamp at sorted position floor(quantile * size). With distinct timestamps
 * the train share is exactly that position / size. Rows tied with the cutoff all go to test, so
 * ties can only shrink the train share. Both tables keep the input's row order and share its
 * dictionaries, so user and article codes mean the same in both.
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS for a non-finite cutoff, a quantile outside
 * (0, 1) or both at once, and FEATURES_EMPTY_TABLE for a quantile of an empty table.
 */
export function splitByTime(table: InteractionTable, options: TimeSplitOptions = {}): TimeSplit {
  const parsed = timeSplitSchema.safeParse(options);
  if (!parsed.success) {
    throw new FeatureError(
      'FEATURES_INVALID_OPTIONS',
      `splitByTime: invalid options ${JSON.stringify(options)}: ${describeIssues(parsed.error.issues)}. ` +
        `Pass { cutoff: <ms since the epoch> } or { quantile: <number in (0, 1)> }.`,
      { options },
    );
  }
  const cutoff = parsed.data.cutoff ?? quantileCutoff(table, parsed.data.quantile ?? DEFAULT_SPLIT_QUANTILE);

  // Sorted input (the table contract) splits into two contiguous slices; any other order is
  // split row by row, keeping the input order within each side.
  if (isSortedByTime(table)) {
    const boundary = lowerBound(table.timestamp, cutoff);
    return { cutoff, train: sliceRows(table, 0, boundary), test: sliceRows(table, boundary, table.size) };
  }
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let row = 0; row < table.size; row++) {
    (table.timestamp[row] < cutoff ? trainRows : testRows).push(row);
  }
  return { cutoff, train: takeRows(table, trainRows), test: takeRows(table, testRows) };
}

/**
 * Returns the timestamp at sorted position floor(quantile * size), clamped to the last row.
 * Throws FeatureError FEATURES_INVALID_OPTIONS for a quantile outside [0, 1] and
 * FEATURES_EMPTY_TABLE when the table has no rows.
 */
export function quantileCutoff(table: InteractionTable, quantile: number): number {
  if (!(quantile >= 0 && quantile <= 1)) {
    throw new FeatureError('FEATURES_INVALID_OPTIONS', `quantileCutoff: quantile must be a number in [0, 1], got ${quantile}.`, {
      quantile,
    });
  }
  if (table.size === 0) {
    throw new FeatureError(
      'FEATURES_EMPTY_TABLE',
      'Cannot take a time quantile of an interaction table with 0 rows; load a data set with interactions or pass an explicit cutoff.',
    );
  }
  const position = Math.min(table.size - 1, Math.floor(quantile * table.size));
  const sorted = isSortedByTime(table) ? table.timestamp : Float64Array.from(table.timestamp).sort();
  return sorted[position];
}

const randomSplitSchema = z.strictObject({
  testFraction: z.number().gt(0).lt(1),
  seed: z.int().min(0).max(0xffffffff),
});

export type RandomSplitOptions = z.input<typeof randomSplitSchema>;

/**
 * Splits rows uniformly at random: a seeded Fisher-Yates shuffle, the first
 * round(size * (1 - testFraction)) shuffled rows to train, the rest to test. Each side keeps
 * the input's row order and shares its dictionaries.
 *
 * Only for reproducing the TensorFlow Recommenders basic-retrieval tutorial (a shuffled 80/20
 * split of MovieLens 100k). Training then includes events that happened after many test
 * events, which overstates accuracy, so never use it to evaluate ReadNext's own models. Use
 * splitByTime for those.
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS for a fraction outside (0, 1) or a seed that is
 * not an integer in [0, 2^32 - 1].
 */
export function randomSplit(table: InteractionTable, options: RandomSplitOptions): { train: InteractionTable; test: InteractionTable } {
  const parsed = randomSplitSchema.safeParse(options);
  if (!parsed.success) {
    throw new FeatureError(
      'FEATURES_INVALID_OPTIONS',
      `randomSplit: invalid options ${JSON.stringify(options)}: ${describeIssues(parsed.error.issues)}. ` +
        `Pass { testFraction: <number in (0, 1)>, seed: <integer in [0, 4294967295]> }.`,
      { options },
    );
  }
  const { testFraction, seed } = parsed.data;

  const shuffled = new Rng(seed).shuffle(Int32Array.from({ length: table.size }, (_, i) => i));
  const trainCount = Math.round(table.size * (1 - testFraction));
  const trainRows = shuffled.slice(0, trainCount).sort();
  const testRows = shuffled.slice(trainCount).sort();
  return { train: takeRows(table, trainRows), test: takeRows(table, testRows) };
}
