import { VectorIndexError } from './errors.js';
import type { VectorIndex } from './vector-index.js';

/** Recall of an approximate index against exact search over the same vectors. */
export interface RecallReport {
  /** Number of neighbours compared per query. */
  k: number;
  /** Number of queries measured. */
  queryCount: number;
  /** Mean over queries of |approximate top-k ∩ exact top-k| / |exact top-k|, in [0, 1]. */
  recall: number;
  /** Lowest per-query recall, in [0, 1]. */
  minimumRecall: number;
}

/**
 * Measures recall@k of `index` against `exact` on each query row.
 *
 * @param index the index under test, e.g. an HNSW index
 * @param exact an exact index holding the same ids and vectors
 * @param queries [queryCount × dimension] row-major query vectors
 * @param k neighbours per query; when k exceeds the index size, each query compares all ids
 *
 * Recall compares ids, so a tie at the k-th score can count a correct but differently-chosen id
 * as a miss. With float scores such ties are rare outside duplicated vectors. Two empty
 * indexes have recall 1.
 */
export function measureRecall(index: VectorIndex, exact: VectorIndex, queries: Float32Array, k: number): RecallReport {
  if (exact.kind !== 'exact') {
    throw new VectorIndexError('INDEX_INVALID_ARGUMENT', `the reference index must be exact, got kind "${exact.kind}"`);
  }
  if (index.dimension !== exact.dimension || index.size() !== exact.size()) {
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `cannot compare an index of ${index.size()} x ${index.dimension} with an exact index of ${exact.size()} x ${exact.dimension}; build both from the same vectors`,
    );
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new VectorIndexError('INDEX_INVALID_ARGUMENT', `invalid k ${k}: recall needs a positive integer k`);
  }
  const d = index.dimension;
  if (queries.length === 0 || queries.length % d !== 0) {
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `queries has ${queries.length} values, which is not a positive multiple of the dimension ${d}; pass [queryCount x ${d}] row-major`,
    );
  }

  const queryCount = queries.length / d;
  let total = 0;
  let minimumRecall = 1;
  for (let q = 0; q < queryCount; q++) {
    const query = queries.subarray(q * d, (q + 1) * d);
    const truth = exact.search(query, k);
    if (truth.length === 0) continue;

    const expected = new Set(truth.map((hit) => hit.id));
    let found = 0;
    for (const hit of index.search(query, k)) {
      if (expected.has(hit.id)) found += 1;
    }
    const recall = found / expected.size;
    total += recall;
    minimumRecall = Math.min(minimumRecall, recall);
  }

  return { k, queryCount, recall: index.size() === 0 ? 1 : total / queryCount, minimumRecall };
}
