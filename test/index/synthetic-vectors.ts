import { Rng } from '../../src/tensor/random.js';

/**
 * Seeded synthetic embeddings for index tests and benchmarks: Gaussian clusters, which look more
 * like trained article embeddings (topics) than uniform noise and are harder for HNSW, because
 * near-ties inside a cluster are common.
 */
export interface ClusteredVectorOptions {
  count: number;
  dimension: number;
  /** Number of cluster centres; each vector picks one uniformly. */
  clusters: number;
  /** Standard deviation of a vector around its centre; centres have unit standard deviation per component. */
  spread: number;
  seed: number;
  /** Scale each vector to unit L2 norm (inner product = cosine). Default false. */
  normalize?: boolean;
}

/** Returns [count × dimension] row-major vectors. The same options always give the same vectors. */
export function clusteredVectors(options: ClusteredVectorOptions): Float32Array {
  const { count, dimension, clusters, spread, seed } = options;
  const rng = new Rng(seed);
  // The centres are the first draws of the stream, so `clusteredQueries` can regenerate them.
  const centres = rng.fillNormal(new Float32Array(clusters * dimension));
  return drawAroundCentres(centres, options, rng);
}

/**
 * Returns [count × dimension] query vectors around the SAME centres as `clusteredVectors(base)`,
 * drawn from a separate stream seeded by `querySeed`, so queries resemble but never equal the
 * catalogue vectors.
 */
export function clusteredQueries(base: ClusteredVectorOptions, count: number, querySeed: number): Float32Array {
  const centres = new Rng(base.seed).fillNormal(new Float32Array(base.clusters * base.dimension));
  return drawAroundCentres(centres, { ...base, count }, new Rng(querySeed));
}

function drawAroundCentres(centres: Float32Array, options: ClusteredVectorOptions, rng: Rng): Float32Array {
  const { count, dimension, clusters, spread } = options;
  const vectors = new Float32Array(count * dimension);
  for (let row = 0; row < count; row++) {
    const centre = rng.nextInt(clusters) * dimension;
    const offset = row * dimension;
    let squaredNorm = 0;
    for (let j = 0; j < dimension; j++) {
      const value = centres[centre + j] + spread * rng.nextNormal();
      vectors[offset + j] = value;
      squaredNorm += value * value;
    }
    if (options.normalize && squaredNorm > 0) {
      const scale = 1 / Math.sqrt(squaredNorm);
      for (let j = 0; j < dimension; j++) vectors[offset + j] *= scale;
    }
  }
  return vectors;
}

/** Ids "a0", "a1", … for `count` rows. */
export function syntheticIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `a${i}`);
}
