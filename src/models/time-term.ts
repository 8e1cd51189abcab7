import type { DenseParameter } from '../tensor/dense.js';
import type { TimeTermConfig } from './two-tower-config.js';

const HOUR_MS = 3_600_000;

/** Age bucket of an article whose publication time is unknown. */
export const AGE_UNKNOWN = 0;
/** Age bucket of an article published after the request (a candidate that did not exist yet). */
export const AGE_NOT_PUBLISHED = 1;

/**
 * Returns the age bucket of an article `ageMs` old: AGE_UNKNOWN for NaN, AGE_NOT_PUBLISHED for
 * a negative age, else 2 + floor(log2(1 + age in hours)), capped at buckets - 1.
 * So bucket 2 is the first hour, 3 is 1-3 h, 4 is 3-7 h, ... (doubling widths).
 */
export function ageBucket(ageMs: number, buckets: number): number {
  if (Number.isNaN(ageMs)) return AGE_UNKNOWN;
  if (ageMs < 0) return AGE_NOT_PUBLISHED;
  return Math.min(buckets - 1, 2 + Math.floor(Math.log2(1 + ageMs / HOUR_MS)));
}

/**
 * Returns an age (ms) below which every age at least as old as one in bucket `bucket` is still
 * in `bucket`, and Infinity for the last bucket. It sits a relative 1e-9 below the bucket's
 * true upper edge of 2^(bucket - 1) - 1 hours, far more than Math.log2's rounding error. So a
 * sweep over ascending ages calls `ageBucket` again only near an edge and gets the same buckets.
 */
export function ageBucketRecheckAge(bucket: number, buckets: number): number {
  if (bucket === AGE_UNKNOWN) return NaN;
  if (bucket === AGE_NOT_PUBLISHED) return 0;
  if (bucket >= buckets - 1) return Infinity;
  return (2 ** (bucket - 1) - 1) * HOUR_MS * (1 - 1e-9);
}

/** Returns floor(log2(1 + count)) capped at buckets - 1: 0, 1, 2-3, 4-7, ... interactions. */
export function popularityBucket(count: number, buckets: number): number {
  // For whole counts, floor(log2(1 + count)) is the index of the top bit of 1 + count.
  if (count >= 0 && count < 0x7fffffff && Number.isInteger(count)) return Math.min(buckets - 1, 31 - Math.clz32(1 + count));
  return Math.min(buckets - 1, Math.floor(Math.log2(1 + Math.max(0, count))));
}

/**
 * The freshness term: an additive article score learned from the article's age and its
 * trailing popularity at the request time, added to the dot product OUTSIDE it, so an ANN index
 * over candidate embeddings stays valid and the term is computed per request:
 *
 *   term(age, count) = joint[a, p] + age[a] + popularity[p]
 *
 * with a = ageBucket(age), p = popularityBucket(count). The marginal tables share strength across
 * sparse cells of the joint table. All parameters start at zero, so an untrained term is 0.
 */
export class TimeTerm {
  readonly joint: DenseParameter;
  readonly age: DenseParameter;
  readonly popularity: DenseParameter;

  constructor(readonly config: TimeTermConfig) {
    const { ageBuckets, popularityBuckets } = config;
    const parameter = (name: string, length: number): DenseParameter => ({
      name,
      value: new Float32Array(length),
      gradient: new Float32Array(length),
    });
    this.joint = parameter('timeTerm.joint', ageBuckets * popularityBuckets);
    this.age = parameter('timeTerm.age', ageBuckets);
    this.popularity = parameter('timeTerm.popularity', popularityBuckets);
  }

  get windowMs(): number {
    return this.config.windowHours * HOUR_MS;
  }

  parameters(): DenseParameter[] {
    return [this.joint, this.age, this.popularity];
  }

  /** Flat cell index a·P + p for an age (ms, NaN unknown) and a trailing count. */
  cell(ageMs: number, trailingCount: number): number {
    const { ageBuckets, popularityBuckets } = this.config;
    return ageBucket(ageMs, ageBuckets) * popularityBuckets + popularityBucket(trailingCount, popularityBuckets);
  }

  /** Value of the term for one cell. */
  valueOfCell(cell: number): number {
    const popularityBuckets = this.config.popularityBuckets;
    const a = Math.floor(cell / popularityBuckets);
    const p = cell - a * popularityBuckets;
    return this.joint.value[cell] + this.age.value[a] + this.popularity.value[p];
  }

  /** Value of the term for an article `ageMs` old (NaN unknown) with `trailingCount` recent interactions. */
  value(ageMs: number, trailingCount: number): number {
    return this.valueOfCell(this.cell(ageMs, trailingCount));
  }

  /** Writes the term of every cell in `cells` [n] into `out` [n]. */
  forward(cells: Int32Array, out: Float32Array): Float32Array {
    const table = this.tableOfCells();
    for (let k = 0; k < cells.length; k++) out[k] = table[cells[k]];
    return out;
  }

  /** Adds dLoss/dTerm [n] of the cells [n] to the three tables' gradients. */
  backward(cells: Int32Array, dTerm: Float32Array): void {
    const popularityBuckets = this.config.popularityBuckets;
    const cellGradient = new Float64Array(this.joint.value.length);
    for (let k = 0; k < cells.length; k++) cellGradient[cells[k]] += dTerm[k];
    for (let cell = 0; cell < cellGradient.length; cell++) {
      const g = cellGradient[cell];
      if (g === 0) continue;
      const a = Math.floor(cell / popularityBuckets);
      this.joint.gradient[cell] += g;
      this.age.gradient[a] += g;
      this.popularity.gradient[cell - a * popularityBuckets] += g;
    }
  }

  /** [ageBuckets x popularityBuckets] term of every cell. */
  tableOfCells(): Float32Array {
    const out = new Float32Array(this.joint.value.length);
    for (let cell = 0; cell < out.length; cell++) out[cell] = this.valueOfCell(cell);
    return out;
  }
}
