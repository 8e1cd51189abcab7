import { describe, expect, it } from 'vitest';

import { ExactIndex } from '../../src/index/exact-index.js';
import { measureRecall } from '../../src/index/recall.js';
import type { SearchHit, VectorIndex } from '../../src/index/vector-index.js';

/** An index stub that returns fixed hits, to pin the recall arithmetic. */
function fixedIndex(exact: ExactIndex, answers: string[][]): VectorIndex {
  let call = 0;
  return {
    kind: 'hnsw',
    dimension: exact.dimension,
    size: () => exact.size(),
    has: (id) => exact.has(id),
    ids: () => exact.ids(),
    getVector: (id) => exact.getVector(id),
    upsert: () => undefined,
    build: () => undefined,
    remove: () => false,
    search: (): SearchHit[] => answers[call++].map((id) => ({ id, score: 0 })),
    save: async () => undefined,
  };
}

describe('measureRecall', () => {
  const exact = new ExactIndex(1);
  for (let i = 1; i <= 4; i++) exact.upsert(`v${i}`, Float32Array.from([i]));

  it('averages the overlap with exact top-k', () => {
    // Query [1]: exact top 2 = v4, v3. Query [-1]: exact top 2 = v1, v2.
    // Stub results: {v4, v1} → 1/2 and {v1, v2} → 2/2. Mean 0.75, minimum 0.5.
    const index = fixedIndex(exact, [
      ['v4', 'v1'],
      ['v1', 'v2'],
    ]);
    const report = measureRecall(index, exact, Float32Array.from([1, -1]), 2);
    expect(report).toEqual({ k: 2, queryCount: 2, recall: 0.75, minimumRecall: 0.5 });
  });

  it('rejects a non-exact reference and mismatched sizes', () => {
    const index = fixedIndex(exact, []);
    expect(() => measureRecall(index, index, Float32Array.from([1]), 2)).toThrow('must be exact');
    const smaller = new ExactIndex(1);
    smaller.upsert('v1', Float32Array.from([1]));
    expect(() => measureRecall(index, smaller, Float32Array.from([1]), 2)).toThrow('same vectors');
    expect(() => measureRecall(exact, exact, new Float32Array(0), 2)).toThrow('not a positive multiple');
  });
});
