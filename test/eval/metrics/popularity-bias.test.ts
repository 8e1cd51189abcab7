import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { exposureGini, headArticles, longTailShare } from '../../../src/eval/metrics/popularity-bias.js';

describe('exposureGini', () => {
  it('matches the hand computation', () => {
    // Catalogue {1, 2, 3, 4}; exposures 1 -> 3, 2 -> 1, 3 -> 1, 4 -> 0; total 5.
    // Sorted [0, 1, 1, 3], n = 4: Σ (2i - 5) x_i = -3*0 - 1*1 + 1*1 + 3*3 = 9.
    // G = 9 / (4 * 5) = 0.45.
    const catalogue = CandidateSet.from([1, 2, 3, 4]);
    expect(exposureGini([[1, 2], [1, 3], [1]], catalogue)).toBeCloseTo(0.45, 12);
  });

  it('is zero for equal exposure', () => {
    expect(exposureGini([[1, 2], [3, 4]], CandidateSet.from([1, 2, 3, 4]))).toBe(0);
  });

  it('approaches one when one article takes every slot', () => {
    // Sorted [0, 0, 0, 4]: 3 * 4 / (4 * 4) = 0.75, the maximum for n = 4.
    expect(exposureGini([[1], [1], [1], [1]], CandidateSet.from([1, 2, 3, 4]))).toBe(0.75);
  });

  it('is NaN without exposure', () => {
    expect(exposureGini([[9]], CandidateSet.from([1, 2]))).toBeNaN();
  });
});

describe('headArticles', () => {
  it('takes the fewest articles reaching the share', () => {
    // Counts [5, 3, 1, 1, 0], total 10, 80% = 8: article 0 (5) then 1 (8) -> head {0, 1}.
    expect([...headArticles([5, 3, 1, 1, 0], 0.8)]).toEqual([0, 1]);
  });

  it('breaks ties by lower code', () => {
    // Counts [2, 2, 2, 2], 80% of 8 = 6.4: 2, 4, 6 < 6.4, so article 3 joins -> all four.
    expect([...headArticles([2, 2, 2, 2], 0.8)]).toEqual([0, 1, 2, 3]);
    // Counts [2, 3, 3, 2], 50% of 10 = 5: article 1 (3) then 2 (6) -> {1, 2}.
    expect([...headArticles([2, 3, 3, 2], 0.5)]).toEqual([1, 2]);
  });

  it('rejects a share outside (0, 1]', () => {
    expect(() => headArticles([1], 0)).toThrow(/headShare 0 is invalid/);
  });
});

describe('longTailShare', () => {
  it('counts slots outside the head', () => {
    // Head {0, 1}; slots 0, 2, 1, 4 -> 2 and 4 are tail -> 2/4.
    expect(longTailShare([[0, 2], [1, 4]], new Set([0, 1]))).toBe(0.5);
  });
});
