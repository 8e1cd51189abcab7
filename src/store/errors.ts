/**
 * Stable error codes of the SQLite store. Callers branch on `code`; the message names the
 * offending value and what to do next.
 */
export type StoreErrorCode =
  /** The database file cannot be opened or is not a SQLite database. */
  | 'STORE_OPEN_FAILED'
  /** The database was migrated by a newer ReadNext than this one. */
  | 'STORE_SCHEMA_TOO_NEW'
  /** A row passed to the store fails validation (the message names the row and field). */
  | 'STORE_INVALID_INPUT'
  /** The referenced row (article, model version) does not exist. */
  | 'STORE_NOT_FOUND'
  /** A row with this key exists and the operation does not replace it. */
  | 'STORE_DUPLICATE';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
