/** Public API of the vector index: one interface, an exact and an HNSW implementation. */
export { type BuildIndexOptions, type BuildReport, buildIndex } from './build-index.js';
export {
  chooseIndexKind,
  type CreateIndexOptions,
  createIndex,
  DEFAULT_EXACT_THRESHOLD,
  DEFAULT_INDEX_SEED,
  loadIndex,
} from './create-index.js';
export { VectorIndexError, type VectorIndexErrorCode } from './errors.js';
export { ExactIndex } from './exact-index.js';
export { HnswIndex, type HnswIndexOptions } from './hnsw-index.js';
export { DEFAULT_HNSW_PARAMS, type HnswParams } from './hnsw-params.js';
export { INDEX_FORMAT_VERSION } from './index-file.js';
export { measureRecall, type RecallReport } from './recall.js';
export { compareHits, type IndexKind, type SearchHit, type SearchOptions, type VectorIndex } from './vector-index.js';
