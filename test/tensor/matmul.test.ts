import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMatmulBackend, Rng, TensorError, type MatmulBackend } from '../../src/tensor/index.js';

/** Naive float64 product of stored matrices with optional transposes: the oracle. */
function naiveProduct(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const aValue = transposeA ? a[p * m + i] : a[i * k + p];
        const bValue = transposeB ? b[j * k + p] : b[p * n + j];
        sum += aValue * bValue;
      }
      out[i * n + j] = sum;
    }
  }
  return out;
}

function maxAbsDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

const backendNames = ['js', 'wasm'] as const;
const backends = new Map<string, MatmulBackend>();

beforeAll(async () => {
  for (const name of backendNames) backends.set(name, await createMatmulBackend(name));
});

afterAll(() => {
  for (const backend of backends.values()) backend.dispose();
});

describe.each(backendNames)('matmul on %s', (name) => {
  it('multiplies a hand-computed 2x3 by 3x2', () => {
    // [1 2 3; 4 5 6] · [1 0; 0 1; 1 1] = [1+3, 2+3; 4+6, 5+6] = [4 5; 10 11]
    const a = Float32Array.of(1, 2, 3, 4, 5, 6);
    const b = Float32Array.of(1, 0, 0, 1, 1, 1);
    const out = backends.get(name)!.matmul(a, b, 2, 3, 2, new Float32Array(4));
    expect(Array.from(out)).toEqual([4, 5, 10, 11]);
  });

  // [37, 29, 41] and the wide-A shape [200, 50, 8], which the tfjs backend computes as (Bᵀ·A)ᵀ.
  it.each([
    [37, 29, 41, false, false],
    [37, 29, 41, false, true],
    [37, 29, 41, true, false],
    [37, 29, 41, true, true],
    [200, 50, 8, true, false],
    [200, 50, 8, true, true],
  ])('agrees with the oracle for m=%i k=%i n=%i transposeA=%s transposeB=%s', (m, k, n, transposeA, transposeB) => {
    const rng = new Rng(11);
    const a = rng.fillNormal(new Float32Array(m * k));
    const b = rng.fillNormal(new Float32Array(k * n));
    const out = backends.get(name)!.matmul(a, b, m, k, n, new Float32Array(m * n), { transposeA, transposeB });
    // Entries are sums of k products of N(0,1) values, about √k in size; float32 rounding stays far below 1e-4.
    expect(maxAbsDifference(out, naiveProduct(a, b, m, k, n, transposeA, transposeB))).toBeLessThan(1e-4);
  });

  it('adds to out with accumulate', () => {
    const a = Float32Array.of(1, 2);
    const b = Float32Array.of(3, 4);
    // [1; 2] · [3 4] = [3 4; 6 8], plus the 1s already in out.
    const out = backends.get(name)!.matmul(a, b, 2, 1, 2, new Float32Array(4).fill(1), { accumulate: true });
    expect(Array.from(out)).toEqual([4, 5, 7, 9]);
  });

  it('names both shapes when B does not fit', () => {
    const backend = backends.get(name)!;
    const a = new Float32Array(1024 * 64);
    const b = new Float32Array(32 * 1024);
    let caught: unknown;
    try {
      backend.matmul(a, b, 1024, 64, 700, new Float32Array(1024 * 700));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TensorError);
    expect((caught as TensorError).code).toBe('TENSOR_SHAPE_MISMATCH');
    expect((caught as TensorError).message).toBe(
      'matmul: A is [1024 x 64] but B has 32768 values, not the 44800 of [64 x 700]; inner dimensions must match',
    );
  });

  it('names the out shape when out is too small', () => {
    const backend = backends.get(name)!;
    expect(() => backend.matmul(new Float32Array(6), new Float32Array(6), 2, 3, 2, new Float32Array(3))).toThrow(
      'matmul: A is [2 x 3] and B is [3 x 2], so out must be [2 x 2] (4 values) but has 3 values',
    );
  });
});

describe('createMatmulBackend', () => {
  it('rejects an unknown backend name', async () => {
    await expect(createMatmulBackend('gpu' as never)).rejects.toThrow(/unknown backend 'gpu'; use 'wasm' or 'js'/);
  });
});
