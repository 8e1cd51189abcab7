import { describe, expect, it } from 'vitest';

import { Ease } from '../../src/eval/baselines/ease.js';
import { MostPopular } from '../../src/eval/baselines/most-popular.js';
import { evaluate } from '../../src/eval/evaluate.js';
import type { FitData, Recommender, ScoringRequest } from '../../src/models/recommender.js';
import { article, buildTable, HOUR, splitAt } from './fixtures.js';

/**
 * A four-article world small enough to compute every metric by hand.
 *
 * Train (cutoff 10 h): u1 reads a, b; u2 reads a, c; u3 reads b.
 * Test: u1 reads c (11 h) and d (12 h); u2 reads b (13 h); u4, new, reads a (14 h).
 * d is published at 10.5 h and first read at 12 h: a live candidate for u1, never a warm one.
 */
const table = buildTable([
  { user: 'u1', article: 'a', time: 1 * HOUR },
  { user: 'u1', article: 'b', time: 2 * HOUR },
  { user: 'u2', article: 'a', time: 3 * HOUR },
  { user: 'u2', article: 'c', time: 4 * HOUR },
  { user: 'u3', article: 'b', time: 5 * HOUR },
  { user: 'u1', article: 'c', time: 11 * HOUR },
  { user: 'u1', article: 'd', time: 12 * HOUR },
  { user: 'u2', article: 'b', time: 13 * HOUR },
  { user: 'u4', article: 'a', time: 14 * HOUR },
]);
const split = splitAt(table, 10 * HOUR);
const articles = new Map([
  ['a', article('a', { category: 'x' })],
  ['b', article('b', { category: 'x' })],
  ['c', article('c', { category: 'y' })],
  ['d', article('d', { category: 'y', publishedAt: 10.5 * HOUR })],
]);

/** Content-aware stand-in with fixed scores d 4 > a 3 > b 2 > c 1, for every user. */
class FixedScores implements Recommender {
  readonly name = 'fixed';
  private readonly byId: Record<string, number> = { a: 3, b: 2, c: 1, d: 4 };
  async fit(_data: FitData): Promise<void> {}
  score(_request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    candidates.forEach((code, i) => {
      out[i] = this.byId[table.articleIds[code]];
    });
  }
}

describe('evaluate on a hand-computed world', async () => {
  const result = await evaluate({ split, articles, models: [new FixedScores()], options: { ks: [1, 2], k: 2 } });
  const [warm, live] = result.models[0].settings;

  it('counts test users and rows', () => {
    expect(result.testUsers).toEqual({ eligible: 3, evaluated: 3, withoutHistory: 1 });
    expect(result.trainRows).toBe(5);
    expect(result.testRows).toBe(4);
    expect(result.models[0].status).toBe('ok');
  });

  it('measures the warm setting', () => {
    // Candidates {a, b, c}.
    // u1: history {a, b} excluded -> ranking [c]; positives {c, d}: c rank 1, d absent.
    //   recall 1/2, NDCG 1 / (1 + 1/log2 3) = 0.6131471928, RR 1.
    // u2: history {a, c} excluded -> [b]; positive b rank 1 -> all 1.
    // u4: no history -> [a, b, c]; positive a rank 1 -> all 1.
    // Means: recall 0.8333333333, NDCG 0.8710490643, hit rate 1, MRR 1.
    expect(warm.setting).toBe('warm');
    expect(warm.catalogueSize).toBe(3);
    expect(warm.meanCandidates).toBe(3);
    expect(warm.ranking.recall).toBeCloseTo(0.8333333333, 9);
    expect(warm.ranking.ndcg).toBeCloseTo(0.8710490643, 9);
    expect(warm.ranking.hitRate).toBe(1);
    expect(warm.ranking.mrr).toBe(1);

    // Top-K accuracy, no exclusion, ranks over a 3 > b 2 > c 1:
    // u1 c -> 3, u1 d -> absent, u2 b -> 2, u4 a -> 1. k=1: 1/4; k=2: 2/4.
    expect(warm.topKAccuracy.values).toEqual([
      { k: 1, accuracy: 0.25 },
      { k: 2, accuracy: 0.5 },
    ]);
    // d is the only test interaction that is not a warm candidate.
    expect(warm.reachableInteractionShare).toBe(0.75);
  });

  it('measures the warm lists', () => {
    // Lists: u1 [c], u2 [b], u4 [a, b]. Training counts a 2, b 2, c 1 (total 5).
    // Coverage 3/3. Novelty: c -log2(1/5) = 2.3219280949, a and b -log2(2/5) = 1.3219280949;
    //   mean (2.3219280949 + 3 × 1.3219280949) / 4 = 1.5719280949.
    // Exposure a 1, b 2, c 1 -> sorted [1, 1, 2]: Gini (-2·1 + 0·1 + 2·2) / (3 · 4) = 0.1666666667.
    // Head at 80% of 5: a (2) then b (4) -> {a, b}; tail slots: c -> 1/4; catalogue tail 1/3.
    // Diversity: only [a, b] has a pair, both 'x' -> 0.
    const beyond = warm.beyondAccuracy;
    expect(beyond.lists).toBe(3);
    expect(beyond.meanListLength).toBeCloseTo(4 / 3, 12);
    expect(beyond.coverage).toBe(1);
    expect(beyond.novelty).toBeCloseTo(1.5719280949, 9);
    expect(beyond.exposureGini).toBeCloseTo(0.1666666667, 9);
    expect(beyond.longTailShare).toBe(0.25);
    expect(beyond.catalogueLongTailShare).toBeCloseTo(1 / 3, 12);
    expect(beyond.intraListDiversity).toEqual({ value: 0, lists: 1 });
    // Slots: x 3/4 (a, b, b), y 1/4 (c); catalogue x 2/3, y 1/3.
    expect(beyond.exposureByCategory.groups.map((group) => group.value)).toEqual(['x', 'y']);
    expect(beyond.exposureByCategory.totalVariation).toBeCloseTo(0.0833333333, 9);
  });

  it('measures the live setting', () => {
    // Every request (11 h, 13 h, 14 h) gets candidates a, b, c and d.
    // u1: excluded {a, b} -> [d, c]; positives c rank 2, d rank 1 -> recall 1, NDCG 1, RR 1.
    // u2: excluded {a, c} -> [d, b]; b rank 2 -> recall 1, NDCG 1/log2 3 = 0.6309297536, RR 1/2.
    // u4: [d, a, b, c]; a rank 2 -> recall 1, NDCG 0.6309297536, RR 1/2.
    // Means: recall 1, NDCG 0.7539531690, MRR 0.6666666667.
    expect(live.setting).toBe('live');
    expect(live.catalogueSize).toBe(4);
    expect(live.meanCandidates).toBe(4);
    expect(live.ranking.recall).toBe(1);
    expect(live.ranking.ndcg).toBeCloseTo(0.753953169, 9);
    expect(live.ranking.mrr).toBeCloseTo(0.6666666667, 9);
    // Top-K over d > a > b > c: u1 c -> 4, u1 d -> 1, u2 b -> 3, u4 a -> 2. k=1: 1/4; k=2: 2/4.
    expect(live.topKAccuracy.values.map((value) => value.accuracy)).toEqual([0.25, 0.5]);
    expect(live.reachableInteractionShare).toBe(1);
    // Lists [d, c], [d, b], [d, a]: diversity (0 + 1 + 1) / 3; coverage 4/4.
    expect(live.beyondAccuracy.intraListDiversity.value).toBeCloseTo(0.6666666667, 9);
    expect(live.beyondAccuracy.coverage).toBe(1);
  });

  it('keeps the history in top-K accuracy when asked', async () => {
    // Excluding history from top-K accuracy, warm: u1 c ranks alone -> 1; u2 b: a, c excluded -> 1;
    // u4 a -> 1; d absent. k=1: 3/4.
    const excluded = await evaluate({
      split,
      articles,
      models: [new FixedScores()],
      options: { ks: [1], k: 2, candidates: 'warm', excludeHistoryInTopKAccuracy: true },
    });
    expect(excluded.models[0].settings.map((setting) => setting.setting)).toEqual(['warm']);
    expect(excluded.models[0].settings[0].topKAccuracy.values[0].accuracy).toBe(0.75);
  });
});

