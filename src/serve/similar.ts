import { CandidateFilter } from './candidate-filter.js';
import { ServeError } from './errors.js';
import type { ModelGeneration } from './model-registry.js';
import type { PipelineContext, RecommendedItem } from './recommend.js';

export interface SimilarList {
  articleId: string;
  modelVersion: string;
  items: RecommendedItem[];
}

/**
 * Returns up to k indexed articles with the largest dot product with `articleId`'s embedding,
 * leaving out the article itself and hidden or expired ones. Throws `article_not_found` when
 * the article is not in the index.
 */
export function similarArticles(context: PipelineContext, generation: ModelGeneration, articleId: string, k: number, now: number): SimilarList {
  const vector = generation.index.getVector(articleId);
  if (vector === null) {
    throw new ServeError('article_not_found', `article ${JSON.stringify(articleId)} is not in the index of model ${generation.version}`, { articleId });
  }

  const empty = new Set<string>();
  const filter = new CandidateFilter({
    catalogue: context.catalogue,
    now,
    publishedAt: generation.loaded.publishedAt,
    articleTtlMs: context.options.articleTtlMs,
    read: empty,
    disliked: empty,
    exclude: new Set([articleId]),
    ownAuthor: null,
  });
  const hits = generation.index.search(vector, k, { filter: filter.accepts, oversample: 2 });
  const items = hits.map((hit): RecommendedItem => ({
    articleId: hit.id,
    score: hit.score,
    source: generation.contentOnly.has(hit.id) ? 'content' : 'model',
  }));
  return { articleId, modelVersion: generation.version, items };
}
