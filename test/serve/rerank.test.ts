import { describe, expect, it } from 'vitest';

import { rerank } from '../../src/serve/rerank.js';
import type { Candidate } from '../../src/serve/retrieve.js';

const vectors: Record<string, Float32Array> = {
  a: Float32Array.of(1, 0),
  b: Float32Array.of(1, 0),
  c: Float32Array.of(0, 1),
};
const vectorOf = (id: string): Float32Array | null => vectors[id] ?? null;

function candidate(articleId: string, score: number, trailingCount = 0): Candidate {
  return { articleId, score, trailingCount, source: 'model' };
}

// Relevance is min-max scaled over the pool: a = 1, b = (0.9 - 0.5) / 0.5 = 0.8, c = 0.
const pool = [candidate('a', 1), candidate('b', 0.9), candidate('c', 0.5)];

describe('rerank', () => {
  it('keeps relevance order at lambda 1', () => {
    expect(rerank(pool, vectorOf, { k: 3, lambda: 1, popularityPenalty: 0 }).map((item) => item.articleId)).toEqual(['a', 'b', 'c']);
  });

  it('prefers a dissimilar item at lambda 0.5', () => {
    // Step 2: b = 0.5·0.8 − 0.5·cos(b, a) = 0.4 − 0.5 = −0.1; c = 0.5·0 − 0.5·0 = 0, so c wins.
    expect(rerank(pool, vectorOf, { k: 3, lambda: 0.5, popularityPenalty: 0 }).map((item) => item.articleId)).toEqual(['a', 'c', 'b']);
  });

  it('keeps a near duplicate when relevance outweighs it', () => {
    // Step 2 at lambda 0.7: b = 0.56 − 0.3 = 0.26 beats c = 0.
    expect(rerank(pool, vectorOf, { k: 2, lambda: 0.7, popularityPenalty: 0 }).map((item) => item.articleId)).toEqual(['a', 'b']);
  });

  it('penalises popular items', () => {
    // Range 0.5; a (the most popular) loses 1 · 1 · 0.5: a = 0.5, b = 0.9, c = 0.5. b leads; a and c tie and keep input order.
    const popular = [candidate('a', 1, 100), candidate('b', 0.9), candidate('c', 0.5)];
    expect(rerank(popular, vectorOf, { k: 3, lambda: 1, popularityPenalty: 1 }).map((item) => item.articleId)).toEqual(['b', 'a', 'c']);
  });

  it('returns at most the pool and nothing for k 0', () => {
    expect(rerank(pool, vectorOf, { k: 10, lambda: 0.5, popularityPenalty: 0 })).toHaveLength(3);
    expect(rerank(pool, vectorOf, { k: 0, lambda: 0.5, popularityPenalty: 0 })).toEqual([]);
    expect(rerank([], vectorOf, { k: 3, lambda: 0.5, popularityPenalty: 0 })).toEqual([]);
  });

  it('treats a missing vector as dissimilar to all', () => {
    const withMissing = [candidate('a', 1), candidate('b', 0.9), candidate('unknown', 0.8)];
    // unknown: relevance (0.8 − 0.8) / 0.2 = 0, cosine 0; b: 0.5·0.5 − 0.5·1 = −0.25, so unknown is second.
    expect(rerank(withMissing, vectorOf, { k: 3, lambda: 0.5, popularityPenalty: 0 }).map((item) => item.articleId)).toEqual(['a', 'unknown', 'b']);
  });
});
