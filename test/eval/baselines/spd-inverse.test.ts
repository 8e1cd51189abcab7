import { describe, expect, it } from 'vitest';

import { invertGramMatrix } from '../../../src/eval/baselines/spd-inverse.js';
import { EvaluationError } from '../../../src/eval/errors.js';
import { Rng } from '../../../src/tensor/random.js';

describe('invertGramMatrix', () => {
  it('inverts a 3 × 3 matrix', async () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]], det = 4·5 - 2·4 = 12.
    // A⁻¹ = adj(A) / 12 = [[5, -4, 2], [-4, 8, -4], [2, -4, 8]] / 12.
    const matrix = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    await invertGramMatrix(matrix, 3);
    const expected = [5, -4, 2, -4, 8, -4, 2, -4, 8].map((value) => value / 12);
    for (let i = 0; i < 9; i++) expect(matrix[i]).toBeCloseTo(expected[i], 12);
  });

  it('reads only the lower triangle', async () => {
    // Garbage above the diagonal must not matter.
    const matrix = Float64Array.from([4, 99, 99, 2, 3, 99, 0, 1, 2]);
    await invertGramMatrix(matrix, 3);
    expect(matrix[1]).toBeCloseTo(-4 / 12, 12);
  });

  it('gives A · A⁻¹ = I on a random 40 × 40 matrix', async () => {
    // A = Rᵀ R + I is symmetric positive definite.
    const n = 40;
    const random = new Rng(11);
    const r = Float64Array.from({ length: n * n }, () => random.nextNormal());
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) sum += r[k * n + i] * r[k * n + j];
        a[i * n + j] = sum;
      }
    }
    const inverse = Float64Array.from(a);
    await invertGramMatrix(inverse, n);

    let maxError = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += a[i * n + k] * inverse[k * n + j];
        maxError = Math.max(maxError, Math.abs(sum - (i === j ? 1 : 0)));
      }
    }
    expect(maxError).toBeLessThan(1e-9);
  });

  it('rejects an indefinite matrix', async () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1: the second pivot is 1 - 4 = -3, and the pivot
    // and its value survive the mapping from the kernel's error.
    const error = await invertGramMatrix(Float64Array.from([1, 2, 2, 1]), 2).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as EvaluationError).code).toBe('EVAL_NOT_POSITIVE_DEFINITE');
    expect((error as EvaluationError).message).toContain('pivot 1 is -3');
    expect((error as EvaluationError).details).toEqual({ pivot: 1, value: -3 });
  });

  it('rejects a wrong size', async () => {
    await expect(invertGramMatrix(new Float64Array(5), 2)).rejects.toThrow(/has 5 entries, expected n × n = 4/);
  });
});
