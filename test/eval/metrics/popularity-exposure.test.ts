import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { exposureByPopularity } from '../../../src/eval/metrics/popularity-exposure.js';

describe('exposureByPopularity', () => {
  // Catalogue {0, 1, 2, 3} with training counts 0: 5, 1: 0, 2: 3, 3: 2 (10 interactions).
  // Sorted by count: 1 (0), 3 (2), 2 (3), 0 (5); two buckets: {1, 3} and {2, 0}.
  const catalogue = CandidateSet.from([0, 1, 2, 3]);
  const popularity = [5, 0, 3, 2, 7];

  it('compares slots with interactions per bucket', () => {
    // Lists put slots on 0, 2, 0, 3 and on 4, which is outside the catalogue and ignored.
    const buckets = exposureByPopularity([Int32Array.of(0, 2), Int32Array.of(0, 3, 4)], catalogue, popularity, 2);
    // Bucket 1 {1, 3}: interactions 2 / 10 = 0.2, slots 1 / 4 = 0.25.
    // Bucket 2 {2, 0}: interactions 8 / 10 = 0.8, slots 3 / 4 = 0.75.
    expect(buckets).toEqual([
      { bucket: 1, articles: 2, interactionShare: 0.2, exposureShare: 0.25 },
      { bucket: 2, articles: 2, interactionShare: 0.8, exposureShare: 0.75 },
    ]);
  });

  it('leaves out empty buckets', () => {
    const buckets = exposureByPopularity([Int32Array.of(0)], catalogue, popularity, 8);
    expect(buckets.map((bucket) => bucket.bucket)).toEqual([1, 3, 5, 7]);
    expect(buckets[3].exposureShare).toBe(1);
  });

  it('rejects a zero bucket count', () => {
    expect(() => exposureByPopularity([], catalogue, popularity, 0)).toThrow(/bucket count 0 is invalid/);
  });
});
