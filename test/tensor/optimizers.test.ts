import { describe, expect, it } from 'vitest';

import { Adagrad, Adam, EmbeddingTable, type DenseParameter } from '../../src/tensor/index.js';

function parameter(value: number[], gradient: number[]): DenseParameter {
  return { name: 'p', value: Float32Array.from(value), gradient: Float32Array.from(gradient) };
}

describe('Adagrad', () => {
  it('takes one step with literal numbers', () => {
    // accumulator = 0.1 + 0.5² = 0.35; w = 1 - 0.1·0.5 / (√0.35 + 1e-7) = 1 - 0.05 / 0.591608 = 0.915485.
    // Second entry: accumulator = 0.1 + 4 = 4.1; w = -2 - 0.1·(-2) / 2.024846 = -1.901227.
    const p = parameter([1, -2], [0.5, -2]);
    new Adagrad().applyDense(p);
    expect(p.value[0]).toBeCloseTo(0.9154846, 6);
    expect(p.value[1]).toBeCloseTo(-1.9012272, 6);
    expect(Array.from(p.gradient)).toEqual([0, 0]);
  });

  it('keeps its accumulator across steps', () => {
    // Step 2 with g = 0.5 again: accumulator 0.6, w = 0.915485 - 0.05 / 0.774597 = 0.850935.
    const p = parameter([1], [0.5]);
    const optimizer = new Adagrad();
    optimizer.applyDense(p);
    p.gradient[0] = 0.5;
    optimizer.applyDense(p);
    expect(p.value[0]).toBeCloseTo(0.8509351, 6);
  });

  it('updates only touched table rows', () => {
    const table = new EmbeddingTable({ rows: 3, dim: 2, weights: Float32Array.of(1, 1, 1, 1, 1, 1) });
    table.accumulateGradient(Int32Array.of(2, 2), Float32Array.of(0.25, 0, 0.25, -2));
    new Adagrad().applySparse(table);
    // Row 2 gradient [0.5, -2]: the same numbers as the dense case starting from w = 1.
    expect(Array.from(table.weights.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(table.weights[4]).toBeCloseTo(0.9154846, 6);
    expect(table.weights[5]).toBeCloseTo(1 + 0.2 / Math.sqrt(4.1), 6);
    expect(table.gradient().rows.length).toBe(0);
  });

  it('rejects a non-positive learning rate', () => {
    expect(() => new Adagrad({ learningRate: 0 })).toThrow('Adagrad: learningRate must be a finite number > 0, got 0');
  });
});

describe('Adam', () => {
  it('takes two steps with literal numbers', () => {
    // Step 1: m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025, m̂ = 0.5, v̂ = 0.25,
    // w = 1 - 0.001·0.5 / (0.5 + 1e-7) = 0.999.
    const p = parameter([1], [0.5]);
    const optimizer = new Adam();
    optimizer.applyDense(p);
    expect(p.value[0]).toBeCloseTo(0.999, 7);
    // Step 2 with g = -1: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975,
    // m̂ = -0.055 / 0.19 = -0.289474, v̂ = 0.00124975 / 0.001999 = 0.625188,
    // w = 0.999 + 0.001·0.289474 / 0.790688 = 0.999366.
    p.gradient[0] = -1;
    optimizer.applyDense(p);
    expect(p.value[0]).toBeCloseTo(0.9993661, 6);
  });

  it('leaves absent table rows and their moments alone', () => {
    const table = new EmbeddingTable({ rows: 2, dim: 1, weights: Float32Array.of(1, 1) });
    const optimizer = new Adam();
    table.accumulateGradient(Int32Array.of(0), Float32Array.of(0.5));
    optimizer.applySparse(table);
    table.accumulateGradient(Int32Array.of(1), Float32Array.of(0.5));
    optimizer.applySparse(table);
    // Row 0: one step as above. Row 1: first seen at t = 2, so m̂ = 0.05/0.19, v̂ = 0.00025/0.001999.
    expect(table.weights[0]).toBeCloseTo(0.999, 7);
    const mHat = 0.05 / 0.19;
    const vHat = 0.00025 / 0.001999;
    expect(table.weights[1]).toBeCloseTo(1 - (0.001 * mHat) / Math.sqrt(vHat), 6);
  });
});
