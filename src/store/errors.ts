/**
 * Stable error codes of the SQLite store. Callers branch on `code`; the message names the
 * offending value and what to do next.
 */
export type StoreErrorCode =
  /** The database file cannot be opened or is not a SQLite database. */
  | 'store_open_failed'
  /** The database was migrated by a newer ReadNext than this one. */
  | 'store_schema_too_new'
  /** A row passed to the store fails validation (the message names the row and field). */
  | 'store_invalid_input'
  /** The referenced row (article, model version) does not exist. */
  | 'store_not_found'
  /** A row with this key exists and the operation does not replace it. */
  | 'store_duplicate';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
