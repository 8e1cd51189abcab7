/**
 * Stable error codes of the vector index. Callers branch on `code`; the message names the
 * offending value and what to do next.
 */
export type VectorIndexErrorCode =
  /** An option, `k` or another argument is outside its documented range. */
  | 'index_invalid_argument'
  /** A vector or query has the wrong length or a non-finite component. */
  | 'index_invalid_vector'
  /** A bulk build listed the same id twice. */
  | 'index_duplicate_id'
  /** A bulk build was called on an index that already contains vectors. */
  | 'index_not_empty'
  /** No saved index (manifest) exists at the given directory. */
  | 'index_not_found'
  /** The manifest was written by another format version or another kind of index. */
  | 'index_format_unsupported'
  /** A data file is missing, truncated, or does not match its checksum or the manifest. */
  | 'index_corrupt'
  /** The loaded index has a different dimension than the caller expects. */
  | 'index_dimension_mismatch'
  /** A write was attempted while `save` is still writing the index; await the save first. */
  | 'index_busy'
  /** The native HNSW library rejected an operation. */
  | 'index_native_failure';

export class VectorIndexError extends Error {
  readonly code: VectorIndexErrorCode;

  constructor(code: VectorIndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorIndexError';
    this.code = code;
  }
}
