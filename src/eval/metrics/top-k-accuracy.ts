import { rankEachTarget, type ScoredCandidates } from './rank.js';

/** Default cut-offs, as in the TFRS retrieval tutorials. */
export const DEFAULT_TOP_K_ACCURACY_KS: readonly number[] = [1, 5, 10, 50, 100];

export interface TopKAccuracyValue {
  k: number;
  /** Share of test interactions whose article ranked within the top k; NaN before any update. */
  accuracy: number;
}

export interface TopKAccuracyResult {
  /** One entry per k, in the order the ks were given. */
  values: TopKAccuracyValue[];
  /** Test interactions counted (the denominator). */
  interactions: number;
}

/**
 * Factorized top-K accuracy as TFRS reports it (`tfrs.metrics.FactorizedTopK`): for every test
 * interaction, is its article among the top K of all candidates? Each interaction is its own
 * query with one positive, so a user's other test articles count as negatives, and a user with
 * five test clicks contributes five interactions.
 *
 * Differences from TFRS, by design: ties rank pessimistically (see rank.ts), and an interaction
 * whose article is not a candidate (unseen in the warm setting, not yet published in the live one)
 * counts as a miss instead of being impossible.
 *
 * No history is excluded by default, matching TFRS. When the caller passes `excluded` (the
 * user's history), the other history articles leave the ranking but the interaction's own
 * article stays, so a re-read still counts.
 */
export class TopKAccuracy {
  private readonly ks: readonly number[];
  private readonly hits: Float64Array;
  private interactions = 0;

  constructor(ks: readonly number[] = DEFAULT_TOP_K_ACCURACY_KS) {
    for (const k of ks) {
      if (!Number.isInteger(k) || k < 1) {
        throw new RangeError(`Top-K accuracy cut-off ${k} is invalid; use integers >= 1.`);
      }
    }
    this.ks = [...ks];
    this.hits = new Float64Array(ks.length);
  }

  /**
   * Adds one query's test interactions.
   * @param interactionArticles article code of each test interaction these scores are for,
   *   repeats included (each repeat is one more interaction).
   */
  update(scored: ScoredCandidates, interactionArticles: ArrayLike<number>): void {
    const ranks = rankEachTarget(scored, interactionArticles);
    for (const rank of ranks) {
      for (let j = 0; j < this.ks.length; j++) {
        if (rank <= this.ks[j]) this.hits[j]++;
      }
    }
    this.interactions += ranks.length;
  }

  result(): TopKAccuracyResult {
    return {
      values: this.ks.map((k, j) => ({ k, accuracy: this.hits[j] / this.interactions })),
      interactions: this.interactions,
    };
  }
}
