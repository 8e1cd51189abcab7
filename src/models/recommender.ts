import type { Article, InteractionTable, User } from '../data/types.js';

/**
 * The one interface every model (two-tower, baselines) is trained and evaluated through.
 *
 * Article and user codes index the dictionaries of the shared InteractionTable
 * (`articleIds`, `userIds`); a code >= the training dictionary size, or an article that never
 * occurs in training, is "unseen" and only content-aware models can score it.
 */
export interface FitData {
  /** Training rows only (all timestamps < cutoff); dictionaries are shared with the test rows. */
  train: InteractionTable;
  /** Article metadata keyed by raw article id; may cover only part of the catalogue. */
  articles: Map<string, Article>;
  users: Map<string, User>;
  /** Split time in ms since the epoch: the model may not use anything at or after it. */
  cutoff: number;
  /** Seed for every random choice the model makes. */
  seed: number;
}

export interface ScoringRequest {
  /** User code; may be a user never seen in training. */
  user: number;
  /** Request time in ms since the epoch (the test interaction's time). */
  time: number;
  /** Article codes the user interacted with strictly before `time`, oldest first. */
  history: Int32Array;
  /**
   * Every user's interactions after the cutoff and strictly before `time`, in time order: a
   * read-only row prefix of the test table, sharing its dictionaries. Set only when the
   * evaluation runs with `liveFeed`; when it is absent, the model has training rows only.
   *
   * This is not leakage. A deployed service ingests every event as it happens (see
   * serve/popularity.ts), so at `time` it has all of these rows. The rows at `time` and later,
   * the request's own interaction included, are never in the slice, and the weights are not
   * refit. Models that count recent events (trailing popularity, recency decay) read it, and
   * batch models ignore it.
   */
  recent?: InteractionTable;
}

export interface Recommender {
  readonly name: string;
  fit(data: FitData): Promise<void>;
  /**
   * Writes one score per candidate into `out` ([candidates.length]); higher is better.
   * Candidates the model cannot score get -Infinity so they rank last.
   */
  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void;
}
