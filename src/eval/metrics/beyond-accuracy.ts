import type { CandidateSet } from '../candidate-set.js';
import { catalogueCoverage } from './coverage.js';
import { intraListDiversity, type IntraListDiversity } from './diversity.js';
import { exposureShares, type ExposureShares } from './exposure.js';
import { novelty } from './novelty.js';
import { exposureByPopularity, type PopularityBucket } from './popularity-exposure.js';
import { exposureGini, longTailShare } from './popularity-bias.js';

/** Inputs of the beyond-accuracy metrics other than the lists. */
export interface CatalogueContext {
  /** The articles that could have been recommended in this setting. */
  catalogue: CandidateSet;
  /** [dictionary size] positive training interactions per article code. */
  popularity: ArrayLike<number>;
  /** Head articles (see headArticles); everything else is long tail. */
  head: ReadonlySet<number>;
  /** [dictionary size] category per article code, null when unknown. */
  categories: readonly (string | null)[];
  /** [dictionary size] author per article code, null when unknown. */
  authors: readonly (string | null)[];
  /** Groups listed individually in the exposure tables. */
  exposureGroups: number;
}

export interface BeyondAccuracyResult {
  /** Recommended lists measured. */
  lists: number;
  /** Mean list length; below k when a model left articles at -Infinity. */
  meanListLength: number;
  coverage: number;
  /** Mean self-information in bits. */
  novelty: number;
  intraListDiversity: IntraListDiversity;
  exposureGini: number;
  /** Share of recommended slots that went to long-tail articles. */
  longTailShare: number;
  /** Share of catalogue articles in the long tail, the value an unbiased recommender would approach. */
  catalogueLongTailShare: number;
  exposureByCategory: ExposureShares;
  exposureByAuthor: ExposureShares;
  /** Exposure per popularity decile of the catalogue (see popularity-exposure.ts). */
  exposureByPopularity: PopularityBucket[];
}

/** Computes every beyond-accuracy metric over one model's recommended lists in one setting. */
export function beyondAccuracy(lists: readonly Int32Array[], context: CatalogueContext): BeyondAccuracyResult {
  const { catalogue, popularity, head, categories, authors, exposureGroups } = context;
  const categoryOf = (article: number): string | null => categories[article] ?? null;
  const authorOf = (article: number): string | null => authors[article] ?? null;

  let slots = 0;
  for (const list of lists) slots += list.length;
  let catalogueTail = 0;
  for (const article of catalogue.articles) {
    if (!head.has(article)) catalogueTail++;
  }

  return {
    lists: lists.length,
    meanListLength: slots / lists.length,
    coverage: catalogueCoverage(lists, catalogue),
    novelty: novelty(lists, popularity),
    intraListDiversity: intraListDiversity(lists, categoryOf),
    exposureGini: exposureGini(lists, catalogue),
    longTailShare: longTailShare(lists, head),
    catalogueLongTailShare: catalogueTail / catalogue.size,
    exposureByCategory: exposureShares(lists, catalogue, categoryOf, exposureGroups),
    exposureByAuthor: exposureShares(lists, catalogue, authorOf, exposureGroups),
    exposureByPopularity: exposureByPopularity(lists, catalogue, popularity),
  };
}
