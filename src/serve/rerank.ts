import type { Candidate } from './retrieve.js';

export interface RerankOptions {
  /** Items to select. */
  k: number;
  /** MMR trade-off in [0, 1]: 1 keeps the relevance order, lower values favour dissimilar items. */
  lambda: number;
  /**
   * Penalty in units of the pool's score range (max − min), times log(1 + count) / log(1 + the
   * pool's max count): 0 turns it off, 1 can move the most popular top item to the bottom.
   */
  popularityPenalty: number;
}

/**
 * Re-ranks `candidates` (relevance order) and returns the top k: a popularity penalty on
 * relevance, then maximal marginal relevance (MMR, Carbonell and Goldstein 1998). Each step
 * picks the candidate maximising
 *
 *   lambda × relevance(i) − (1 − lambda) × max over selected j of cosine(v_i, v_j)
 *
 * where relevance is the penalised score min-max scaled to [0, 1] over the pool, so both
 * terms share a scale. `vectorOf` returns a candidate's [dimension] embedding. Ties keep the
 * input order. Cost: k × pool cosines of `dimension` each.
 */
export function rerank(
  candidates: readonly Candidate[],
  vectorOf: (articleId: string) => Float32Array | null,
  options: RerankOptions,
): Candidate[] {
  const { k, lambda, popularityPenalty } = options;
  if (candidates.length === 0 || k <= 0) return [];
  const relevance = penalisedRelevance(candidates, popularityPenalty);
  if (lambda >= 1 && popularityPenalty === 0) return candidates.slice(0, k);

  const vectors = candidates.map((candidate) => normalized(vectorOf(candidate.articleId)));
  // Largest cosine between each candidate and the items selected so far; -1 before any pick.
  const maxSimilarity = new Float64Array(candidates.length).fill(-1);
  const taken = new Uint8Array(candidates.length);
  const selected: Candidate[] = [];

  while (selected.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      if (taken[i] === 1) continue;
      const redundancy = selected.length === 0 ? 0 : maxSimilarity[i];
      const value = lambda * relevance[i] - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }

    taken[best] = 1;
    selected.push(candidates[best]);
    const picked = vectors[best];
    for (let i = 0; i < candidates.length; i++) {
      if (taken[i] === 0) maxSimilarity[i] = Math.max(maxSimilarity[i], cosine(vectors[i], picked));
    }
  }
  return selected;
}

/** Relevance in [0, 1] after the popularity penalty; all 1 when every score is equal. */
function penalisedRelevance(candidates: readonly Candidate[], penalty: number): Float64Array {
  const maxCount = Math.max(0, ...candidates.map((candidate) => candidate.trailingCount));
  const range = scoreRange(candidates);
  const scores = candidates.map((candidate) => {
    const popularity = maxCount === 0 ? 0 : Math.log1p(candidate.trailingCount) / Math.log1p(maxCount);
    return candidate.score - penalty * popularity * range;
  });
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  return Float64Array.from(scores, (score) => (high === low ? 1 : (score - low) / (high - low)));
}

/** Spread of the raw scores, so the penalty is relative to the pool (1 when all are equal). */
function scoreRange(candidates: readonly Candidate[]): number {
  let low = Infinity;
  let high = -Infinity;
  for (const { score } of candidates) {
    low = Math.min(low, score);
    high = Math.max(high, score);
  }
  return high > low ? high - low : 1;
}

/** Unit-length copy, or null for a missing or zero vector (cosine 0 with everything). */
function normalized(vector: Float32Array | null): Float32Array | null {
  if (vector === null) return null;
  let squared = 0;
  for (const value of vector) squared += value * value;
  if (squared === 0) return null;
  const scale = 1 / Math.sqrt(squared);
  return vector.map((value) => value * scale);
}

function cosine(a: Float32Array | null, b: Float32Array | null): number {
  if (a === null || b === null) return 0;
  let dot = 0;
  for (let j = 0; j < a.length; j++) dot += a[j] * b[j];
  return dot;
}
