import type { InteractionTable } from '../data/types.js';

/**
 * Copies the given rows (in the given order) into a new table that shares the dictionaries
 * (`userIds`, `articleIds`) of `table`, so codes mean the same in both.
 */
export function takeRows(table: InteractionTable, rows: ArrayLike<number>): InteractionTable {
  const n = rows.length;
  const out: InteractionTable = {
    size: n,
    userIds: table.userIds,
    articleIds: table.articleIds,
    user: new Int32Array(n),
    article: new Int32Array(n),
    timestamp: new Float64Array(n),
    click: new Int8Array(n),
    readTime: new Float32Array(n),
    like: new Int8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    out.user[i] = table.user[row];
    out.article[i] = table.article[row];
    out.timestamp[i] = table.timestamp[row];
    out.click[i] = table.click[row];
    out.readTime[i] = table.readTime[row];
    out.like[i] = table.like[row];
  }
  return out;
}

/** Copies rows [start, end) into a new table sharing the dictionaries of `table`. */
export function sliceRows(table: InteractionTable, start: number, end: number): InteractionTable {
  return {
    size: end - start,
    userIds: table.userIds,
    articleIds: table.articleIds,
    user: table.user.slice(start, end),
    article: table.article.slice(start, end),
    timestamp: table.timestamp.slice(start, end),
    click: table.click.slice(start, end),
    readTime: table.readTime.slice(start, end),
    like: table.like.slice(start, end),
  };
}

/** Checks whether the rows are in non-decreasing timestamp order, as the table contract requires. */
export function isSortedByTime(table: InteractionTable): boolean {
  for (let row = 1; row < table.size; row++) {
    if (table.timestamp[row] < table.timestamp[row - 1]) return false;
  }
  return true;
}

/** Row indices in timestamp order, ties kept in row order (a stable argsort). */
export function timeOrder(table: InteractionTable): Int32Array {
  const order = Int32Array.from({ length: table.size }, (_, i) => i);
  if (isSortedByTime(table)) return order;
  return order.sort((a, b) => table.timestamp[a] - table.timestamp[b] || a - b);
}

/** First index whose value is >= target in a non-decreasing array (values.length when none is). */
export function lowerBound(values: Float64Array, target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
