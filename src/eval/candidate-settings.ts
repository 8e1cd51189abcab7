import type { Article, InteractionTable } from '../data/types.js';
import { CandidateSet } from './candidate-set.js';

/**
 * The two candidate settings the evaluation runner supports.
 *
 * - warm: the articles that occur in the training rows. Every collaborative baseline can score
 *   them, and it is the setting most published numbers use.
 * - live: every article available at the request time, including articles first seen after
 *   the cutoff, which only content-aware models can score. This is what a news site serves.
 */
export type CandidateSetting = 'warm' | 'live';

/** Returns the articles that occur in at least one training row, in code order. */
export function warmCandidates(train: InteractionTable): CandidateSet {
  const seen = new Uint8Array(train.articleIds.length);
  for (let row = 0; row < train.size; row++) seen[train.article[row]] = 1;
  const codes: number[] = [];
  for (let article = 0; article < seen.length; article++) {
    if (seen[article] === 1) codes.push(article);
  }
  return CandidateSet.from(codes);
}

/**
 * Returns when each article became available, in ms since the epoch. That is its publish time
 * from the metadata, or its first interaction in any of `tables` when that is earlier or the
 * publish time is unknown. An article cannot be read before it exists, so an earlier click means
 * the metadata is wrong. NaN for an article with neither.
 *
 * @param articleIds the shared article dictionary (code -> raw id).
 * @returns [articleIds.length] availability time per article code.
 */
export function articleAvailability(
  articleIds: readonly string[],
  articles: ReadonlyMap<string, Article>,
  tables: readonly InteractionTable[],
): Float64Array {
  const available = new Float64Array(articleIds.length).fill(NaN);
  for (let article = 0; article < articleIds.length; article++) {
    const publishedAt = articles.get(articleIds[article])?.publishedAt;
    if (publishedAt !== null && publishedAt !== undefined) available[article] = publishedAt;
  }
  for (const table of tables) {
    for (let row = 0; row < table.size; row++) {
      const article = table.article[row];
      const time = table.timestamp[row];
      if (Number.isNaN(available[article]) || time < available[article]) available[article] = time;
    }
  }
  return available;
}

/**
 * The live setting's candidate sets: articles sorted by availability time so that the set
 * for a request is a prefix, found by binary search and shared without copying.
 */
export class LiveCandidates {
  private readonly all: CandidateSet;
  /** [all.size] availability time of each article in `all`, ascending. */
  private readonly times: Float64Array;

  /** @param availability [dictionary size] from `articleAvailability`; NaN entries are never candidates. */
  constructor(availability: Float64Array) {
    const codes: number[] = [];
    for (let article = 0; article < availability.length; article++) {
      if (!Number.isNaN(availability[article])) codes.push(article);
    }
    codes.sort((a, b) => availability[a] - availability[b] || a - b);
    this.all = CandidateSet.from(codes);
    this.times = Float64Array.from(codes, (article) => availability[article]);
  }

  /**
   * Returns the articles available at `time` (availability <= time, inclusive, so the article
   * whose first click is the request itself is a candidate), oldest first.
   */
  at(time: number): CandidateSet {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.times[middle] <= time) low = middle + 1;
      else high = middle;
    }
    return this.all.prefix(low);
  }
}
