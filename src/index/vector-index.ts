/**
 * The vector index interface shared by the exact (brute-force) and the HNSW implementation.
 *
 * Scores are inner products `query · vector`, the same score the two-tower model ranks by, so
 * a higher score is a better match. Article ids are the raw string ids of the canonical tables.
 */

export type IndexKind = 'exact' | 'hnsw';

/** One search result: an indexed id and its inner product with the query. */
export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchOptions {
  /**
   * Keeps only ids for which this returns true (for example: not hidden, not already read).
   * The index applies it while searching, so a filtered search still returns up to k hits
   * when at least k ids pass.
   */
  filter?: (id: string) => boolean;
  /**
   * HNSW only, ignored by the exact index: search `ceil(k × oversample)` neighbours without
   * the filter and drop the rejected ones afterwards. This avoids one native-to-JavaScript
   * call per visited graph node, which pays off when the filter rejects few ids. When fewer
   * than k hits survive, the index repeats the search with the filter applied in the graph.
   * Must be >= 1.
   */
  oversample?: number;
}

export interface VectorIndex {
  /** 'exact' scores every vector; 'hnsw' is approximate (see `measureRecall`). */
  readonly kind: IndexKind;
  /** Length d of every vector and query. */
  readonly dimension: number;

  /** Number of ids currently in the index (removed ids not counted). */
  size(): number;

  /** Returns whether `id` is in the index. */
  has(id: string): boolean;

  /** Returns every id in the index, in no particular order. */
  ids(): string[];

  /** Returns a copy of the stored vector [dimension] of `id`, or null when absent. */
  getVector(id: string): Float32Array | null;

  /**
   * Inserts `vector` [dimension] under `id`, or replaces the vector of an id already present
   * (so re-indexing an edited article never leaves two entries). Rejects a wrong length or a
   * non-finite component with `INDEX_INVALID_VECTOR`.
   */
  upsert(id: string, vector: Float32Array): void;

  /**
   * Adds many vectors to an empty index: `vectors` is [ids.length × dimension] row-major.
   * Validates everything before adding anything, and rejects a repeated id with
   * `INDEX_DUPLICATE_ID` naming the id and both positions. Rejects a non-empty index with
   * `INDEX_NOT_EMPTY`; use `upsert` to add to an existing index.
   */
  build(ids: readonly string[], vectors: Float32Array): void;

  /** Removes `id`; returns false when it was not in the index. Later searches never return it. */
  remove(id: string): boolean;

  /**
   * Returns the k ids with the highest inner product with `query` [dimension], sorted by score
   * descending, ties broken by id in ascending code-unit order. Returns every (filtered) id
   * ranked when k exceeds the index size, and [] for an empty index or k = 0. Each id appears
   * at most once. `k` must be a non-negative integer.
   */
  search(query: Float32Array, k: number, options?: SearchOptions): SearchHit[];

  /**
   * Writes the index to directory `dir` (created if needed, replaced if it exists): a
   * `manifest.json` with format version, kind, dimension, count, parameters and SHA-256
   * checksums, plus the data files. `loadIndex(dir)` reads it back.
   */
  save(dir: string): Promise<void>;
}

/**
 * Orders hits by score descending, then by id ascending, so equal scores rank the same way in
 * both implementations and before and after a save.
 */
export function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
