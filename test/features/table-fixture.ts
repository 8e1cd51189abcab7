import { type InteractionTable, MISSING_FLAG } from '../../src/data/types.js';

/** One hand-written interaction: raw ids, time in ms, and an optional click flag (default 1). */
export interface RowSpec {
  user: string;
  article: string;
  time: number;
  click?: number;
}

/**
 * Builds an InteractionTable from rows in the given order (not re-sorted, so tests can pass
 * unsorted input on purpose). Codes are assigned in order of first appearance.
 */
export function makeTable(rows: readonly RowSpec[]): InteractionTable {
  const userIds: string[] = [];
  const articleIds: string[] = [];
  const code = (ids: string[], id: string) => {
    const index = ids.indexOf(id);
    if (index !== -1) return index;
    ids.push(id);
    return ids.length - 1;
  };
  const n = rows.length;
  const table: InteractionTable = {
    size: n,
    userIds,
    articleIds,
    user: new Int32Array(n),
    article: new Int32Array(n),
    timestamp: new Float64Array(n),
    click: new Int8Array(n),
    readTime: new Float32Array(n).fill(NaN),
    like: new Int8Array(n).fill(MISSING_FLAG),
  };
  rows.forEach((row, i) => {
    table.user[i] = code(userIds, row.user);
    table.article[i] = code(articleIds, row.article);
    table.timestamp[i] = row.time;
    table.click[i] = row.click ?? 1;
  });
  return table;
}

/** Raw (user, article, time) triples of a table, for readable assertions. */
export function rowsOf(table: InteractionTable): [string, string, number][] {
  return Array.from({ length: table.size }, (_, i) => [
    table.userIds[table.user[i]],
    table.articleIds[table.article[i]],
    table.timestamp[i],
  ]);
}
