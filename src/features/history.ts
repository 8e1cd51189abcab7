import type { InteractionTable } from '../data/types.js';
import { FeatureError } from './errors.js';
import { isSortedByTime, lowerBound, timeOrder } from './table-rows.js';

/** Padding value in `Histories.items` after a row's `lengths[row]` entries. */
export const HISTORY_PADDING = -1;

export interface HistoryOptions {
  /** N: the most recent articles kept per row, an integer >= 1. */
  length: number;
  /**
   * Leave rows with click = 0 (shown, not clicked) out of the history. Default true, because
   * an article the user scrolled past is weak evidence of what they want next. Rows with an
   * unknown click (MISSING_FLAG) count as interactions.
   */
  skipUnclicked?: boolean;
}

/** Per-row histories in one flat buffer. */
export interface Histories {
  /** N, the number of slots per row. */
  length: number;
  /**
   * [size x N] row-major article codes. Row r contains the user's last lengths[r] articles
   * strictly before timestamp[r], oldest first, followed by HISTORY_PADDING (-1).
   */
  items: Int32Array;
  /** [size] number of real entries in each row, in [0, N]. */
  lengths: Int32Array;
}

/**
 * Computes, for every interaction row, the user's last N article codes strictly before that
 * row's timestamp. Events at the same timestamp as the row are not history, even the user's
 * own earlier rows at that instant, because their order within one timestamp is unknown.
 *
 * One pass in time order with a ring buffer of N slots per user: O(size * N) time and
 * O(users * N + size * N) memory (1M rows at N = 50 is 200 MB for `items`). A table out of time
 * order is processed through a stable argsort; results are still indexed by the input row.
 * An article the user read twice appears twice.
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS when length is not an integer >= 1.
 */
export function buildHistories(table: InteractionTable, options: HistoryOptions): Histories {
  const n = checkLength(options.length);
  const skipUnclicked = options.skipUnclicked ?? true;
  const userCount = table.userIds.length;

  const ring = new Int32Array(userCount * n);
  const next = new Int32Array(userCount); // slot the user's next event goes to
  const filled = new Int32Array(userCount); // events in the ring, at most n
  const items = new Int32Array(table.size * n).fill(HISTORY_PADDING);
  const lengths = new Int32Array(table.size);
  const order = timeOrder(table);

  let groupStart = 0;
  while (groupStart < order.length) {
    // Rows sharing one timestamp: read every history first, then record the events, so no
    // row's history contains an event of the same instant.
    const time = table.timestamp[order[groupStart]];
    let groupEnd = groupStart;
    while (groupEnd < order.length && table.timestamp[order[groupEnd]] === time) groupEnd++;

    for (let i = groupStart; i < groupEnd; i++) {
      const row = order[i];
      const user = table.user[row];
      const count = filled[user];
      const oldest = (next[user] - count + n) % n;
      for (let k = 0; k < count; k++) items[row * n + k] = ring[user * n + ((oldest + k) % n)];
      lengths[row] = count;
    }

    for (let i = groupStart; i < groupEnd; i++) {
      const row = order[i];
      if (skipUnclicked && table.click[row] === 0) continue;
      const user = table.user[row];
      ring[user * n + next[user]] = table.article[row];
      next[user] = (next[user] + 1) % n;
      if (filled[user] < n) filled[user]++;
    }
    groupStart = groupEnd;
  }
  return { length: n, items, lengths };
}

/**
 * Computes, for every interaction row, the user's last N articles of the whole table, leaving
 * out the row itself: "leave-one-out" histories. A random-split test queries with the user's
 * latest N training events, and its test event can sit anywhere in the user's timeline. These
 * histories train on that kind of query, whereas `buildHistories` gives each row only the
 * events before it. Use them for random splits only, because on a time split they would show
 * a training row events from its future, unlike any request at serving time.
 *
 * Ties in time keep the table's row order. O(size * N) time, O(users * N + size * N) memory.
 * Throws FeatureError FEATURES_INVALID_OPTIONS when length is not an integer >= 1.
 */
export function buildLeaveOneOutHistories(table: InteractionTable, options: HistoryOptions): Histories {
  const n = checkLength(options.length);
  const skipUnclicked = options.skipUnclicked ?? true;
  const userCount = table.userIds.length;
  const counts = (row: number) => !(skipUnclicked && table.click[row] === 0);

  // Each user's last N + 1 counted rows, newest first: N for every other row, plus one spare
  // for a row that is itself among the last N.
  const slots = n + 1;
  const tail = new Int32Array(userCount * slots);
  const tailLength = new Int32Array(userCount);
  const order = timeOrder(table);
  for (let i = order.length - 1; i >= 0; i--) {
    const row = order[i];
    const user = table.user[row];
    if (!counts(row) || tailLength[user] === slots) continue;
    tail[user * slots + tailLength[user]] = row;
    tailLength[user]++;
  }

  const items = new Int32Array(table.size * n).fill(HISTORY_PADDING);
  const lengths = new Int32Array(table.size);
  const newestFirst = new Int32Array(n);
  for (let row = 0; row < table.size; row++) {
    const user = table.user[row];
    let count = 0;
    for (let k = 0; k < tailLength[user] && count < n; k++) {
      const other = tail[user * slots + k];
      if (other !== row) newestFirst[count++] = table.article[other];
    }
    for (let k = 0; k < count; k++) items[row * n + k] = newestFirst[count - 1 - k];
    lengths[row] = count;
  }
  return { length: n, items, lengths };
}

/**
 * Returns the last `length` article codes of `user` strictly before `time` (ms), oldest first.
 * The result is shorter when the user has fewer events, and empty without earlier events.
 * Meant for a single request: it scans backwards from `time` through the time-sorted rows, so
 * its cost grows with the rows between the user's events (O(size) worst case, and always for
 * an unsorted table).
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS when length is not an integer >= 1.
 */
export function historyBefore(
  table: InteractionTable,
  user: number,
  time: number,
  length: number,
  options: Pick<HistoryOptions, 'skipUnclicked'> = {},
): Int32Array {
  const n = checkLength(length);
  const skipUnclicked = options.skipUnclicked ?? true;
  const counts = (row: number) => table.user[row] === user && !(skipUnclicked && table.click[row] === 0);

  const newestFirst: number[] = [];
  if (isSortedByTime(table)) {
    for (let row = lowerBound(table.timestamp, time) - 1; row >= 0 && newestFirst.length < n; row--) {
      if (counts(row)) newestFirst.push(table.article[row]);
    }
  } else {
    const order = timeOrder(table);
    for (let i = order.length - 1; i >= 0 && newestFirst.length < n; i--) {
      const row = order[i];
      if (table.timestamp[row] < time && counts(row)) newestFirst.push(table.article[row]);
    }
  }
  return Int32Array.from(newestFirst.reverse());
}

function checkLength(length: number): number {
  if (!Number.isInteger(length) || length < 1) {
    throw new FeatureError('FEATURES_INVALID_OPTIONS', `History length must be an integer >= 1, got ${length}.`, { length });
  }
  return length;
}
