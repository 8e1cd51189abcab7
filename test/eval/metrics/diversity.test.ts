import { describe, expect, it } from 'vitest';

import { intraListDiversity } from '../../../src/eval/metrics/diversity.js';

const categories: Record<number, string | null> = { 1: 'sport', 2: 'sport', 3: 'politics', 4: null };
const categoryOf = (article: number): string | null => categories[article] ?? null;

describe('intraListDiversity', () => {
  it('averages the share of differing pairs', () => {
    // [1, 2, 3]: pairs (1,2) same, (1,3) and (2,3) differ -> 2/3.
    // [1, 4]: 4 is unknown, no pair left -> list skipped.
    // [3, 1]: one differing pair -> 1.
    // Mean over 2 lists: (2/3 + 1) / 2 = 0.8333333333.
    const result = intraListDiversity([[1, 2, 3], [1, 4], [3, 1]], categoryOf);
    expect(result.value).toBeCloseTo(0.8333333333, 9);
    expect(result.lists).toBe(2);
  });

  it('is zero for single-category lists', () => {
    expect(intraListDiversity([[1, 2]], categoryOf)).toEqual({ value: 0, lists: 1 });
  });

  it('is NaN when no list has a pair', () => {
    const result = intraListDiversity([[1], [4, 4]], categoryOf);
    expect(result.value).toBeNaN();
    expect(result.lists).toBe(0);
  });
});
