import type { ArticleCatalogue } from './article-catalogue.js';
import type { CandidateFilter } from './candidate-filter.js';
import type { ModelGeneration } from './model-registry.js';
import { compareIds, type PopularitySnapshot } from './popularity.js';

/** A trending article chosen for a list. */
export interface TrendingItem {
  articleId: string;
  /** Time-decayed popularity, times the topic boost when it applies; 0 for articles without recent events. */
  score: number;
}

export interface TrendingInput {
  generation: ModelGeneration;
  catalogue: ArticleCatalogue;
  popularity: PopularitySnapshot;
  filter: CandidateFilter;
  /** Articles already in the list. */
  taken: ReadonlySet<string>;
  /** Items wanted. */
  count: number;
  /** The user's profile topics; matching articles get `topicBoost`. Empty: no tilt. */
  topics: readonly string[];
  topicBoost: number;
}

/**
 * Returns up to `count` trending articles that pass the filter and are not taken: the
 * time-decayed popularity ranking (tilted towards `topics`), then, when recent events run out,
 * every other indexed article, topic matches first, newest publication first, ties by id. So
 * the list reaches `count` whenever enough articles pass the filter.
 *
 * The second stage scans and sorts the whole index (O(n log n) for n articles). It runs only
 * when fewer than `count` articles had positive events in the last 8 half-lives.
 */
export function trendingItems(input: TrendingInput): TrendingItem[] {
  const { popularity, filter, taken, count } = input;
  if (count <= 0) return [];
  const topics = new Set(input.topics);
  const boost = (articleId: string): number => (topics.size > 0 && matchesTopics(input.catalogue, articleId, topics) ? input.topicBoost : 1);

  const ranked: TrendingItem[] = [];
  for (const articleId of popularity.ranked) {
    if (taken.has(articleId) || !input.generation.index.has(articleId) || !filter.accepts(articleId)) continue;
    ranked.push({ articleId, score: (popularity.trending.get(articleId) as number) * boost(articleId) });
    // Without a tilt the popularity order is final, so the first `count` suffice.
    if (topics.size === 0 && ranked.length === count) return ranked;
  }
  // Stable: equal boosted scores keep the popularity order.
  ranked.sort((a, b) => b.score - a.score);
  if (ranked.length >= count) return ranked.slice(0, count);

  return [...ranked, ...freshItems(input, new Set(ranked.map((item) => item.articleId)), count - ranked.length, boost)];
}

/** Indexed articles without recent events, topic matches first, newest first, ties by id. */
function freshItems(input: TrendingInput, chosen: ReadonlySet<string>, count: number, boost: (articleId: string) => number): TrendingItem[] {
  const { generation, catalogue, popularity, filter, taken } = input;
  const rows: { articleId: string; boosted: boolean; publishedAt: number }[] = [];
  for (const articleId of generation.index.ids()) {
    if (taken.has(articleId) || chosen.has(articleId) || popularity.trending.has(articleId) || !filter.accepts(articleId)) continue;
    const publishedAt = catalogue.get(articleId)?.publishedAt ?? generation.loaded.publishedAt(articleId);
    rows.push({ articleId, boosted: boost(articleId) > 1, publishedAt: publishedAt ?? -Number.MAX_SAFE_INTEGER });
  }
  rows.sort(
    (a, b) => Number(b.boosted) - Number(a.boosted) || b.publishedAt - a.publishedAt || compareIds(a.articleId, b.articleId),
  );
  return rows.slice(0, count).map((row) => ({ articleId: row.articleId, score: 0 }));
}

function matchesTopics(catalogue: ArticleCatalogue, articleId: string, topics: ReadonlySet<string>): boolean {
  const state = catalogue.get(articleId);
  if (state === undefined) return false;
  if (state.category !== null && topics.has(state.category)) return true;
  return state.tags.some((tag) => topics.has(tag));
}
