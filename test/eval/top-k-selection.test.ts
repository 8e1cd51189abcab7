import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../src/eval/candidate-set.js';
import { Rng } from '../../src/tensor/random.js';
import { selectTopK } from '../../src/eval/top-k-selection.js';

/** Oracle: full sort by score descending, ties by candidate position. */
function bruteForceTopK(articles: number[], scores: Float32Array, k: number, excluded: Set<number>): number[] {
  return articles
    .map((article, index) => ({ article, index, score: scores[index] }))
    .filter((entry) => entry.score !== -Infinity && !excluded.has(entry.article))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k)
    .map((entry) => entry.article);
}

describe('selectTopK', () => {
  it('matches a full sort on random cases', () => {
    const random = new Rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const size = 1 + random.nextInt(60);
      const articles = Array.from(random.shuffle(Int32Array.from({ length: 200 }, (_, i) => i)).subarray(0, size));
      // Scores on a coarse grid force many ties; some are -Infinity.
      const scores = Float32Array.from(articles, () => (random.nextFloat() < 0.1 ? -Infinity : random.nextInt(8) / 4));
      const excluded = new Set(articles.filter(() => random.nextFloat() < 0.2));
      const k = 1 + random.nextInt(15);
      const candidates = CandidateSet.from(articles);
      expect(Array.from(selectTopK(candidates, scores, k, excluded))).toEqual(bruteForceTopK(articles, scores, k, excluded));
    }
  });

  it('breaks ties by candidate order', () => {
    const candidates = CandidateSet.from([40, 30, 20, 10]);
    const scores = Float32Array.from([1, 2, 2, 1]);
    expect(Array.from(selectTopK(candidates, scores, 3))).toEqual([30, 20, 40]);
  });

  it('returns fewer than k when articles cannot be scored', () => {
    const candidates = CandidateSet.from([1, 2, 3]);
    const scores = Float32Array.from([0.5, -Infinity, 0.1]);
    expect(Array.from(selectTopK(candidates, scores, 10))).toEqual([1, 3]);
  });
});
