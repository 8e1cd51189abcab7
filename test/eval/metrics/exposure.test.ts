import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { exposureShares } from '../../../src/eval/metrics/exposure.js';

const categories: Record<number, string | null> = { 1: 'sport', 2: 'sport', 3: 'politics', 4: null };
const categoryOf = (article: number): string | null => categories[article] ?? null;
const catalogue = CandidateSet.from([1, 2, 3, 4]);

describe('exposureShares', () => {
  it('compares exposure with the catalogue', () => {
    // Slots 1, 2, 3, 1 (9 is outside the catalogue): sport 3/4, politics 1/4, unknown 0.
    // Catalogue: sport 2/4, politics 1/4, unknown 1/4.
    // Total variation = ½ (|0.75 - 0.5| + 0 + |0 - 0.25|) = 0.25.
    const result = exposureShares([[1, 2], [3, 1, 9]], catalogue, categoryOf);
    expect(result.groups).toEqual([
      { value: 'sport', exposureShare: 0.75, catalogueShare: 0.5 },
      { value: 'politics', exposureShare: 0.25, catalogueShare: 0.25 },
      { value: null, exposureShare: 0, catalogueShare: 0.25 },
    ]);
    expect(result.totalVariation).toBe(0.25);
    expect(result.other).toEqual({ groups: 0, exposureShare: 0, catalogueShare: 0 });
  });

  it('folds groups beyond the limit', () => {
    const result = exposureShares([[1, 2], [3, 1]], catalogue, categoryOf, 1);
    expect(result.groups.map((group) => group.value)).toEqual(['sport']);
    expect(result.other).toEqual({ groups: 2, exposureShare: 0.25, catalogueShare: 0.5 });
    expect(result.totalVariation).toBe(0.25);
  });
});
