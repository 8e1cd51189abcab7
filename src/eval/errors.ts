/**
 * Errors raised by evaluation code. Each carries a stable `code` that callers and the CLI
 * can match on, and `details` with the offending values.
 */
export type EvaluationErrorCode =
  /** An option is outside its documented range. */
  | 'EVAL_INVALID_OPTIONS'
  /** `score` was called before `fit`. */
  | 'EVAL_NOT_FITTED'
  /** A model wrote NaN into a score buffer. */
  | 'EVAL_NAN_SCORE'
  /** The training table has no positive interaction, so a baseline has nothing to learn. */
  | 'EVAL_EMPTY_TRAINING'
  /** EASE was asked to invert a Gram matrix larger than its item limit. */
  | 'EVAL_CATALOGUE_TOO_LARGE'
  /** A matrix that must be symmetric positive definite is not (numerically). */
  | 'EVAL_NOT_POSITIVE_DEFINITE'
  /** The train and test tables do not share dictionaries or are otherwise inconsistent. */
  | 'EVAL_INVALID_SPLIT'
  /** Buffers or arrays passed together have mismatched lengths. */
  | 'EVAL_SHAPE_MISMATCH';

export class EvaluationError extends Error {
  readonly code: EvaluationErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: EvaluationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EvaluationError';
    this.code = code;
    this.details = details;
  }
}
