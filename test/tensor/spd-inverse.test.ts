import { describe, expect, it } from 'vitest';

import { Rng } from '../../src/tensor/random.js';
import {
  NotPositiveDefiniteError,
  invertSymmetricPositiveDefiniteReference,
} from '../../src/tensor/spd-inverse-reference.js';
import {
  SPD_INVERSE_MAX_KERNEL_BYTES,
  SpdInverse,
  invertSymmetricPositiveDefinite,
  spdInverseKernelBytes,
  type SpdInverseOptions,
} from '../../src/tensor/spd-inverse.js';

/** Builds A = Rᵀ R / k + I with R [k × n] standard normal and k = n + 3, so eigenvalues lie in about [1, 5]. */
function randomSpdMatrix(n: number, seed: number): Float64Array {
  const random = new Rng(seed);
  const k = n + 3;
  const r = Float64Array.from({ length: k * n }, () => random.nextNormal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += r[t * n + i] * r[t * n + j];
      a[i * n + j] = sum / k + (i === j ? 1 : 0);
      a[j * n + i] = a[i * n + j];
    }
  }
  return a;
}

/** max |x - y| / max |y| over all entries. */
function maxRelativeDifference(x: Float64Array, y: Float64Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    difference = Math.max(difference, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return difference / scale;
}

function caught(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const variants: Array<[string, SpdInverseOptions]> = [
  ['portable', { fma: false }],
  ['fma', { fma: true }],
  ['portable, 8-row blocks', { fma: false, blockSize: 8 }],
];

describe.each(variants)('SpdInverse (%s)', (_name, options) => {
  it('inverts a 3 × 3 matrix', async () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]], det = 4·5 - 2·4 = 12.
    // A⁻¹ = adj(A) / 12 = [[5, -4, 2], [-4, 8, -4], [2, -4, 8]] / 12.
    const matrix = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    await invertSymmetricPositiveDefinite(matrix, 3, options);
    const expected = [5, -4, 2, -4, 8, -4, 2, -4, 8].map((value) => value / 12);
    for (let i = 0; i < 9; i++) expect(matrix[i]).toBeCloseTo(expected[i], 14);
  });

  it('reads only the lower triangle', async () => {
    const matrix = Float64Array.from([4, 99, 99, 2, 3, 99, 0, 1, 2]);
    await invertSymmetricPositiveDefinite(matrix, 3, options);
    expect(matrix[1]).toBeCloseTo(-4 / 12, 14);
    expect(matrix[2]).toBeCloseTo(2 / 12, 14);
  });

  it.each([1, 2, 3, 5, 63, 64, 65, 130, 257])('agrees with the reference at n = %i', async (n) => {
    const matrix = randomSpdMatrix(n, 1000 + n);
    const expected = Float64Array.from(matrix);
    invertSymmetricPositiveDefiniteReference(expected, n);

    const kernel = await SpdInverse.create(options);
    kernel.invert(matrix, n);
    expect(maxRelativeDifference(matrix, expected)).toBeLessThan(1e-12);
    // The result is exactly symmetric: the upper triangle is a copy of the lower one.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) expect(matrix[j * n + i]).toBe(matrix[i * n + j]);
    }
  });

  it('gives A · A⁻¹ = I at n = 130', async () => {
    const n = 130;
    const a = randomSpdMatrix(n, 7);
    const inverse = Float64Array.from(a);
    await invertSymmetricPositiveDefinite(inverse, n, options);

    let maxError = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += a[i * n + k] * inverse[k * n + j];
        maxError = Math.max(maxError, Math.abs(sum - (i === j ? 1 : 0)));
      }
    }
    expect(maxError).toBeLessThan(1e-12);
  });

  it('rejects an indefinite matrix with the pivot', async () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1: the second pivot is 1 - 4 = -3.
    const matrix = Float64Array.from([1, 2, 2, 1]);
    const kernel = await SpdInverse.create(options);
    const error = caught(() => kernel.invert(matrix, 2));
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect((error as NotPositiveDefiniteError).pivot).toBe(1);
    expect((error as NotPositiveDefiniteError).value).toBe(-3);
    expect((error as NotPositiveDefiniteError).message).toContain('Cholesky pivot 1 is -3');
    expect(Array.from(matrix)).toEqual([1, 2, 2, 1]);
  });

  it('reports a pivot past the first block', async () => {
    // Identity with A_70,70 = -1: pivots 0 to 69 are 1, pivot 70 is -1.
    const n = 100;
    const matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) matrix[i * n + i] = i === 70 ? -1 : 1;
    const kernel = await SpdInverse.create(options);
    const error = caught(() => kernel.invert(matrix, n)) as NotPositiveDefiniteError;
    expect(error.pivot).toBe(70);
    expect(error.value).toBe(-1);
  });
});

describe('SpdInverse arguments', () => {
  it('rejects a wrong size', async () => {
    const kernel = await SpdInverse.create();
    const error = caught(() => kernel.invert(new Float64Array(5), 2));
    expect((error as { code: string }).code).toBe('TENSOR_SHAPE_MISMATCH');
    expect((error as Error).message).toContain('has 5 entries, expected n × n = 4');
  });

  it('rejects a block size that is not a multiple of 8', async () => {
    await expect(SpdInverse.create({ blockSize: 20 })).rejects.toThrow('blockSize must be a multiple of 8 from 8 to 256, got 20');
  });

  it('accepts an empty matrix', async () => {
    const kernel = await SpdInverse.create();
    expect(() => kernel.invert(new Float64Array(0), 0)).not.toThrow();
  });

  it('sizes the kernel memory from n', () => {
    // n = 10,000, b = 64: padded to 10,048 rows, row stride 10,056 (10,048 / 8 = 1,256 is even).
    // 8 · (10,048 · 10,056 + 3 · 10,048 · 64 + 64 · 64) = 8 · 102,976,000 bytes.
    expect(spdInverseKernelBytes(10_000)).toBe(823_808_000);
    expect(spdInverseKernelBytes(10_000)).toBeLessThan(SPD_INVERSE_MAX_KERNEL_BYTES);
    expect(spdInverseKernelBytes(12_000)).toBeGreaterThan(SPD_INVERSE_MAX_KERNEL_BYTES);
  });
});

describe('invertSymmetricPositiveDefiniteReference', () => {
  it('inverts a 3 × 3 matrix', () => {
    const matrix = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    invertSymmetricPositiveDefiniteReference(matrix, 3);
    const expected = [5, -4, 2, -4, 8, -4, 2, -4, 8].map((value) => value / 12);
    for (let i = 0; i < 9; i++) expect(matrix[i]).toBeCloseTo(expected[i], 14);
  });

  it('rejects an indefinite matrix with the pivot', () => {
    const error = caught(() => invertSymmetricPositiveDefiniteReference(Float64Array.from([1, 2, 2, 1]), 2));
    expect((error as NotPositiveDefiniteError).pivot).toBe(1);
    expect((error as NotPositiveDefiniteError).value).toBe(-3);
  });
});
