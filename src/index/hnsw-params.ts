import { z } from 'zod';

import { VectorIndexError } from './errors.js';

/** HNSW graph parameters, named as in hnswlib (the C++ library that hnswlib-node 3 wraps). */
export interface HnswParams {
  /**
   * Links per node on the upper layers (2 × M on the bottom layer). Higher M raises recall and
   * helps high-dimensional data, but costs memory and build time: the bottom-layer links take
   * 8 × M + 4 bytes per vector, on top of the 4 × d bytes of the vector. Typical range 8 … 48.
   */
  M: number;
  /**
   * Candidate list size while inserting. Higher values build a better graph (higher recall at
   * the same efSearch) at a build time roughly proportional to it. No gain once the recall at
   * efSearch = efConstruction stops improving.
   */
  efConstruction: number;
  /**
   * Candidate list size while searching, the main speed/recall knob at query time. hnswlib uses
   * max(efSearch, k), so a search never explores fewer than k candidates.
   */
  efSearch: number;
}

/**
 * Defaults for article embeddings (d = 32 … 128). On seeded clustered synthetic data at d = 64,
 * efSearch = 100 reaches recall@10 of at least 0.95 against exact search; bench/index-search.ts
 * measures it and docs/benchmarks.md records the numbers.
 */
export const DEFAULT_HNSW_PARAMS: Readonly<HnswParams> = Object.freeze({ M: 16, efConstruction: 200, efSearch: 100 });

/** Seed of the HNSW level generator when the caller gives none, so default builds repeat exactly. */
export const DEFAULT_INDEX_SEED = 42;

export const hnswParamsSchema = z.object({
  M: z.number().int().min(2).max(100),
  efConstruction: z.number().int().min(1).max(10_000),
  efSearch: z.number().int().min(1).max(10_000),
});

/** Fills missing fields with the defaults and rejects values outside the schema's limits. */
export function resolveHnswParams(params: Partial<HnswParams> | undefined): HnswParams {
  const parsed = hnswParamsSchema.safeParse({ ...DEFAULT_HNSW_PARAMS, ...params });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `invalid HNSW parameter ${issue.path.join('.')}: ${issue.message} (M 2…100, efConstruction and efSearch 1…10000)`,
    );
  }
  return parsed.data;
}
