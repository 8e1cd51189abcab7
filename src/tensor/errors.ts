/**
 * The one error type the numeric core throws.
 *
 * Each error carries a stable `code` so callers can branch on it; the message names the
 * operation, the offending value and what to change.
 */
export type TensorErrorCode =
  /** An array length or matrix shape does not match what the operation requires. */
  | 'TENSOR_SHAPE_MISMATCH'
  /** A row index or column index lies outside the table or matrix. */
  | 'TENSOR_INDEX_OUT_OF_RANGE'
  /** An option or argument is outside its allowed range (negative size, temperature <= 0, ...). */
  | 'TENSOR_INVALID_ARGUMENT'
  /** A matmul backend could not be created or initialised. */
  | 'TENSOR_BACKEND_UNAVAILABLE'
  /** A serialised RNG state is malformed. */
  | 'TENSOR_RNG_STATE_INVALID'
  /** A Cholesky pivot is not > 0: the matrix is singular, indefinite or too ill-conditioned. */
  | 'TENSOR_NOT_POSITIVE_DEFINITE';

export class TensorError extends Error {
  readonly code: TensorErrorCode;

  constructor(code: TensorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TensorError';
    this.code = code;
  }
}
