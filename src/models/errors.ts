/** Stable codes of errors raised by the models layer. */
export type ModelErrorCode =
  /** A model config or option is out of range or inconsistent. */
  | 'MODEL_INVALID_CONFIG'
  /** Input data cannot train a model (no positive rows, a dictionary mismatch). */
  | 'MODEL_INVALID_DATA'
  /** A model directory is readable but its contents do not fit together. */
  | 'MODEL_FILE_INVALID'
  /** The model was used before it was trained or loaded. */
  | 'MODEL_NOT_FITTED';

export class ModelError extends Error {
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
    this.code = code;
  }
}
