import type { ArticleCatalogue } from './article-catalogue.js';
import type { CandidateFilter } from './candidate-filter.js';
import type { ModelGeneration } from './model-registry.js';
import type { PopularitySnapshot } from './popularity.js';

/** Origin of an item in a recommendation list. */
export type ItemSource = 'model' | 'trending' | 'content';

/** One retrieved article with its model score. */
export interface Candidate {
  articleId: string;
  /** query · candidate + time term: the model's score at request time. */
  score: number;
  /** Positive events in the time term's trailing window. */
  trailingCount: number;
  /** 'content' for articles embedded from content after training (PUT), else 'model'. */
  source: 'model' | 'content';
}

/**
 * HNSW only: neighbours searched per wanted candidate before the filter drops some (see
 * SearchOptions.oversample). Filters drop few ids per request (read and hidden articles), so 2
 * keeps one graph search per request in the common case.
 */
const FILTER_OVERSAMPLE = 2;

export interface RetrieveInput {
  generation: ModelGeneration;
  /** [dimension] query embedding. */
  query: Float32Array;
  /** Candidates wanted, before re-ranking (k × oversample). */
  poolSize: number;
  filter: CandidateFilter;
  catalogue: ArticleCatalogue;
  popularity: PopularitySnapshot;
  /** Request time, ms since the Unix epoch. */
  now: number;
}

/**
 * Retrieves the `poolSize` best articles by dot product that pass the filter, then adds the
 * model's time term (article age and trailing popularity at request time) and re-sorts. The
 * term sits outside the dot product, which is why the pool is larger than k: an article just
 * below the dot-product cut can rise above it.
 */
export function retrieveCandidates(input: RetrieveInput): Candidate[] {
  const { generation, query, poolSize, filter, catalogue, popularity, now } = input;
  const hits = generation.index.search(query, poolSize, { filter: filter.accepts, oversample: FILTER_OVERSAMPLE });

  const candidates = hits.map((hit): Candidate => {
    const publishedAt = catalogue.get(hit.id)?.publishedAt ?? generation.loaded.publishedAt(hit.id);
    const ageMs = publishedAt === null ? NaN : now - publishedAt;
    const trailingCount = popularity.trailingCounts.get(hit.id) ?? 0;
    return {
      articleId: hit.id,
      score: hit.score + generation.model.timeTerm(ageMs, trailingCount),
      trailingCount,
      source: generation.contentOnly.has(hit.id) ? 'content' : 'model',
    };
  });
  // Stable sort: equal scores keep the index's order (score, then id).
  return candidates.sort((a, b) => b.score - a.score);
}
