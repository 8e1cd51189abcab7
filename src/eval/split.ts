import type { InteractionTable } from '../data/types.js';
import type { TimeSplit } from '../features/time-split.js';
import { EvaluationError } from './errors.js';

/**
 * A time split as the runner consumes it: every train row is before `cutoff`, every test row at
 * or after it, and both tables share their user and article dictionaries (codes mean the same
 * article in both). `splitByTime` in features/ produces it; `randomSplit` rows need a cutoff
 * only for the TFRS reproduction (see protocols/tfrs-ml100k.ts).
 */
export type EvaluationSplit = TimeSplit;

/**
 * How the rows were split. 'time' (the default) requires train < cutoff <= test. 'random' is a
 * shuffled split (features' randomSplit) as in the TFRS tutorial: rows of both tables span the
 * same period, so only the train rows are checked against `cutoff`, which must be after all of them.
 */
export type SplitKind = 'time' | 'random';

/**
 * Rejects a split whose tables disagree on dictionaries or cross the cutoff (only train rows for a
 * random split). One dictionary may
 * extend the other (a test table that interned more articles); the shared prefix must match.
 * Returns the longer article dictionary, which every article code of either table indexes.
 */
export function validateSplit(split: EvaluationSplit, kind: SplitKind = 'time'): readonly string[] {
  const { train, test, cutoff } = split;
  checkSharedPrefix('article', train.articleIds, test.articleIds);
  checkSharedPrefix('user', train.userIds, test.userIds);

  for (let row = 0; row < train.size; row++) {
    if (train.timestamp[row] >= cutoff) throwCrossing('train', row, train.timestamp[row], cutoff);
  }
  // A random split's test rows interleave with the train rows in time, so only train is checked.
  if (kind === 'random') return longer(train.articleIds, test.articleIds);
  for (let row = 0; row < test.size; row++) {
    if (test.timestamp[row] < cutoff) throwCrossing('test', row, test.timestamp[row], cutoff);
  }
  return longer(train.articleIds, test.articleIds);
}

function longer(trainIds: readonly string[], testIds: readonly string[]): readonly string[] {
  return testIds.length >= trainIds.length ? testIds : trainIds;
}

function checkSharedPrefix(kind: 'article' | 'user', trainIds: readonly string[], testIds: readonly string[]): void {
  if (trainIds === testIds) return;
  const shared = Math.min(trainIds.length, testIds.length);
  for (let code = 0; code < shared; code++) {
    if (trainIds[code] !== testIds[code]) {
      throw new EvaluationError(
        'EVAL_INVALID_SPLIT',
        `Train and test ${kind} dictionaries differ at code ${code} ("${trainIds[code]}" vs "${testIds[code]}"); ` +
          'build both tables from one table so they share dictionaries.',
        { kind, code, train: trainIds[code], test: testIds[code] },
      );
    }
  }
}

function throwCrossing(table: 'train' | 'test', row: number, timestamp: number, cutoff: number): never {
  const side = table === 'train' ? 'before' : 'at or after';
  throw new EvaluationError(
    'EVAL_INVALID_SPLIT',
    `${table} row ${row} has timestamp ${timestamp}, but every ${table} row must be ${side} the cutoff ${cutoff}.`,
    { table, row, timestamp, cutoff },
  );
}
