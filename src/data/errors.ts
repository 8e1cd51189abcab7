/**
 * Errors that stop a load. A bad row never raises: it becomes a RejectedRow (see
 * reject-reasons.ts). These codes are for problems with a whole file, folder or option set.
 * Each error carries a stable `code` the CLI can match on and `details` with the offending values.
 */
export type IngestErrorCode =
  /** A folder or file named by the caller does not exist or cannot be opened. */
  | 'INGEST_INPUT_NOT_FOUND'
  /** No adapter recognises the files in the folder, or `--format` names no known format. */
  | 'INGEST_UNKNOWN_FORMAT'
  /** The folder contains two candidates for one table, e.g. interactions.csv and interactions.jsonl. */
  | 'INGEST_AMBIGUOUS_INPUT'
  /** The interactions file has no header and no rows, so there is nothing to train or evaluate on. */
  | 'INGEST_EMPTY_FILE'
  /** A required column is absent from a CSV header. */
  | 'INGEST_MISSING_COLUMN'
  /** A CSV header names the same column twice. */
  | 'INGEST_DUPLICATE_COLUMN'
  /** The bytes cannot be read: corrupt gzip stream, I/O error or an unparseable file structure. */
  | 'INGEST_UNREADABLE_FILE'
  /** A load option is missing, of the wrong type or out of range. */
  | 'INGEST_INVALID_OPTIONS'
  /** An output file (the rejects file) cannot be created or written. */
  | 'INGEST_WRITE_FAILED';

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: IngestErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IngestError';
    this.code = code;
    this.details = details;
  }
}
