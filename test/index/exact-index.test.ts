import { describe, expect, it } from 'vitest';

import { ExactIndex } from '../../src/index/exact-index.js';
import { VectorIndexError } from '../../src/index/errors.js';

describe('ExactIndex', () => {
  it('scores with float64 sums of float32 inputs', () => {
    const index = new ExactIndex(3);
    index.upsert('a', Float32Array.from([0.5, -2, 4]));
    index.upsert('b', Float32Array.from([1, 1, 1]));
    // query [2, 0.25, -1]: a → 1 - 0.5 - 4 = -3.5, b → 2 + 0.25 - 1 = 1.25.
    expect(index.search(Float32Array.from([2, 0.25, -1]), 2)).toEqual([
      { id: 'b', score: 1.25 },
      { id: 'a', score: -3.5 },
    ]);
  });

  it('keeps other vectors intact when removing from the middle', () => {
    const index = new ExactIndex(2, 2);
    for (let i = 0; i < 5; i++) index.upsert(`v${i}`, Float32Array.from([i, 10 * i]));
    expect(index.remove('v1')).toBe(true);
    expect(index.remove('v3')).toBe(true);

    expect(index.ids().sort()).toEqual(['v0', 'v2', 'v4']);
    expect(Array.from(index.getVector('v4') ?? [])).toEqual([4, 40]);
    expect(Array.from(index.getVector('v2') ?? [])).toEqual([2, 20]);
    // query [1, 0] scores each vector by its first component: 4, 2, 0.
    expect(index.search(Float32Array.from([1, 0]), 5).map((hit) => hit.score)).toEqual([4, 2, 0]);
  });

  it('grows past its initial capacity', () => {
    const index = new ExactIndex(4, 1);
    for (let i = 0; i < 100; i++) index.upsert(`v${i}`, Float32Array.from([i, 0, 0, 1]));
    expect(index.size()).toBe(100);
    const hits = index.search(Float32Array.from([1, 0, 0, 0]), 3);
    expect(hits.map((hit) => hit.id)).toEqual(['v99', 'v98', 'v97']);
  });

  it('handles dimensions that are not a multiple of the unrolling', () => {
    const index = new ExactIndex(11);
    const vector = Float32Array.from({ length: 11 }, (_, j) => j + 1);
    index.upsert('x', vector);
    // query of ones: 1 + 2 + … + 11 = 66.
    expect(index.search(new Float32Array(11).fill(1), 1)[0].score).toBe(66);
  });

  it('returns copies from getVector', () => {
    const index = new ExactIndex(2);
    index.upsert('a', Float32Array.from([1, 2]));
    const copy = index.getVector('a');
    copy?.fill(9);
    expect(Array.from(index.getVector('a') ?? [])).toEqual([1, 2]);
  });

  it('rejects an invalid dimension', () => {
    expect(() => new ExactIndex(0)).toThrow(VectorIndexError);
    expect(() => new ExactIndex(2.5)).toThrow('invalid dimension 2.5');
  });
});
