import { MISSING_FLAG, type Article, type InteractionTable } from '../../src/data/types.js';
import type { EvaluationSplit } from '../../src/eval/split.js';
import { splitByTime } from '../../src/features/time-split.js';

export const HOUR = 3_600_000;

export interface FixtureRow {
  user: string;
  article: string;
  /** ms since the epoch */
  time: number;
  /** 1, 0 or MISSING_FLAG; MISSING_FLAG when omitted */
  click?: number;
}

/**
 * Builds an InteractionTable from readable rows (sorted by time, stable). Dictionaries list ids
 * in first-seen order unless `articleIds` / `userIds` fix them up front.
 */
export function buildTable(
  rows: readonly FixtureRow[],
  dictionaries: { articleIds?: string[]; userIds?: string[] } = {},
): InteractionTable {
  const articleIds = [...(dictionaries.articleIds ?? [])];
  const userIds = [...(dictionaries.userIds ?? [])];
  const articleCode = new Map(articleIds.map((id, code) => [id, code]));
  const userCode = new Map(userIds.map((id, code) => [id, code]));
  const intern = (map: Map<string, number>, ids: string[], id: string): number => {
    let code = map.get(id);
    if (code === undefined) {
      code = ids.length;
      ids.push(id);
      map.set(id, code);
    }
    return code;
  };

  const sorted = rows.map((row, index) => ({ row, index })).sort((a, b) => a.row.time - b.row.time || a.index - b.index);
  const size = sorted.length;
  const table: InteractionTable = {
    size,
    userIds,
    articleIds,
    user: new Int32Array(size),
    article: new Int32Array(size),
    timestamp: new Float64Array(size),
    click: new Int8Array(size),
    readTime: new Float32Array(size).fill(NaN),
    like: new Int8Array(size).fill(MISSING_FLAG),
  };
  sorted.forEach(({ row }, i) => {
    table.user[i] = intern(userCode, userIds, row.user);
    table.article[i] = intern(articleCode, articleIds, row.article);
    table.timestamp[i] = row.time;
    table.click[i] = row.click ?? MISSING_FLAG;
  });
  return table;
}

/** Splits a table at `cutoff` with the product's time split (train: time < cutoff). */
export function splitAt(table: InteractionTable, cutoff: number): EvaluationSplit {
  return splitByTime(table, { cutoff });
}

export function article(articleId: string, fields: Partial<Article> = {}): Article {
  return { articleId, title: articleId, text: '', category: null, tags: [], author: null, publishedAt: null, ...fields };
}

/** Looks up codes by raw id, failing loudly on a typo in a test. */
export function codesOf(table: InteractionTable, ids: readonly string[]): number[] {
  return ids.map((id) => {
    const code = table.articleIds.indexOf(id);
    if (code === -1) throw new Error(`fixture has no article "${id}"`);
    return code;
  });
}
