import { TensorError } from './errors.js';

/**
 * Raised when a Cholesky pivot is not > 0: the matrix is singular, indefinite or too
 * ill-conditioned for float64. Callers that own the matrix can add ridge to its diagonal.
 */
export class NotPositiveDefiniteError extends TensorError {
  constructor(
    /** Row index (0-based) of the first pivot that is not > 0. */
    readonly pivot: number,
    /** The pivot's value: A_ii minus the squares of row i of L. */
    readonly value: number,
  ) {
    super(
      'TENSOR_NOT_POSITIVE_DEFINITE',
      `Matrix is not positive definite: Cholesky pivot ${pivot} is ${value}. ` +
        'Add a larger ridge to the diagonal.',
    );
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Throws TENSOR_SHAPE_MISMATCH unless `matrix` has exactly n × n entries. */
export function checkSquareMatrix(matrix: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 0 || matrix.length !== n * n) {
    throw new TensorError(
      'TENSOR_SHAPE_MISMATCH',
      `Matrix has ${matrix.length} entries, expected n × n = ${n * n} for n = ${n}.`,
    );
  }
}

/**
 * Inverts a symmetric positive definite n × n matrix in place through its Cholesky factor:
 * A = L Lᵀ, then M = L⁻¹, then A⁻¹ = Mᵀ M. Each of the three steps costs about n³/6
 * multiply-adds, n³/2 in all, against n³ for Gauss-Jordan, and every inner loop walks a
 * contiguous row, so the row-major layout stays cache friendly.
 *
 * This scalar version is the reference for the blocked wasm kernel in spd-inverse.ts, which
 * does the same arithmetic about 10 times faster on large n.
 *
 * Reads only the lower triangle (j <= i) of `matrix` and writes the full symmetric inverse.
 * Memory: one extra row of n doubles.
 *
 * @param matrix [n × n] row-major Float64Array, overwritten with the inverse.
 * @throws TensorError TENSOR_SHAPE_MISMATCH when matrix.length is not n × n.
 * @throws NotPositiveDefiniteError when a pivot is not > 0; the matrix is then partly
 *   overwritten.
 */
export function invertSymmetricPositiveDefiniteReference(matrix: Float64Array, n: number): void {
  checkSquareMatrix(matrix, n);
  const row = new Float64Array(n);
  choleskyInPlace(matrix, n);
  invertLowerTriangularInPlace(matrix, n, row);
  multiplyTransposeByItselfInPlace(matrix, n, row);

  // Mirror the lower triangle into the upper one.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) matrix[j * n + i] = matrix[i * n + j];
  }
}

/** Overwrites the lower triangle with L, where A = L Lᵀ (Cholesky–Crout, row by row). */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      // L_ij = (A_ij - Σ_{k<j} L_ik L_jk) / L_jj: a dot product of two contiguous row prefixes.
      // Four partial sums break the add dependency chain, which V8 does not do itself.
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let k = 0;
      for (; k + 3 < j; k += 4) {
        sum0 += a[rowI + k] * a[rowJ + k];
        sum1 += a[rowI + k + 1] * a[rowJ + k + 1];
        sum2 += a[rowI + k + 2] * a[rowJ + k + 2];
        sum3 += a[rowI + k + 3] * a[rowJ + k + 3];
      }
      for (; k < j; k++) sum0 += a[rowI + k] * a[rowJ + k];
      const sum = a[rowI + j] - (sum0 + sum1 + sum2 + sum3);

      if (j < i) {
        a[rowI + j] = sum / a[rowJ + j];
      } else if (sum > 0) {
        a[rowI + i] = Math.sqrt(sum);
      } else {
        throw new NotPositiveDefiniteError(i, sum);
      }
    }
  }
}

/**
 * Overwrites the lower triangle L with M = L⁻¹, row by row: row i of L M = I gives
 * M_i = (e_i - Σ_{k<i} L_ik M_k) / L_ii, an axpy of earlier rows of M into row i.
 */
function invertLowerTriangularInPlace(a: Float64Array, n: number, row: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    // Keep row i of L aside: the axpys below overwrite it with M_i.
    for (let k = 0; k <= i; k++) row[k] = a[rowI + k];
    for (let j = 0; j < i; j++) a[rowI + j] = 0;

    for (let k = 0; k < i; k++) {
      const factor = row[k];
      if (factor === 0) continue;
      const rowK = k * n;
      for (let j = 0; j <= k; j++) a[rowI + j] -= factor * a[rowK + j];
    }
    const diagonal = row[i];
    for (let j = 0; j < i; j++) a[rowI + j] /= diagonal;
    a[rowI + i] = 1 / diagonal;
  }
}

/**
 * Overwrites the lower triangle M (lower triangular) with the lower triangle of Mᵀ M:
 * (Mᵀ M)_ij = Σ_{k>=i} M_ki M_kj for j <= i. Row i reads only rows k >= i of M, so going
 * down the rows, each finished row can replace row i of M.
 */
function multiplyTransposeByItselfInPlace(a: Float64Array, n: number, row: Float64Array): void {
  for (let i = 0; i < n; i++) {
    row.fill(0, 0, i + 1);
    for (let k = i; k < n; k++) {
      const rowK = k * n;
      const factor = a[rowK + i];
      if (factor === 0) continue;
      for (let j = 0; j <= i; j++) row[j] += factor * a[rowK + j];
    }
    const rowI = i * n;
    for (let j = 0; j <= i; j++) a[rowI + j] = row[j];
  }
}
