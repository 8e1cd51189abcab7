import type { Article } from '../data/types.js';

/**
 * The trained retrieval model as the service and the recommend command use it, independent of
 * how it was trained. Scores are dot products `query · candidate` (so an ANN index over the
 * candidate embeddings stays valid) plus an optional additive time term computed per request.
 */
export interface ServingModel {
  /** Model version label (directory name or registry version). */
  readonly version: string;
  /** Embedding dimension d shared by queries and candidates. */
  readonly dimension: number;
  /** Raw ids of the articles known at training time, in row order of `candidateEmbeddings`. */
  readonly articleIds: readonly string[];
  /** [articleIds.length × dimension] row-major candidate embeddings. */
  readonly candidateEmbeddings: Float32Array;

  /**
   * Builds the query embedding [dimension] from the user's id (OOV when unknown), their history
   * (raw article ids, oldest first, only events before the request) and profile topics.
   * Returns null when the user is unknown AND has no history or profile, so callers fall back
   * to a flagged cold-start list instead of silently using the OOV vector.
   */
  embedQuery(userId: string, history: readonly string[], profileTopics: readonly string[]): Float32Array | null;

  /** Builds a candidate embedding [dimension] from content alone (id falls back to OOV). */
  embedArticle(article: Article): Float32Array;

  /**
   * Additive, time-aware article term: depends on the article's age at request time (ms) and its
   * trailing popularity (interaction count in the trailing window). Zero when the model has none.
   */
  timeTerm(ageMs: number, trailingCount: number): number;
}
