import type { Article } from '../data/types.js';
import type { CandidateSet } from './candidate-set.js';
import { articleAvailability, LiveCandidates, warmCandidates, type CandidateSetting } from './candidate-settings.js';
import { headArticles } from './metrics/popularity-bias.js';
import { isPositiveRow } from './positives.js';
import type { EvaluationSplit } from './split.js';
import type { TestUser } from './test-users.js';

/** Everything the runner computes once per evaluation and shares between models. */
export interface EvaluationContext {
  /** Article dictionary that every code indexes. */
  articleIds: readonly string[];
  /** [articleIds.length] positive training interactions per article code. */
  popularity: Float64Array;
  head: Set<number>;
  /** [articleIds.length] category per code, null when unknown or without metadata. */
  categories: (string | null)[];
  /** [articleIds.length] author per code, null when unknown or without metadata. */
  authors: (string | null)[];
  /** Returns the candidate set for one request. */
  candidatesFor(setting: CandidateSetting, user: TestUser): CandidateSet;
  /** The articles any request could get in a setting: all warm articles, or the live ones at the latest request time. */
  catalogue(setting: CandidateSetting): CandidateSet;
}

export function buildEvaluationContext(
  split: EvaluationSplit,
  articleIds: readonly string[],
  articles: ReadonlyMap<string, Article>,
  users: readonly TestUser[],
  headShare: number,
): EvaluationContext {
  const popularity = new Float64Array(articleIds.length);
  for (let row = 0; row < split.train.size; row++) {
    if (isPositiveRow(split.train, row)) popularity[split.train.article[row]]++;
  }
  const metadata = articleIds.map((id) => articles.get(id));

  const warm = warmCandidates(split.train);
  const live = new LiveCandidates(articleAvailability(articleIds, articles, [split.train, split.test]));
  let latestRequest = -Infinity;
  for (const user of users) latestRequest = Math.max(latestRequest, user.requestTime);
  const liveCatalogue = live.at(latestRequest);

  return {
    articleIds,
    popularity,
    head: headArticles(popularity, headShare),
    categories: metadata.map((article) => article?.category ?? null),
    authors: metadata.map((article) => article?.author ?? null),
    candidatesFor: (setting, user) => (setting === 'warm' ? warm : live.at(user.requestTime)),
    catalogue: (setting) => (setting === 'warm' ? warm : liveCatalogue),
  };
}
