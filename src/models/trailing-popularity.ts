import { ModelError } from './errors.js';

/** Events a sweep pointer scans one by one before it switches to a binary search. */
const LINEAR_SCAN = 16;

/**
 * Per-article interaction times, for "how many interactions did article a get in the window
 * [t - windowMs, t)": the trailing popularity input of the time term. Only events strictly
 * before t count, so at a training event's own time the event itself is not counted.
 */
export class TrailingPopularity {
  /** [articles + 1] start of each article's times in `times`. */
  private readonly offsets: Int32Array;
  /** Event times (ms) grouped by article, ascending within each article. */
  private readonly times: Float64Array;

  private constructor(
    readonly windowMs: number,
    offsets: Int32Array,
    times: Float64Array,
  ) {
    this.offsets = offsets;
    this.times = times;
  }

  /**
   * Builds the index from parallel arrays of article codes [n] and event times [n] (ms); codes
   * must be in [0, articleCount). Rows need not be sorted.
   */
  static build(articleCount: number, articles: Int32Array, timestamps: Float64Array, windowMs: number): TrailingPopularity {
    if (!(windowMs > 0)) {
      throw new ModelError('MODEL_INVALID_CONFIG', `Trailing popularity window must be > 0 ms, got ${windowMs}.`);
    }
    const offsets = new Int32Array(articleCount + 1);
    for (let i = 0; i < articles.length; i++) {
      const code = articles[i];
      if (!(code >= 0 && code < articleCount)) {
        throw new ModelError('MODEL_INVALID_DATA', `Article code ${code} at row ${i} is outside [0, ${articleCount}).`);
      }
      offsets[code + 1]++;
    }
    for (let a = 0; a < articleCount; a++) offsets[a + 1] += offsets[a];
    const fill = offsets.slice(0, articleCount);
    const times = new Float64Array(articles.length);
    for (let i = 0; i < articles.length; i++) times[fill[articles[i]]++] = timestamps[i];
    for (let a = 0; a < articleCount; a++) times.subarray(offsets[a], offsets[a + 1]).sort();
    return new TrailingPopularity(windowMs, offsets, times);
  }

  get articleCount(): number {
    return this.offsets.length - 1;
  }

  /** Interactions of `article` in [time - windowMs, time); 0 for a code outside the index. */
  countAt(article: number, time: number): number {
    if (!(article >= 0 && article < this.offsets.length - 1)) return 0;
    const start = this.offsets[article];
    const end = this.offsets[article + 1];
    if (start === end) return 0;
    return this.lowerBound(start, end, time) - this.lowerBound(start, end, time - this.windowMs);
  }

  /**
   * Writes countAt(article, sortedTimes[k]) into out[k] for ascending `sortedTimes` [n], in
   * one sweep: the window's start and end only move forward as the time grows, so each
   * pointer advances by a short linear scan, or by a binary search over the rest of the
   * article's times when the gap is long. Costs O(n) plus a binary search per long gap,
   * instead of two binary searches per time.
   */
  countsAtSortedTimes(article: number, sortedTimes: Float64Array, out: Int32Array): Int32Array {
    const n = sortedTimes.length;
    if (!(article >= 0 && article < this.offsets.length - 1)) return out.fill(0, 0, n);
    const first = this.offsets[article];
    const end = this.offsets[article + 1];
    const times = this.times;
    const windowMs = this.windowMs;
    let start = first;
    let stop = first;
    for (let k = 0; k < n; k++) {
      const time = sortedTimes[k];
      // Most steps move a pointer by a few events; a binary search pays off only for long gaps.
      let limit = Math.min(end, stop + LINEAR_SCAN);
      while (stop < limit && times[stop] < time) stop++;
      if (stop === limit && stop < end && times[stop] < time) stop = this.lowerBound(stop, end, time);

      const windowStart = time - windowMs;
      limit = Math.min(stop, start + LINEAR_SCAN);
      while (start < limit && times[start] < windowStart) start++;
      if (start === limit && start < stop && times[start] < windowStart) start = this.lowerBound(start, stop, windowStart);
      out[k] = stop - start;
    }
    return out;
  }

  /** Counts of every article code at `time` [articleCount]. */
  countsAt(time: number): Float64Array {
    const out = new Float64Array(this.articleCount);
    for (let a = 0; a < out.length; a++) out[a] = this.countAt(a, time);
    return out;
  }

  /** First index in times[start, end) whose value is >= target. */
  private lowerBound(start: number, end: number, target: number): number {
    let low = start;
    let high = end;
    const times = this.times;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (times[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
