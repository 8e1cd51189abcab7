import type { Store } from '../store/index.js';
import type { ArticleCatalogue } from './article-catalogue.js';
import { CandidateFilter } from './candidate-filter.js';
import { type Explanation, explainItems } from './explain.js';
import type { ModelGeneration } from './model-registry.js';
import type { PipelineOptions } from './options.js';
import type { PopularityTracker } from './popularity.js';
import { buildQueryEmbedding } from './query-embedding.js';
import { rerank } from './rerank.js';
import { type ItemSource, retrieveCandidates } from './retrieve.js';
import { trendingItems } from './trending.js';
import { readUserContext } from './user-context.js';

/** Shared inputs of every pipeline step besides the request: the store, the in-memory mirrors and the settings. */
export interface PipelineContext {
  store: Store;
  catalogue: ArticleCatalogue;
  popularity: PopularityTracker;
  options: PipelineOptions;
}

export interface RecommendationRequest {
  userId: string;
  /** Items wanted, 1 … options.maxK. */
  k: number;
  /** Articles the client does not want in this list (for example those already on the page). */
  exclude: ReadonlySet<string>;
  /** Add to each item the history article that contributed most. */
  explain: boolean;
  /** Request time, ms since the Unix epoch. */
  now: number;
}

export interface RecommendedItem {
  articleId: string;
  /** Model score (dot product + time term) for model and content items; trending score for trending ones. */
  score: number;
  source: ItemSource;
  /** With explain=true: the history article with the largest dot product, null when there is none. */
  because?: Explanation | null;
}

export interface RecommendationList {
  userId: string;
  modelVersion: string;
  /** True when the user is unknown to the model and has no history: the list is trending articles. */
  coldStart: boolean;
  items: RecommendedItem[];
}

/**
 * Recommends up to k articles for one user: query embedding from the current history ->
 * oversampled retrieval with the time term -> filter -> MMR re-rank with popularity penalty
 * -> back-fill from trending. The list has k items whenever k articles pass the filter, and
 * never repeats an id.
 */
export function recommend(context: PipelineContext, generation: ModelGeneration, request: RecommendationRequest): RecommendationList {
  const { store, catalogue, options } = context;
  const { userId, k, now } = request;

  const user = readUserContext(store, userId, options.historyEvents);
  const popularity = context.popularity.current(now, generation.loaded.timeTermWindowMs ?? options.timeTermWindowMs);
  const filter = new CandidateFilter({
    catalogue,
    now,
    publishedAt: generation.loaded.publishedAt,
    articleTtlMs: options.articleTtlMs,
    read: user.read,
    disliked: user.disliked,
    exclude: request.exclude,
    ownAuthor: options.excludeOwnArticles ? userId : null,
  });
  const vectorOf = (articleId: string): Float32Array | null => generation.index.getVector(articleId);

  const query = buildQueryEmbedding(generation.model, user, options.queryHistoryLength);
  const items: RecommendedItem[] = [];
  if (query !== null) {
    const pool = retrieveCandidates({ generation, query, poolSize: Math.ceil(k * options.oversample), filter, catalogue, popularity, now });
    const ranked = rerank(pool, vectorOf, { k, lambda: options.mmrLambda, popularityPenalty: options.popularityPenalty });
    for (const candidate of ranked) items.push({ articleId: candidate.articleId, score: candidate.score, source: candidate.source });
  }

  if (items.length < k) {
    const taken = new Set(items.map((item) => item.articleId));
    const trending = trendingItems({
      generation,
      catalogue,
      popularity,
      filter,
      taken,
      count: k - items.length,
      topics: query === null ? user.profileTopics : [],
      topicBoost: options.topicBoost,
    });
    for (const item of trending) items.push({ articleId: item.articleId, score: item.score, source: 'trending' });
  }

  if (request.explain) {
    const explanations = explainItems(
      items.map((item) => item.articleId),
      user.history,
      vectorOf,
    );
    items.forEach((item, i) => (item.because = explanations[i]));
  }
  return { userId, modelVersion: generation.version, coldStart: query === null, items };
}
