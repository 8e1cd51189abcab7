/**
 * Stable error codes of the vector index. Callers branch on `code`; the message names the
 * offending value and what to do next.
 */
export type VectorIndexErrorCode =
  /** An option, `k` or another argument is outside its documented range. */
  | 'INDEX_INVALID_ARGUMENT'
  /** A vector or query has the wrong length or a non-finite component. */
  | 'INDEX_INVALID_VECTOR'
  /** A bulk build listed the same id twice. */
  | 'INDEX_DUPLICATE_ID'
  /** A bulk build was called on an index that already contains vectors. */
  | 'INDEX_NOT_EMPTY'
  /** No saved index (manifest) exists at the given directory. */
  | 'INDEX_NOT_FOUND'
  /** The manifest was written by another format version or another kind of index. */
  | 'INDEX_FORMAT_UNSUPPORTED'
  /** A data file is missing, truncated, or does not match its checksum or the manifest. */
  | 'INDEX_CORRUPT'
  /** The loaded index has a different dimension than the caller expects. */
  | 'INDEX_DIMENSION_MISMATCH'
  /** A write was attempted while `save` is still writing the index; await the save first. */
  | 'INDEX_BUSY'
  /** The native HNSW library rejected an operation. */
  | 'INDEX_NATIVE_FAILURE';

export class VectorIndexError extends Error {
  readonly code: VectorIndexErrorCode;

  constructor(code: VectorIndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorIndexError';
    this.code = code;
  }
}
