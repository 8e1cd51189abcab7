/**
 * Errors raised by the demo data generator and the canonical CSV writer. Each carries a stable
 * `code` that the CLI can match on, and `details` with the offending values.
 */
export type DemoDataErrorCode =
  /** An option of `generateDemo` is missing, of the wrong type or out of range. */
  | 'DEMO_INVALID_OPTIONS'
  /** `writeCanonicalCsv` would overwrite an existing file and `overwrite` is false. */
  | 'DEMO_OUTPUT_EXISTS'
  /** A value cannot be written to the canonical CSV format (a list item containing `|`). */
  | 'DEMO_UNWRITABLE_VALUE';

export class DemoDataError extends Error {
  readonly code: DemoDataErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: DemoDataErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DemoDataError';
    this.code = code;
    this.details = details;
  }
}
