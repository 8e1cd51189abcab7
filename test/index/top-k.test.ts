import { describe, expect, it } from 'vitest';

import { Rng } from '../../src/tensor/random.js';
import { selectTopK } from '../../src/index/top-k.js';

describe('selectTopK', () => {
  it('picks the best slots of a hand-made list', () => {
    // slot:   0    1    2    3    4
    // score: 0.3  0.9 -1.0  0.9  0.5   → best three: 1 and 3 tie at 0.9 (id "b" < "d"), then 4.
    const scores = Float64Array.from([0.3, 0.9, -1.0, 0.9, 0.5]);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(selectTopK(scores, null, 5, 3, ids)).toEqual([1, 3, 4]);
  });

  it('breaks ties by id, not by slot', () => {
    const scores = Float64Array.from([1, 1, 1]);
    expect(selectTopK(scores, null, 3, 2, ['z', 'm', 'a'])).toEqual([2, 1]);
  });

  it('reads only the listed candidates', () => {
    const scores = Float64Array.from([5, 4, 3, 2, 1]);
    const candidates = Int32Array.from([4, 2, 3, 0]);
    // Candidate count 3 ignores slot 0 at the end of the list.
    expect(selectTopK(scores, candidates, 3, 2, ['a', 'b', 'c', 'd', 'e'])).toEqual([2, 3]);
  });

  it('ranks all candidates when k exceeds their count', () => {
    const scores = Float64Array.from([0.1, 0.7, 0.4]);
    expect(selectTopK(scores, null, 3, 10, ['a', 'b', 'c'])).toEqual([1, 2, 0]);
    expect(selectTopK(scores, null, 0, 10, ['a', 'b', 'c'])).toEqual([]);
    expect(selectTopK(scores, null, 3, 0, ['a', 'b', 'c'])).toEqual([]);
  });

  it('matches a full sort on seeded data with many ties', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 50; trial++) {
      const count = 1 + rng.nextInt(300);
      const k = 1 + rng.nextInt(40);
      // Scores from a small set of values, so ties are frequent.
      const scores = Float64Array.from({ length: count }, () => rng.nextInt(20) / 4);
      const ids = Array.from({ length: count }, (_, i) => `id${rng.nextInt(1000)}-${i}`);
      const oracle = Array.from({ length: count }, (_, i) => i)
        .sort((a, b) => scores[b] - scores[a] || (ids[a] < ids[b] ? -1 : 1))
        .slice(0, k);
      expect(selectTopK(scores, null, count, k, ids)).toEqual(oracle);
    }
  });
});
