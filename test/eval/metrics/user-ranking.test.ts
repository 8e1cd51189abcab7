import { describe, expect, it } from 'vitest';

import { CandidateSet } from '../../../src/eval/candidate-set.js';
import { UserRankingMetrics, userRankingValues } from '../../../src/eval/metrics/user-ranking.js';

const candidates = CandidateSet.from([10, 11, 12, 13, 14, 15]);
const scores = Float32Array.from([0.9, 0.8, 0.8, 0.5, 0.3, 0.1]);

describe('userRankingValues', () => {
  it('computes recall, NDCG, hit and reciprocal rank', () => {
    // Ranks 2, 4, absent; k = 3. Hits: rank 2 only -> recall 1/3, hit 1, RR 1/2.
    // DCG = 1/log2(3) = 0.6309297536; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.1309297536;
    // NDCG = 0.2960819109.
    const values = userRankingValues([2, 4, Infinity], 3);
    expect(values.recall).toBeCloseTo(1 / 3, 12);
    expect(values.ndcg).toBeCloseTo(0.2960819109, 9);
    expect(values.hit).toBe(1);
    expect(values.reciprocalRank).toBe(0.5);
  });

  it('gives zero when nothing is ranked', () => {
    expect(userRankingValues([Infinity], 10)).toEqual({ recall: 0, ndcg: 0, hit: 0, reciprocalRank: 0 });
  });

  it('counts the best rank beyond k for MRR', () => {
    // Rank 7 with k = 5: no hit, but MRR has no cut-off -> 1/7.
    const values = userRankingValues([7], 5);
    expect(values.hit).toBe(0);
    expect(values.reciprocalRank).toBeCloseTo(1 / 7, 12);
  });
});

describe('UserRankingMetrics', () => {
  it('excludes history from ranking and positives', () => {
    // History {11}. Test articles 12, 14, 14 (repeat), 99 (not a candidate), 11 (in history).
    // Positives {12, 14, 99}. Ranking without 11: 10, 12, 13, 14, 15 -> ranks 2, 4, absent.
    // Same numbers as the userRankingValues case above with k = 3.
    const metric = new UserRankingMetrics(3);
    const values = metric.update({ candidates, scores, excluded: new Set([11]) }, [12, 14, 14, 99, 11]);
    expect(values?.recall).toBeCloseTo(1 / 3, 12);
    expect(values?.ndcg).toBeCloseTo(0.2960819109, 9);
    expect(values?.reciprocalRank).toBe(0.5);
  });

  it('keeps history when nothing is excluded', () => {
    // Positives {12, 14, 11}. Ranks: 11 and 12 tie behind 10 -> 2 and 3; 14 -> 5.
    // k = 3: recall 2/3; DCG = 1/log2(3) + 1/log2(4) = 1.1309297536;
    // IDCG = 2.1309297536; NDCG = 0.5307212740.
    const metric = new UserRankingMetrics(3);
    const values = metric.update({ candidates, scores }, [12, 14, 11]);
    expect(values?.recall).toBeCloseTo(2 / 3, 12);
    expect(values?.ndcg).toBeCloseTo(0.530721274, 9);
  });

  it('is unchanged by duplicate candidates', () => {
    const metric = new UserRankingMetrics(3);
    const withRepeats = CandidateSet.from([10, 10, 11, 12, 12, 13, 14, 15, 15]);
    const values = metric.update({ candidates: withRepeats, scores, excluded: new Set([11]) }, [12, 14, 99]);
    expect(values?.ndcg).toBeCloseTo(0.2960819109, 9);
  });

  it('defines k beyond the catalogue', () => {
    // Three candidates, k = 10, positives {21, 99}; 21 ties with 20 at 0.5 -> rank 2; 99 absent.
    // recall = share present = 1/2. DCG = 1/log2(3) = 0.6309297536;
    // IDCG over min(10, 2) = 2 positives = 1 + 0.6309297536; NDCG = 0.3868528072.
    const small = CandidateSet.from([20, 21, 22]);
    const metric = new UserRankingMetrics(10);
    const values = metric.update({ candidates: small, scores: Float32Array.from([0.5, 0.5, 0.1]) }, [21, 99]);
    expect(values?.recall).toBe(0.5);
    expect(values?.ndcg).toBeCloseTo(0.3868528072, 9);
    expect(values?.hit).toBe(1);
  });

  it('averages over users and skips users without positives', () => {
    // User A: positive 10 at rank 1 -> recall 1, NDCG 1, RR 1.
    // User B: positive 15 at rank 6 -> recall@3 0, NDCG 0, RR 1/6.
    // User C: only test article is in history -> skipped.
    // Means: recall 0.5, NDCG 0.5, hit rate 0.5, MRR (1 + 1/6) / 2 = 0.5833333333.
    const metric = new UserRankingMetrics(3);
    metric.update({ candidates, scores }, [10]);
    metric.update({ candidates, scores }, [15]);
    expect(metric.update({ candidates, scores, excluded: new Set([13]) }, [13])).toBeNull();
    const result = metric.result();
    expect(result.recall).toBe(0.5);
    expect(result.ndcg).toBe(0.5);
    expect(result.hitRate).toBe(0.5);
    expect(result.mrr).toBeCloseTo(0.5833333333, 9);
    expect(result.users).toBe(2);
    expect(result.usersWithoutPositives).toBe(1);
  });

  it('measures recall at each curve cut-off', () => {
    // User A: positive 10 at rank 1. User B: positive 15 at rank 6 (as above).
    // recall@1 = (1 + 0) / 2 = 0.5, recall@6 = (1 + 1) / 2 = 1, recall@20 = 1.
    const metric = new UserRankingMetrics(3, [1, 6, 20]);
    metric.update({ candidates, scores }, [10]);
    metric.update({ candidates, scores }, [15]);
    expect(metric.result().recallCurve).toEqual([
      { k: 1, recall: 0.5 },
      { k: 6, recall: 1 },
      { k: 20, recall: 1 },
    ]);
    expect(new UserRankingMetrics(3).result().recallCurve).toEqual([]);
  });

  it('rejects a zero curve cut-off', () => {
    expect(() => new UserRankingMetrics(3, [0])).toThrow(/k=0 is invalid/);
  });
});
