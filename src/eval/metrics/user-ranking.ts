import { rankPositivesJointly, type ScoredCandidates } from './rank.js';

/** Default cut-off for per-user metrics and for the recommended lists. */
export const DEFAULT_USER_K = 10;

/** Accuracy of one user's ranking. */
export interface UserRankingValues {
  /** Share of the positives ranked within the top k. */
  recall: number;
  /** DCG@k of binary relevance over the ideal DCG of min(k, positives) hits. */
  ndcg: number;
  /** 1 when at least one positive ranks within the top k, else 0. */
  hit: number;
  /** 1 / rank of the best-ranked positive over the whole ranking (no cut-off); 0 when none is a candidate. */
  reciprocalRank: number;
}

/**
 * Computes per-user metrics from the pessimistic ranks of the user's distinct positives
 * (Infinity for a positive that is not a candidate; see rank.ts).
 *
 * The denominators count every positive, present or not, so when k exceeds the number of
 * candidates (the whole catalogue is "recommended") recall is the share of positives present.
 * Gains are 1 / log2(rank + 1).
 *
 * @param ranks [positives] one rank per distinct positive; must not be empty.
 */
export function userRankingValues(ranks: ArrayLike<number>, k: number): UserRankingValues {
  if (ranks.length === 0) throw new RangeError('userRankingValues needs at least one positive.');

  let hits = 0;
  let dcg = 0;
  let bestRank = Infinity;
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i];
    if (rank < bestRank) bestRank = rank;
    if (rank > k) continue;
    hits++;
    dcg += 1 / Math.log2(rank + 1);
  }

  let idealDcg = 0;
  const idealHits = Math.min(k, ranks.length);
  for (let rank = 1; rank <= idealHits; rank++) idealDcg += 1 / Math.log2(rank + 1);

  return {
    recall: hits / ranks.length,
    ndcg: dcg / idealDcg,
    hit: hits > 0 ? 1 : 0,
    reciprocalRank: bestRank === Infinity ? 0 : 1 / bestRank,
  };
}

export interface UserRankingResult {
  k: number;
  /** Means over the users counted. NaN when no user was counted. */
  recall: number;
  ndcg: number;
  hitRate: number;
  mrr: number;
  /** Users with at least one positive left after exclusion (the denominator). */
  users: number;
  /** Users skipped because every test article was in their excluded history. */
  usersWithoutPositives: number;
  /** Mean recall at each cut-off of `curveKs`, in the order given; empty when none were asked for. */
  recallCurve: { k: number; recall: number }[];
}

/**
 * Per-user recall@k, NDCG@k, hit rate@k and MRR, averaged over users (each user weighs the same).
 *
 * A user's positives are their distinct test articles. The history passed as `excluded` leaves
 * the ranking, and test articles that are in it leave the positives too: a list that hides
 * what the user has read cannot show them, so counting them would only lower every model's score.
 */
export class UserRankingMetrics {
  readonly k: number;
  private readonly curveKs: readonly number[];
  private sums = { recall: 0, ndcg: 0, hit: 0, reciprocalRank: 0 };
  /** [curveKs.length] sum over users of recall at each curve cut-off. */
  private readonly curveSums: Float64Array;
  private users = 0;
  private usersWithoutPositives = 0;

  /** @param curveKs extra cut-offs at which only recall is measured (the recall@K curve). */
  constructor(k: number = DEFAULT_USER_K, curveKs: readonly number[] = []) {
    for (const cut of [k, ...curveKs]) {
      if (!Number.isInteger(cut) || cut < 1) throw new RangeError(`Per-user cut-off k=${cut} is invalid; use an integer >= 1.`);
    }
    this.k = k;
    this.curveKs = [...curveKs];
    this.curveSums = new Float64Array(curveKs.length);
  }

  /**
   * Adds one user. Returns their values, or null when no positive is left after exclusion.
   * @param testArticles the user's test article codes; repeats are merged.
   */
  update(scored: ScoredCandidates, testArticles: ArrayLike<number>): UserRankingValues | null {
    const positives: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < testArticles.length; i++) {
      const article = testArticles[i];
      if (seen.has(article) || scored.excluded?.has(article) === true) continue;
      seen.add(article);
      positives.push(article);
    }
    if (positives.length === 0) {
      this.usersWithoutPositives++;
      return null;
    }

    const ranks = rankPositivesJointly(scored, positives);
    const values = userRankingValues(ranks, this.k);
    this.curveKs.forEach((cut, j) => {
      let hits = 0;
      for (const rank of ranks) if (rank <= cut) hits++;
      this.curveSums[j] += hits / ranks.length;
    });
    this.sums.recall += values.recall;
    this.sums.ndcg += values.ndcg;
    this.sums.hit += values.hit;
    this.sums.reciprocalRank += values.reciprocalRank;
    this.users++;
    return values;
  }

  result(): UserRankingResult {
    return {
      k: this.k,
      recall: this.sums.recall / this.users,
      ndcg: this.sums.ndcg / this.users,
      hitRate: this.sums.hit / this.users,
      mrr: this.sums.reciprocalRank / this.users,
      users: this.users,
      usersWithoutPositives: this.usersWithoutPositives,
      recallCurve: this.curveKs.map((k, j) => ({ k, recall: this.curveSums[j] / this.users })),
    };
  }
}