describe('evaluate failures and options', () => {
  it('records an EvaluationError and runs the other models', async () => {
    const result = await evaluate({
      split,
      articles,
      models: [new Ease({ maxItems: 2 }), new MostPopular()],
      options: { candidates: 'warm' },
    });
    expect(result.models[0].status).toBe('failed');
    expect(result.models[0].error?.code).toBe('EVAL_CATALOGUE_TOO_LARGE');
    expect(result.models[1].status).toBe('ok');
  });

  it('reports progress per model and setting', async () => {
    const events: string[] = [];
    await evaluate({
      split,
      articles,
      models: [new Ease({ maxItems: 2 }), new MostPopular()],
      onProgress: (event) => events.push(`${event.type} ${event.model}${event.type === 'setting-end' ? ` ${event.setting}` : ''}`),
    });
    expect(events).toEqual([
      'fit-start ease',
      'model-failed ease',
      'fit-start most-popular',
      'fit-end most-popular',
      'setting-end most-popular warm',
      'setting-end most-popular live',
    ]);
  });

  it('propagates other errors', async () => {
    const broken: Recommender = {
      name: 'broken',
      fit: async () => {
        throw new TypeError('bug in fit');
      },
      score: () => {},
    };
    await expect(evaluate({ split, articles, models: [broken] })).rejects.toThrow('bug in fit');
  });

  it('rejects duplicate model names', async () => {
    await expect(evaluate({ split, articles, models: [new MostPopular(), new MostPopular()] })).rejects.toMatchObject({
      code: 'EVAL_INVALID_OPTIONS',
    });
  });

  it('rejects invalid options with the field name', async () => {
    await expect(evaluate({ split, articles, models: [], options: { ks: [0] } })).rejects.toThrow(/Invalid evaluation options: ks.0/);
  });

  it('rejects test rows before the cutoff', async () => {
    const crossed = { ...split, cutoff: 12 * HOUR };
    await expect(evaluate({ split: crossed, articles, models: [] })).rejects.toMatchObject({ code: 'EVAL_INVALID_SPLIT' });
  });

  it('rejects tables with different dictionaries', async () => {
    const other = { ...split, test: { ...split.test, articleIds: ['z', ...split.test.articleIds.slice(1)] } };
    await expect(evaluate({ split: other, articles, models: [] })).rejects.toThrow(/dictionaries differ at code 0/);
  });

  it('reports NaN scores as a failed model', async () => {
    const nan: Recommender = {
      name: 'nan',
      fit: async () => {},
      score: (_request, _candidates, out) => out.fill(NaN),
    };
    const result = await evaluate({ split, articles, models: [nan], options: { candidates: 'warm' } });
    expect(result.models[0].error?.code).toBe('EVAL_NAN_SCORE');
  });
});
