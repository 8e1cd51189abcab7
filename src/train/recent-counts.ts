import type { InteractionTable } from '../data/types.js';
import { lowerBound } from '../features/table-rows.js';

/**
 * Positive interactions per article code in the trailing window [time - windowMs, time) among the
 * rows a request carries after the cutoff (ScoringRequest.recent). They add to the training
 * counts of TrailingPopularity, which hold only rows before the cutoff, so no event counts twice.
 *
 * One [articleCount] array is reused across requests: `count` touches only the codes in the
 * window and `clear` resets exactly those, so a request costs O(rows in the window).
 */
export class RecentCounts {
  /** [articleCount] positives per article code in the current window. */
  readonly counts: Int32Array;
  private readonly touched: number[] = [];

  constructor(
    articleCount: number,
    readonly windowMs: number,
  ) {
    this.counts = new Int32Array(articleCount);
  }

  /**
   * Counts the positive rows (click != 0) of `recent` with timestamp in [time - windowMs, time)
   * and returns `counts`. `recent` must be sorted by time. Codes outside [0, articleCount) are
   * articles the model never indexed and are skipped. Call `clear` before the next request.
   */
  count(recent: InteractionTable, time: number): Int32Array {
    const counts = this.counts;
    const first = lowerBound(recent.timestamp, time - this.windowMs);
    for (let row = first; row < recent.size; row++) {
      if (recent.timestamp[row] >= time) break;
      if (recent.click[row] === 0) continue;
      const code = recent.article[row];
      if (!(code >= 0 && code < counts.length)) continue;
      if (counts[code] === 0) this.touched.push(code);
      counts[code]++;
    }
    return counts;
  }

  /** Resets the codes the last `count` touched to 0. */
  clear(): void {
    for (const code of this.touched) this.counts[code] = 0;
    this.touched.length = 0;
  }
}
