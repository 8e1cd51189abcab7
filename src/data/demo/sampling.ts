import type { Rng } from '../../tensor/random.js';

/** Draws an index with probability proportional to `weights[index]`; weights must not all be 0. */
export function weightedIndex(rng: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let target = rng.nextFloat() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  // Rounding can leave target at a tiny positive value: fall back to the last non-zero weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}

/**
 * Draws an index in [start, end) given running sums `cumulative[start..end)` that begin at the
 * weight of `start` (non-decreasing, cumulative[end - 1] > 0), by binary search. O(log n).
 */
export function sampleCumulative(rng: Rng, cumulative: Float64Array, start: number, end: number): number {
  const target = rng.nextFloat() * cumulative[end - 1];
  let low = start;
  let high = end - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Log-normal sample: exp(mu + sigma * N(0, 1)). */
export function logNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * rng.nextNormal());
}

/**
 * Poisson sample with mean `lambda`. Exact (Knuth's product of uniforms) below 30, and a
 * rounded normal approximation above, which is close enough for session counts.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda >= 30) {
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextNormal()));
  }
  const limit = Math.exp(-lambda);
  let product = rng.nextFloat();
  let count = 0;
  while (product > limit) {
    count++;
    product *= rng.nextFloat();
  }
  return count;
}

/** Uniform float in [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.nextFloat();
}
