import type { ArticleFilter } from '../article-mask.js';
import type { CandidateSet } from '../candidate-set.js';

/** Share of training interactions that the head (the most-read articles) covers. */
export const DEFAULT_HEAD_SHARE = 0.8;

/**
 * Gini coefficient of exposure over the catalogue: each catalogue article's exposure is the
 * number of lists it appears in (never-recommended articles count with 0). 0 means every
 * article is shown equally often; it approaches 1 when a few articles take all the slots.
 * G = Σ_i (2i - n - 1) x_i / (n Σ x) with x sorted ascending, i = 1..n.
 * Articles outside the catalogue are ignored. NaN when nothing from the catalogue was recommended.
 */
export function exposureGini(lists: readonly ArrayLike<number>[], catalogue: CandidateSet): number {
  const exposure = new Float64Array(catalogue.size);
  let total = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const index = catalogue.indexOf(list[i]);
      if (index === -1) continue;
      exposure[index]++;
      total++;
    }
  }
  if (total === 0) return NaN;

  exposure.sort();
  const n = exposure.length;
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (2 * (i + 1) - n - 1) * exposure[i];
  return weighted / (n * total);
}

/**
 * Returns the head: the fewest most-read articles that together make at least `headShare` of
 * all training interactions. Articles are taken by count descending, ties by lower code first.
 * Every other article, including those never read in training, is in the long tail.
 *
 * @param popularity [dictionary size] training interaction count per article code.
 */
export function headArticles(popularity: ArrayLike<number>, headShare: number = DEFAULT_HEAD_SHARE): Set<number> {
  if (!(headShare > 0 && headShare <= 1)) {
    throw new RangeError(`headShare ${headShare} is invalid; use a share in (0, 1].`);
  }
  let total = 0;
  const read: number[] = [];
  for (let article = 0; article < popularity.length; article++) {
    if (popularity[article] <= 0) continue;
    total += popularity[article];
    read.push(article);
  }
  read.sort((a, b) => popularity[b] - popularity[a] || a - b);

  const head = new Set<number>();
  let covered = 0;
  for (const article of read) {
    if (covered >= headShare * total) break;
    head.add(article);
    covered += popularity[article];
  }
  return head;
}

/** Returns the share of recommended slots filled by long-tail (non-head) articles; NaN for no slots. */
export function longTailShare(lists: readonly ArrayLike<number>[], head: ArticleFilter): number {
  let slots = 0;
  let tail = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      slots++;
      if (!head.has(list[i])) tail++;
    }
  }
  return tail / slots;
}
