import { TensorError } from '../../tensor/errors.js';
import {
  invertSymmetricPositiveDefiniteReference,
  NotPositiveDefiniteError,
} from '../../tensor/spd-inverse-reference.js';
import { SPD_INVERSE_MAX_KERNEL_BYTES, SpdInverse, spdInverseKernelBytes } from '../../tensor/spd-inverse.js';
import { EvaluationError } from '../errors.js';

/**
 * Inverts the symmetric positive definite n × n Gram matrix in place with the wasm kernel of
 * tensor/spd-inverse.ts. When the kernel's copy of the matrix would not fit its 1 GiB memory
 * (n above about 11,400), it runs the plain-JavaScript reference, about 10 times slower.
 * Reads only the lower triangle of `matrix` and writes the full symmetric inverse.
 *
 * @param matrix [n × n] row-major Float64Array, overwritten with the inverse.
 * @throws EvaluationError EVAL_SHAPE_MISMATCH when matrix.length is not n × n.
 * @throws EvaluationError EVAL_NOT_POSITIVE_DEFINITE when a Cholesky pivot is not > 0 (the
 *   matrix is singular, indefinite or too ill-conditioned for float64); add more ridge to its
 *   diagonal.
 */
export async function invertGramMatrix(matrix: Float64Array, n: number): Promise<void> {
  try {
    // NOTE: no test runs this branch, because it needs a matrix of more than 1 GB.
    if (spdInverseKernelBytes(n) > SPD_INVERSE_MAX_KERNEL_BYTES) {
      invertSymmetricPositiveDefiniteReference(matrix, n);
      return;
    }
    const kernel = await SpdInverse.create();
    kernel.invert(matrix, n);
  } catch (error) {
    throw toEvaluationError(error, matrix, n);
  }
}

/** Maps the numeric core's errors to the evaluation error codes; returns others unchanged. */
function toEvaluationError(error: unknown, matrix: Float64Array, n: number): unknown {
  if (error instanceof NotPositiveDefiniteError) {
    return new EvaluationError(
      'EVAL_NOT_POSITIVE_DEFINITE',
      `Matrix is not positive definite: Cholesky pivot ${error.pivot} is ${error.value}. ` +
        'Add a larger ridge (lambda) to the diagonal.',
      { pivot: error.pivot, value: error.value },
    );
  }
  if (error instanceof TensorError && error.code === 'TENSOR_SHAPE_MISMATCH') {
    return new EvaluationError(
      'EVAL_SHAPE_MISMATCH',
      `Matrix has ${matrix.length} entries, expected n × n = ${n * n}.`,
      { entries: matrix.length, n },
    );
  }
  return error;
}
