import type { InteractionTable } from '../data/types.js';
import { isSortedByTime, lowerBound, takeRows, timeOrder } from '../features/table-rows.js';

/**
 * The test rows as a feed of events that arrive after the cutoff: `before(time)` returns every
 * test row with timestamp < time, as `ScoringRequest.recent` carries it. The rows are put in
 * time order once, so each request costs one binary search and six typed-array views, not a copy.
 */
export class LiveFeed {
  private readonly rows: InteractionTable;

  /**
   * Keeps `test` as is when it is sorted by time, as the table contract and splitByTime ensure.
   * Otherwise copies it once into time order, with ties kept in row order.
   */
  constructor(test: InteractionTable) {
    this.rows = isSortedByTime(test) ? test : takeRows(test, timeOrder(test));
  }

  /** Test rows with timestamp strictly before `time` (ms), in time order; rows at `time` are left out. */
  before(time: number): InteractionTable {
    return rowPrefix(this.rows, lowerBound(this.rows.timestamp, time));
  }
}

/**
 * Rows [0, end) of `table` as views over its columns (no copy) sharing its dictionaries. Writing
 * into the result writes into `table`, so callers treat it as read-only.
 */
export function rowPrefix(table: InteractionTable, end: number): InteractionTable {
  return {
    size: end,
    userIds: table.userIds,
    articleIds: table.articleIds,
    user: table.user.subarray(0, end),
    article: table.article.subarray(0, end),
    timestamp: table.timestamp.subarray(0, end),
    click: table.click.subarray(0, end),
    readTime: table.readTime.subarray(0, end),
    like: table.like.subarray(0, end),
  };
}
