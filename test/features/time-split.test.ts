import { describe, expect, it } from 'vitest';

import { generateDemo } from '../../src/data/demo/index.js';
import { FeatureError } from '../../src/features/errors.js';
import { quantileCutoff, randomSplit, splitByTime } from '../../src/features/time-split.js';
import { makeTable, rowsOf } from './table-fixture.js';

const tenRows = makeTable(
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((time, i) => ({ user: `u${i % 3}`, article: `a${i % 4}`, time })),
);

function expectFeatureError(action: () => unknown, code: string): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FeatureError);
    expect((error as FeatureError).code).toBe(code);
    return;
  }
  throw new Error(`expected FeatureError ${code}, nothing was thrown`);
}

describe('splitByTime', () => {
  it('uses the 0.9 quantile by default', () => {
    // floor(0.9 * 10) = 9, the 10th smallest timestamp is 10: nine rows before it.
    const split = splitByTime(tenRows);
    expect(split.cutoff).toBe(10);
    expect(split.train.size).toBe(9);
    expect(split.test.size).toBe(1);
    expect(rowsOf(split.test)).toEqual([['u0', 'a1', 10]]);
  });

  it('sends rows tied with the cutoff to test', () => {
    // Sorted times 1 2 3 3 3 4 ...; quantile 0.3 -> position floor(3) = 3 -> cutoff 3.
    // Only the rows at 1 and 2 are strictly earlier.
    const table = makeTable([1, 2, 3, 3, 3, 4, 5, 6, 7, 8].map((time, i) => ({ user: 'u', article: `a${i}`, time })));
    const split = splitByTime(table, { quantile: 0.3 });
    expect(split.cutoff).toBe(3);
    expect(split.train.size).toBe(2);
    expect(split.test.size).toBe(8);
    expect(Array.from(split.test.timestamp.slice(0, 3))).toEqual([3, 3, 3]);
  });

  it('accepts an explicit cutoff in ms', () => {
    const split = splitByTime(tenRows, { cutoff: 3.5 });
    expect(split.cutoff).toBe(3.5);
    expect(Array.from(split.train.timestamp)).toEqual([1, 2, 3]);
    expect(Array.from(split.test.timestamp)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps input order for unsorted tables', () => {
    const table = makeTable([
      { user: 'x', article: 'p', time: 5 },
      { user: 'y', article: 'q', time: 1 },
      { user: 'x', article: 'r', time: 4 },
      { user: 'z', article: 's', time: 2 },
      { user: 'y', article: 't', time: 3 },
    ]);
    const split = splitByTime(table, { cutoff: 3 });
    expect(rowsOf(split.train)).toEqual([
      ['y', 'q', 1],
      ['z', 's', 2],
    ]);
    expect(rowsOf(split.test)).toEqual([
      ['x', 'p', 5],
      ['x', 'r', 4],
      ['y', 't', 3],
    ]);
  });

  it('shares dictionaries with the input', () => {
    const split = splitByTime(tenRows, { quantile: 0.5 });
    expect(split.train.userIds).toBe(tenRows.userIds);
    expect(split.test.userIds).toBe(tenRows.userIds);
    expect(split.train.articleIds).toBe(tenRows.articleIds);
    expect(split.test.articleIds).toBe(tenRows.articleIds);
  });

  it('leaks nothing on generated data', () => {
    const { interactions } = generateDemo({ scale: 'small', seed: 3 });
    const split = splitByTime(interactions);

    let trainViolations = 0;
    for (let row = 0; row < split.train.size; row++) if (!(split.train.timestamp[row] < split.cutoff)) trainViolations++;
    let testViolations = 0;
    for (let row = 0; row < split.test.size; row++) if (!(split.test.timestamp[row] >= split.cutoff)) testViolations++;

    expect(trainViolations).toBe(0);
    expect(testViolations).toBe(0);
    expect(split.train.size + split.test.size).toBe(interactions.size);
    // Whole-second timestamps rarely tie, so the train share sits just under 0.9.
    const position = Math.floor(0.9 * interactions.size);
    expect(split.train.size).toBeLessThanOrEqual(position);
    expect(split.train.size).toBeGreaterThan(position - 20);
  });

  it('rejects invalid options', () => {
    expectFeatureError(() => splitByTime(tenRows, { cutoff: 5, quantile: 0.5 }), 'FEATURES_INVALID_OPTIONS');
    expectFeatureError(() => splitByTime(tenRows, { quantile: 1 }), 'FEATURES_INVALID_OPTIONS');
    expectFeatureError(() => splitByTime(tenRows, { quantile: 0 }), 'FEATURES_INVALID_OPTIONS');
    expectFeatureError(() => splitByTime(tenRows, { cutoff: Number.NaN }), 'FEATURES_INVALID_OPTIONS');
  });

  it('handles an empty table', () => {
    const empty = makeTable([]);
    expectFeatureError(() => splitByTime(empty), 'FEATURES_EMPTY_TABLE');
    const split = splitByTime(empty, { cutoff: 0 });
    expect(split.train.size).toBe(0);
    expect(split.test.size).toBe(0);
  });
});

describe('quantileCutoff', () => {
  it('sorts an unsorted table first', () => {
    const table = makeTable([40, 10, 30, 20].map((time, i) => ({ user: 'u', article: `a${i}`, time })));
    // Sorted 10 20 30 40; floor(0.5 * 4) = 2 -> 30.
    expect(quantileCutoff(table, 0.5)).toBe(30);
    // floor(0.99 * 4) = 3 -> 40.
    expect(quantileCutoff(table, 0.99)).toBe(40);
  });

  it('accepts the closed interval only', () => {
    expect(quantileCutoff(tenRows, 0)).toBe(1);
    expect(quantileCutoff(tenRows, 1)).toBe(10);
    expectFeatureError(() => quantileCutoff(tenRows, -0.1), 'FEATURES_INVALID_OPTIONS');
    expectFeatureError(() => quantileCutoff(tenRows, Number.NaN), 'FEATURES_INVALID_OPTIONS');
  });
});

describe('randomSplit', () => {
  it('splits exact counts without overlap', () => {
    const { train, test } = randomSplit(tenRows, { testFraction: 0.2, seed: 42 });
    expect(train.size).toBe(8);
    expect(test.size).toBe(2);
    const times = [...train.timestamp, ...test.timestamp].sort((a, b) => a - b);
    expect(times).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps each side in time order', () => {
    const { train, test } = randomSplit(tenRows, { testFraction: 0.3, seed: 7 });
    for (const side of [train, test]) {
      for (let row = 1; row < side.size; row++) expect(side.timestamp[row]).toBeGreaterThan(side.timestamp[row - 1]);
    }
  });

  it('is reproducible by seed', () => {
    const { interactions } = generateDemo({ scale: 'small', seed: 1 });
    const first = randomSplit(interactions, { testFraction: 0.2, seed: 42 });
    const again = randomSplit(interactions, { testFraction: 0.2, seed: 42 });
    const other = randomSplit(interactions, { testFraction: 0.2, seed: 43 });
    expect(Array.from(again.test.timestamp)).toEqual(Array.from(first.test.timestamp));
    expect(Array.from(other.test.timestamp)).not.toEqual(Array.from(first.test.timestamp));
    expect(first.train.size).toBe(Math.round(interactions.size * 0.8));
    expect(first.train.size + first.test.size).toBe(interactions.size);
  });

  it('rejects invalid options', () => {
    expectFeatureError(() => randomSplit(tenRows, { testFraction: 0, seed: 1 }), 'FEATURES_INVALID_OPTIONS');
    expectFeatureError(() => randomSplit(tenRows, { testFraction: 0.2, seed: -1 }), 'FEATURES_INVALID_OPTIONS');
    expectFeatureError(() => randomSplit(tenRows, { testFraction: 0.2, seed: 1.5 }), 'FEATURES_INVALID_OPTIONS');
  });
});
