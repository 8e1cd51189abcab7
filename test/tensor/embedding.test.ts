import { describe, expect, it } from 'vitest';

import {
  accumulateMeanGradient,
  checkGradients,
  EmbeddingTable,
  gatherMean,
  Rng,
  TensorError,
} from '../../src/tensor/index.js';

/** Builds a 4 x 2 table with rows [0 1], [2 3], [4 5], [6 7]. */
function smallTable(): EmbeddingTable {
  return new EmbeddingTable({ rows: 4, dim: 2, weights: Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7) });
}

describe('EmbeddingTable', () => {
  it('gathers rows in index order', () => {
    expect(Array.from(smallTable().gather(Int32Array.of(2, 0, 2)))).toEqual([4, 5, 0, 1, 4, 5]);
  });

  it('initialises from the seed', () => {
    const a = new EmbeddingTable({ rows: 100, dim: 8, initStd: 0.1, rng: new Rng(5) });
    const b = new EmbeddingTable({ rows: 100, dim: 8, initStd: 0.1, rng: new Rng(5) });
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    const std = Math.sqrt(a.weights.reduce((sum, x) => sum + x * x, 0) / a.weights.length);
    // 800 samples of N(0, 0.1²): the sample std is within 0.1 ± 0.01 with overwhelming probability.
    expect(Math.abs(std - 0.1)).toBeLessThan(0.01);
  });

  it('rejects saved weights of the wrong length', () => {
    expect(() => new EmbeddingTable({ rows: 4, dim: 2, weights: new Float32Array(7) })).toThrow(
      'EmbeddingTable: weights must be [4 x 2] (8 values) but has 7 values',
    );
  });

  it('sums gradients of duplicate rows', () => {
    const table = smallTable();
    table.accumulateGradient(Int32Array.of(3, 1, 3), Float32Array.of(1, 2, 10, 20, 100, 200));
    const { rows, values } = table.gradient();
    expect(Array.from(rows)).toEqual([3, 1]);
    expect(Array.from(values)).toEqual([101, 202, 10, 20]);
  });

  it('clears only what was touched', () => {
    const table = new EmbeddingTable({ rows: 1000, dim: 3, rng: new Rng(1) });
    const many = Int32Array.from({ length: 100 }, (_, i) => i * 7);
    table.accumulateGradient(many, new Float32Array(300).fill(1));
    table.clearGradient();
    expect(table.gradient().rows.length).toBe(0);
    table.accumulateGradient(Int32Array.of(7), Float32Array.of(1, 2, 3));
    expect(Array.from(table.gradient().values)).toEqual([1, 2, 3]);
  });

  it('rejects an index outside the table', () => {
    const table = smallTable();
    expect(() => table.gather(Int32Array.of(0, 4))).toThrow(TensorError);
    expect(() => table.gather(Int32Array.of(0, 4))).toThrow(
      /EmbeddingTable.gather: indices\[1\] = 4 is outside \[0, 4\)/,
    );
  });

  it('passes the gradient check for gather', () => {
    const table = new EmbeddingTable({ rows: 5, dim: 3, initStd: 1, rng: new Rng(2) });
    const indices = Int32Array.of(4, 1, 4, 0);
    const mix = new Rng(3).fillNormal(new Float32Array(indices.length * 3));
    // Loss: sum of gathered[i] · mix[i]; its gradient wrt gathered is `mix`.
    const loss = (): number => {
      const gathered = table.gather(indices);
      let sum = 0;
      for (let i = 0; i < gathered.length; i++) sum += gathered[i] * mix[i];
      return sum;
    };
    table.accumulateGradient(indices, mix);
    const dense = denseGradient(table);
    const report = checkGradients(loss, [{ name: 'weights', values: table.weights, analytic: dense }]);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toBe(15);
  });
});

describe('pooled bags', () => {
  it('averages each bag and leaves empty bags at zero', () => {
    // Bags: {0, 2} -> ([0 1] + [4 5]) / 2 = [2 3]; {} -> [0 0]; {3} -> [6 7].
    const out = gatherMean(smallTable(), Int32Array.of(0, 2, 3), Int32Array.of(0, 2, 2, 3));
    expect(Array.from(out)).toEqual([2, 3, 0, 0, 6, 7]);
  });

  it('splits the gradient over bag members', () => {
    const table = smallTable();
    // Bag 0 = {1, 1, 2}: each member gets [3 6] / 3 = [1 2], so row 1 gets [2 4].
    accumulateMeanGradient(table, Int32Array.of(1, 1, 2), Int32Array.of(0, 3, 3), Float32Array.of(3, 6, 9, 9));
    const { rows, values } = table.gradient();
    expect(Array.from(rows)).toEqual([1, 2]);
    expect(Array.from(values)).toEqual([2, 4, 1, 2]);
  });

  it('rejects offsets that do not cover the indices', () => {
    expect(() => gatherMean(smallTable(), Int32Array.of(0, 1), Int32Array.of(0, 1))).toThrow(
      'gatherMean: offsets must start at 0 and end at indices.length = 2, got first 0 and last 1',
    );
    expect(() => gatherMean(smallTable(), Int32Array.of(0, 1), Int32Array.of(0, 2, 1, 2))).toThrow(
      /must not decrease/,
    );
  });

  it('passes the gradient check for mean pooling', () => {
    const table = new EmbeddingTable({ rows: 6, dim: 4, initStd: 1, rng: new Rng(4) });
    const indices = Int32Array.of(0, 5, 5, 2, 3, 1, 0);
    const offsets = Int32Array.of(0, 3, 3, 4, 7);
    const mix = new Rng(8).fillNormal(new Float32Array(4 * 4));
    const loss = (): number => {
      const pooled = gatherMean(table, indices, offsets);
      let sum = 0;
      for (let i = 0; i < pooled.length; i++) sum += pooled[i] * mix[i] + 0.5 * pooled[i] * pooled[i];
      return sum;
    };
    const pooled = gatherMean(table, indices, offsets);
    const upstream = pooled.map((value, i) => mix[i] + value);
    accumulateMeanGradient(table, indices, offsets, upstream);
    const report = checkGradients(loss, [{ name: 'weights', values: table.weights, analytic: denseGradient(table) }]);
    expect(report.mismatches).toEqual([]);
  });
});

/** Expands a table's sparse gradient to [rows x dim] for comparison with finite differences. */
function denseGradient(table: EmbeddingTable): Float32Array {
  const dense = new Float32Array(table.rows * table.dim);
  const { rows, values } = table.gradient();
  for (let slot = 0; slot < rows.length; slot++) {
    dense.set(values.subarray(slot * table.dim, (slot + 1) * table.dim), rows[slot] * table.dim);
  }
  return dense;
}
