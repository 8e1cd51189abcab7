import { describe, expect, it } from 'vitest';

import { Ease } from '../../../src/eval/baselines/ease.js';
import { ItemKnn } from '../../../src/eval/baselines/item-knn.js';
import { MostPopular } from '../../../src/eval/baselines/most-popular.js';
import { RecentPopularity } from '../../../src/eval/baselines/recent-popularity.js';
import type { FitData, Recommender } from '../../../src/models/recommender.js';
import { buildTable, codesOf, HOUR, type FixtureRow } from '../fixtures.js';

function fitData(rows: FixtureRow[], cutoff: number, extraArticles: string[] = []): FitData {
  const train = buildTable(rows);
  train.articleIds.push(...extraArticles);
  return { train, articles: new Map(), users: new Map(), cutoff, seed: 1 };
}

/** Scores the given articles for a history, by raw id. */
function scoresFor(model: Recommender, data: FitData, history: string[], candidates: string[]): number[] {
  const codes = Int32Array.from(codesOf(data.train, candidates));
  const out = new Float32Array(codes.length);
  model.score({ user: -1, time: data.cutoff, history: Int32Array.from(codesOf(data.train, history)) }, codes, out);
  return Array.from(out);
}

describe('MostPopular', () => {
  it('scores positive reads, repeats included', async () => {
    // a: 3 reads (u1 twice), b: 1 read, c: shown without click -> 0, z: not in training -> -Infinity.
    const data = fitData(
      [
        { user: 'u1', article: 'a', time: 1 },
        { user: 'u1', article: 'a', time: 2 },
        { user: 'u2', article: 'a', time: 3 },
        { user: 'u2', article: 'b', time: 4 },
        { user: 'u3', article: 'c', time: 5, click: 0 },
      ],
      10,
      ['z'],
    );
    const model = new MostPopular();
    await model.fit(data);
    expect(scoresFor(model, data, [], ['a', 'b', 'c', 'z'])).toEqual([3, 1, 0, -Infinity]);
  });
});

describe('RecentPopularity', () => {
  it('decays by age inside the window', async () => {
    // Cutoff 100 h, half-life 24 h, window 48 h.
    // a at 76 h: age 24 h -> 2^-1 = 0.5.
    // b at 88 h: age 12 h -> 2^-0.5 = 0.7071067812; b at 40 h: age 60 h > 48 h -> 0.
    // c at 52 h: age 48 h, on the window edge -> 2^-2 = 0.25.
    const data = fitData(
      [
        { user: 'u1', article: 'b', time: 40 * HOUR },
        { user: 'u2', article: 'c', time: 52 * HOUR },
        { user: 'u3', article: 'a', time: 76 * HOUR },
        { user: 'u4', article: 'b', time: 88 * HOUR },
      ],
      100 * HOUR,
    );
    const model = new RecentPopularity({ halfLifeMs: 24 * HOUR, windowMs: 48 * HOUR });
    await model.fit(data);
    const [a, b, c] = scoresFor(model, data, [], ['a', 'b', 'c']);
    expect(a).toBeCloseTo(0.5, 6);
    expect(b).toBeCloseTo(0.7071067812, 6);
    expect(c).toBeCloseTo(0.25, 6);
  });

  it('rejects a non-positive half-life', () => {
    expect(() => new RecentPopularity({ halfLifeMs: 0 })).toThrow(/Invalid recent-popularity options: halfLifeMs/);
  });
});

describe('ItemKnn', () => {
  // Readers: a {u1, u2, u3}, b {u1, u2}, c {u3}.
  // sim(a, b) = 2 / sqrt(3 · 2) = 0.8164965809; sim(a, c) = 1 / sqrt(3 · 1) = 0.5773502692; sim(b, c) = 0.
  const rows: FixtureRow[] = [
    { user: 'u1', article: 'a', time: 1 },
    { user: 'u1', article: 'b', time: 2 },
    { user: 'u2', article: 'a', time: 3 },
    { user: 'u2', article: 'b', time: 4 },
    { user: 'u2', article: 'b', time: 5 },
    { user: 'u3', article: 'a', time: 6 },
    { user: 'u3', article: 'c', time: 7 },
  ];

  it('sums cosine similarities over the history', async () => {
    const data = fitData(rows, 10);
    const model = new ItemKnn();
    await model.fit(data);

    const fromA = scoresFor(model, data, ['a'], ['a', 'b', 'c']);
    expect(fromA[0]).toBe(0);
    expect(fromA[1]).toBeCloseTo(0.8164965809, 6);
    expect(fromA[2]).toBeCloseTo(0.5773502692, 6);

    // History b, c, c: distinct {b, c} -> a gets 0.8164965809 + 0.5773502692 = 1.3938468501.
    const fromBC = scoresFor(model, data, ['b', 'c', 'c'], ['a', 'b', 'c']);
    expect(fromBC[0]).toBeCloseTo(1.3938468501, 6);
  });

  it('keeps only the top neighbours', async () => {
    // With one neighbour per article, a keeps b (0.816) and drops c.
    const data = fitData(rows, 10);
    const model = new ItemKnn({ neighbours: 1 });
    await model.fit(data);
    expect(scoresFor(model, data, ['a'], ['c'])).toEqual([0]);
  });
});

describe('Ease', () => {
  it('matches the closed form on two items', async () => {
    // u1 reads {a, b}, u2 reads {a}. XᵀX = [[2, 1], [1, 1]]; with λ = 1, G = [[3, 1], [1, 2]], det 5.
    // P = G⁻¹ = [[2, -1], [-1, 3]] / 5.
    // B_ab = -P_ab / P_bb = (1/5) / (3/5) = 1/3; B_ba = -P_ba / P_aa = (1/5) / (2/5) = 1/2.
    const data = fitData(
      [
        { user: 'u1', article: 'a', time: 1 },
        { user: 'u1', article: 'b', time: 2 },
        { user: 'u2', article: 'a', time: 3 },
      ],
      10,
      ['z'],
    );
    const model = new Ease({ lambda: 1 });
    await model.fit(data);

    const fromA = scoresFor(model, data, ['a'], ['a', 'b', 'z']);
    expect(fromA[0]).toBe(0);
    expect(fromA[1]).toBeCloseTo(1 / 3, 6);
    expect(fromA[2]).toBe(-Infinity);
    const fromB = scoresFor(model, data, ['b'], ['a', 'b']);
    expect(fromB[0]).toBeCloseTo(0.5, 6);
  });

  it('rejects a catalogue above its item limit', async () => {
    const data = fitData(
      [
        { user: 'u1', article: 'a', time: 1 },
        { user: 'u1', article: 'b', time: 2 },
        { user: 'u2', article: 'c', time: 3 },
      ],
      10,
    );
    const model = new Ease({ maxItems: 2 });
    await expect(model.fit(data)).rejects.toMatchObject({
      code: 'EVAL_CATALOGUE_TOO_LARGE',
      message: expect.stringContaining('EASE cannot fit 3 items: the limit is 2'),
    });
  });
});
