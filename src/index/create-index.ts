import { z } from 'zod';

import { VectorIndexError } from './errors.js';
import { ExactIndex } from './exact-index.js';
import { HnswIndex } from './hnsw-index.js';
import { readVerifiedManifest } from './index-file.js';
import { DEFAULT_INDEX_SEED, type HnswParams } from './hnsw-params.js';
import type { IndexKind, VectorIndex } from './vector-index.js';

export { DEFAULT_INDEX_SEED };

/**
 * Catalogue size from which `createIndex` picks HNSW instead of exact search. Below it, exact
 * search has perfect recall and no build step, and one query over 20,000 vectors at d = 64
 * took 1.7 to 2.1 ms (p50, bench/index-search.ts on 2 shared cores, see docs/benchmarks.md). HNSW would add
 * seconds of build time and memory for a recall below 1.
 */
export const DEFAULT_EXACT_THRESHOLD = 20_000;

export interface CreateIndexOptions {
  /** Vector length d. */
  dimension: number;
  /** Number of vectors the caller plans to add; picks the kind and the initial capacity. Default 0. */
  expectedSize?: number;
  /** 'exact' below this expected size, 'hnsw' at or above it. Default DEFAULT_EXACT_THRESHOLD. */
  exactThreshold?: number;
  /** Forces a kind instead of choosing by size. Default 'auto'. */
  kind?: IndexKind | 'auto';
  /** HNSW graph parameters; missing fields take DEFAULT_HNSW_PARAMS. Ignored by the exact index. */
  hnsw?: Partial<HnswParams>;
  /** Seed of the HNSW level generator. Default DEFAULT_INDEX_SEED. */
  seed?: number;
}

const createOptionsSchema = z.object({
  dimension: z.number().int().positive().max(65_536),
  expectedSize: z.number().int().nonnegative().default(0),
  exactThreshold: z.number().int().nonnegative().default(DEFAULT_EXACT_THRESHOLD),
  kind: z.enum(['auto', 'exact', 'hnsw']).default('auto'),
  hnsw: z.record(z.string(), z.unknown()).optional(),
  seed: z.number().int().min(0).max(0xffffffff).default(DEFAULT_INDEX_SEED),
});

/** Returns 'exact' when `expectedSize` is below `exactThreshold`, else 'hnsw'. */
export function chooseIndexKind(expectedSize: number, exactThreshold = DEFAULT_EXACT_THRESHOLD): IndexKind {
  return expectedSize < exactThreshold ? 'exact' : 'hnsw';
}

/**
 * Creates an empty index: exact below the catalogue-size threshold, HNSW at or above it, unless
 * `kind` forces one. Throws `INDEX_INVALID_ARGUMENT` naming the first invalid option.
 */
export function createIndex(options: CreateIndexOptions): VectorIndex {
  const parsed = createOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `invalid index option ${issue.path.join('.') || '(options)'}: ${issue.message}`,
    );
  }
  const { dimension, expectedSize, exactThreshold, kind, seed } = parsed.data;

  const chosen = kind === 'auto' ? chooseIndexKind(expectedSize, exactThreshold) : kind;
  if (chosen === 'exact') return new ExactIndex(dimension, Math.max(expectedSize, 1));
  return new HnswIndex(dimension, { params: options.hnsw, seed, initialCapacity: expectedSize });
}

/**
 * Loads an index saved by `VectorIndex.save`, choosing the implementation from the manifest.
 * Verifies the manifest, file lengths and checksums (`INDEX_NOT_FOUND`, `INDEX_CORRUPT`,
 * `INDEX_FORMAT_UNSUPPORTED`). When `expected.dimension` is given, rejects an index of another
 * dimension with `INDEX_DIMENSION_MISMATCH`.
 */
export async function loadIndex(dir: string, expected: { dimension?: number } = {}): Promise<VectorIndex> {
  const manifest = await readVerifiedManifest(dir);
  if (expected.dimension !== undefined && manifest.dimension !== expected.dimension) {
    throw new VectorIndexError(
      'INDEX_DIMENSION_MISMATCH',
      `index at ${dir} has dimension ${manifest.dimension} but the model produces ${expected.dimension}; rebuild the index from this model's article embeddings`,
    );
  }
  return manifest.kind === 'exact' ? ExactIndex.load(dir, manifest) : HnswIndex.load(dir, manifest);
}
