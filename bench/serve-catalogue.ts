/**
 * Synthetic catalogues for the serving benchmark. The article embeddings are seeded clusters
 * (the same generator and options as bench/index-search.ts). The HNSW index over them is built
 * once and cached under bench/.cache/. The ServingModel's query is the mean of the user's history.
 *
 * Build the cached 1,000,000-article index ahead of a benchmark run (about 17 minutes of wall
 * time on 2 shared cores, 8 minutes of CPU):
 *
 *   npx tsx bench/serve-catalogue.ts --size 1000000
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import type { Article } from '../src/data/types.js';
import { HnswIndex } from '../src/index/hnsw-index.js';
import { loadIndex } from '../src/index/create-index.js';
import type { VectorIndex } from '../src/index/vector-index.js';
import { Rng } from '../src/tensor/random.js';
import type { ServingModel } from '../src/models/serving-model.js';
import { type ClusteredVectorOptions, clusteredQueries, clusteredVectors, syntheticIds } from '../test/index/synthetic-vectors.js';

export const CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '.cache');

/** Catalogue options: about sqrt(count) topics, each vector a noisy copy of its topic centre. */
export function catalogueOptions(count: number, dimension: number, seed: number): ClusteredVectorOptions {
  return { count, dimension, clusters: Math.max(10, Math.round(Math.sqrt(count))), spread: 0.5, seed };
}

export interface SyntheticCatalogue {
  options: ClusteredVectorOptions;
  ids: string[];
  /** [count × dimension] row-major. */
  vectors: Float32Array;
}

export function syntheticCatalogue(count: number, dimension: number, seed: number): SyntheticCatalogue {
  const options = catalogueOptions(count, dimension, seed);
  return { options, ids: syntheticIds(count), vectors: clusteredVectors(options) };
}

/**
 * Cluster (topic) of every catalogue row, by replaying the random draws of `clusteredVectors`
 * (test/index/synthetic-vectors.ts): the centres first, then per row one `nextInt(clusters)`
 * and `dimension` normal draws. Checks the replay against the stored vectors, so a change to
 * the generator fails loudly instead of giving wrong topics.
 */
export function clusterOfRows(catalogue: SyntheticCatalogue): Int32Array {
  const { count, dimension, clusters, spread, seed } = catalogue.options;
  const rng = new Rng(seed);
  const centres = rng.fillNormal(new Float32Array(clusters * dimension));
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    labels[row] = rng.nextInt(clusters);
    for (let j = 0; j < dimension; j++) {
      const value = Math.fround(centres[labels[row] * dimension + j] + spread * rng.nextNormal());
      if (row < 100 && value !== catalogue.vectors[row * dimension + j]) {
        throw new Error(`cluster replay differs from clusteredVectors at row ${row}; update clusterOfRows to match the generator`);
      }
    }
  }
  return labels;
}

/** [count × dimension] query-like vectors around the catalogue's centres (separate seed). */
export function syntheticQueries(catalogue: SyntheticCatalogue, count: number): Float32Array {
  return clusteredQueries(catalogue.options, count, catalogue.options.seed + 1);
}

/** Cache folder of the HNSW index for one catalogue; the name carries every generator option. */
export function hnswCacheDir(options: ClusteredVectorOptions): string {
  return path.join(CACHE_DIR, `serve-hnsw-n${options.count}-d${options.dimension}-c${options.clusters}-s${options.seed}`);
}

/**
 * Loads the cached HNSW index of `catalogue`, or builds and saves it when absent. The cache key
 * is the generator options, so a different size or seed never reuses a wrong graph.
 */
export async function loadOrBuildHnsw(catalogue: SyntheticCatalogue): Promise<{ index: VectorIndex; buildMs: number | null; cached: boolean }> {
  const dir = hnswCacheDir(catalogue.options);
  if (existsSync(path.join(dir, 'manifest.json'))) {
    const index = await loadIndex(dir, { dimension: catalogue.options.dimension });
    return { index, buildMs: null, cached: true };
  }
  const index = new HnswIndex(catalogue.options.dimension, { seed: catalogue.options.seed, initialCapacity: catalogue.ids.length });
  const started = performance.now();
  index.build(catalogue.ids, catalogue.vectors);
  const buildMs = performance.now() - started;
  await index.save(dir);
  return { index, buildMs, cached: false };
}

/**
 * A ServingModel over a synthetic catalogue: the query is the mean of the history's vectors,
 * so the benchmark measures the service, not a model. A user without indexed history gets
 * null (cold start), as the interface requires.
 */
export class SyntheticServingModel implements ServingModel {
  readonly dimension: number;
  readonly articleIds: readonly string[];
  readonly candidateEmbeddings: Float32Array;
  private readonly rowOf: Map<string, number>;

  constructor(
    catalogue: SyntheticCatalogue,
    readonly version: string,
  ) {
    this.dimension = catalogue.options.dimension;
    this.articleIds = catalogue.ids;
    this.candidateEmbeddings = catalogue.vectors;
    this.rowOf = new Map(catalogue.ids.map((id, row) => [id, row]));
  }

  embedQuery(_userId: string, history: readonly string[]): Float32Array | null {
    const d = this.dimension;
    const query = new Float32Array(d);
    let used = 0;
    for (const id of history) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      for (let j = 0; j < d; j++) query[j] += this.candidateEmbeddings[row * d + j];
      used += 1;
    }
    if (used === 0) return null;
    for (let j = 0; j < d; j++) query[j] /= used;
    return query;
  }

  embedArticle(article: Article): Float32Array {
    const row = this.rowOf.get(article.articleId);
    if (row !== undefined) return this.candidateEmbeddings.slice(row * this.dimension, (row + 1) * this.dimension);
    return new Float32Array(this.dimension);
  }

  timeTerm(): number {
    return 0;
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '1000000' },
      dimension: { type: 'string', default: '64' },
      seed: { type: 'string', default: '42' },
    },
  });
  const catalogue = syntheticCatalogue(Number(values.size), Number(values.dimension), Number(values.seed));
  const { buildMs, cached } = await loadOrBuildHnsw(catalogue);
  process.stdout.write(`${JSON.stringify({ benchmark: 'serve-catalogue', dir: hnswCacheDir(catalogue.options), cached, buildMs })}\n`);
}
