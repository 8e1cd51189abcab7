import { z } from 'zod';

import { invalidRequest } from './errors.js';

const HOUR_MS = 3_600_000;

/**
 * Settings of the recommendation pipeline, validated once when the service starts. Every
 * field has a default; limits keep one request's work bounded.
 */
export const pipelineOptionsSchema = z.strictObject({
  /** Largest k a client may ask for; a larger k is rejected with invalid_request. */
  maxK: z.int().min(1).max(1000).default(100),
  /**
   * Candidates retrieved per requested item, before re-ranking: the MMR pool is
   * k × oversample (after filtering), so a larger value gives diversity more to choose from.
   */
  oversample: z.number().min(1).max(50).default(3),
  /** MMR trade-off in [0, 1]: 1 ranks by relevance only, 0 by novelty only. */
  mmrLambda: z.number().min(0).max(1).default(0.8),
  /**
   * Popularity penalty in units of the candidate pool's score range: the score minus penalty ×
   * range × log(1 + trailing count) / log(1 + the pool's largest count). 0 turns it off; 1 can
   * move the most popular top item below every unpopular one.
   */
  popularityPenalty: z.number().min(0).max(10).default(0),
  /** Articles published longer ago than this (ms) are not recommended; null turns the TTL off. */
  articleTtlMs: z.int().positive().nullable().default(null),
  /** Leave out articles whose author is the requesting user. */
  excludeOwnArticles: z.boolean().default(false),
  /** Newest events per user read from the store per request; older reads may be recommended again. */
  historyEvents: z.int().min(1).max(10_000).default(500),
  /** Most recent distinct articles of the history passed to the model. */
  queryHistoryLength: z.int().min(1).max(1000).default(50),
  /** Most ids accepted in one exclude list. */
  maxExclude: z.int().min(0).max(10_000).default(1000),
  /** Half-life of the trending score (ms): an event this old counts half as much as a new one. */
  trendingHalfLifeMs: z.int().positive().default(6 * HOUR_MS),
  /**
   * Trailing window (ms) of the popularity input of the model's time term, when the model does
   * not state its own. 24 h matches the two-tower default.
   */
  timeTermWindowMs: z.int().positive().default(24 * HOUR_MS),
  /** Score multiplier for trending articles in a cold-start user's profile topics (>= 1). */
  topicBoost: z.number().min(1).max(100).default(3),
  /** Popularity snapshots older than this (ms) are recomputed. */
  popularityRefreshMs: z.int().min(0).default(10_000),
  /** After new events, the snapshot is recomputed once it is at least this old (ms). */
  popularityMinRefreshMs: z.int().min(0).default(1_000),
  /** Events accepted in one POST /v1/events. */
  maxEventsPerRequest: z.int().min(1).max(100_000).default(1000),
});

export type PipelineOptions = z.output<typeof pipelineOptionsSchema>;
export type PipelineOptionsInput = z.input<typeof pipelineOptionsSchema>;

/** Validates pipeline settings and fills defaults; throws invalid_request naming the field. */
export function resolvePipelineOptions(input: PipelineOptionsInput = {}): PipelineOptions {
  const parsed = pipelineOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidRequest(parsed.error.issues.map((issue) => ({ path: `options.${issue.path.join('.')}`, message: issue.message })));
}
