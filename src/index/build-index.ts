import { performance } from 'node:perf_hooks';

import { Rng } from '../tensor/random.js';
import { type CreateIndexOptions, createIndex, DEFAULT_INDEX_SEED } from './create-index.js';
import { VectorIndexError } from './errors.js';
import { ExactIndex } from './exact-index.js';
import { measureRecall, type RecallReport } from './recall.js';
import type { IndexKind, VectorIndex } from './vector-index.js';

export interface BuildIndexOptions extends Omit<CreateIndexOptions, 'expectedSize'> {
  /**
   * Catalogue vectors sampled (seeded) as queries to measure HNSW recall against exact search.
   * Default 100; 0 skips the measurement. Each query scans the whole catalogue once, so 100
   * queries at 1,000,000 × 64 cost several seconds.
   */
  recallQueries?: number;
  /** k of the recall measurement. Default 10. */
  recallK?: number;
}

export interface BuildReport {
  kind: IndexKind;
  count: number;
  dimension: number;
  /** Wall-clock milliseconds spent inserting the vectors. */
  buildMs: number;
  /** HNSW recall@k against exact search; null for an exact index or when skipped. */
  recall: RecallReport | null;
}

/**
 * Builds an index over `vectors` [ids.length × dimension] (kind chosen by size, see
 * `createIndex`) and, for HNSW, reports recall@k against exact search on a seeded sample of the
 * catalogue vectors used as queries. Rejects repeated ids with `INDEX_DUPLICATE_ID`.
 *
 * The sampled queries are article vectors, not user vectors, so the reported recall is a proxy
 * for recall on real queries.
 */
export function buildIndex(
  ids: readonly string[],
  vectors: Float32Array,
  options: BuildIndexOptions,
): { index: VectorIndex; report: BuildReport } {
  const recallQueries = options.recallQueries ?? 100;
  const recallK = options.recallK ?? 10;
  if (!Number.isInteger(recallQueries) || recallQueries < 0 || !Number.isInteger(recallK) || recallK < 1) {
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `invalid recall settings recallQueries=${recallQueries}, recallK=${recallK}: use integers >= 0 and >= 1`,
    );
  }

  const index = createIndex({ ...options, expectedSize: ids.length });
  const started = performance.now();
  index.build(ids, vectors);
  const buildMs = performance.now() - started;

  let recall: RecallReport | null = null;
  if (index.kind === 'hnsw' && recallQueries > 0 && ids.length > 0) {
    const exact = new ExactIndex(index.dimension, ids.length);
    exact.build(ids, vectors);
    const queries = sampleRows(vectors, index.dimension, recallQueries, options.seed ?? DEFAULT_INDEX_SEED);
    recall = measureRecall(index, exact, queries, recallK);
  }

  return { index, report: { kind: index.kind, count: index.size(), dimension: index.dimension, buildMs, recall } };
}

/** Copies `count` rows drawn with replacement (seeded) from `matrix` [rows × dimension]. */
function sampleRows(matrix: Float32Array, dimension: number, count: number, seed: number): Float32Array {
  const rows = matrix.length / dimension;
  const rng = new Rng(seed);
  const sample = new Float32Array(count * dimension);
  for (let i = 0; i < count; i++) {
    const row = rng.nextInt(rows);
    sample.set(matrix.subarray(row * dimension, (row + 1) * dimension), i * dimension);
  }
  return sample;
}
