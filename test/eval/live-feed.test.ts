import { describe, expect, it } from 'vitest';

import { RecentPopularity } from '../../src/eval/baselines/recent-popularity.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { LiveFeed } from '../../src/eval/live-feed.js';
import { takeRows } from '../../src/features/table-rows.js';
import type { FitData, Recommender, ScoringRequest } from '../../src/models/recommender.js';
import { buildTable, codesOf, HOUR, splitAt } from './fixtures.js';

/**
 * Cutoff 10 h. Train: u1 and u2 read a at 9 h, u3 reads b at 9 h.
 * Test: u4 and u5 read b at 11 h, u7 reads d (never in training) at 11 h, u8 is shown a at
 * 11.5 h without clicking, u6 reads b at 12 h. Requests: u4, u5, u7 at 11 h and u6 at 12 h.
 */
const table = buildTable([
  { user: 'u1', article: 'a', time: 9 * HOUR },
  { user: 'u2', article: 'a', time: 9 * HOUR },
  { user: 'u3', article: 'b', time: 9 * HOUR },
  { user: 'u4', article: 'b', time: 11 * HOUR },
  { user: 'u5', article: 'b', time: 11 * HOUR },
  { user: 'u7', article: 'd', time: 11 * HOUR },
  { user: 'u8', article: 'a', time: 11.5 * HOUR, click: 0 },
  { user: 'u6', article: 'b', time: 12 * HOUR },
  { user: 'u9', article: 'c', time: 13 * HOUR },
]);
const split = splitAt(table, 10 * HOUR);
const [a, b, c, d] = codesOf(table, ['a', 'b', 'c', 'd']);

/** Records the times of the `recent` rows each request carries, keyed by raw user id. */
class RecordingModel implements Recommender {
  readonly name = 'recording';
  readonly seen = new Map<string, number[] | undefined>();
  async fit(_data: FitData): Promise<void> {}
  score(request: ScoringRequest, _candidates: Int32Array, out: Float32Array): void {
    const times = request.recent === undefined ? undefined : Array.from(request.recent.timestamp, (time) => time / HOUR);
    this.seen.set(table.userIds[request.user], times);
    out.fill(0);
  }
}

async function fittedRecentPopularity(): Promise<RecentPopularity> {
  const model = new RecentPopularity({ halfLifeMs: HOUR, windowMs: 24 * HOUR });
  await model.fit({ train: split.train, articles: new Map(), users: new Map(), cutoff: split.cutoff, seed: 1 });
  return model;
}

describe('LiveFeed', () => {
  const feed = new LiveFeed(split.test);

  it('returns the rows strictly before a time', () => {
    expect(Array.from(feed.before(11 * HOUR).timestamp)).toEqual([]);
    expect(Array.from(feed.before(12 * HOUR).timestamp, (time) => time / HOUR)).toEqual([11, 11, 11, 11.5]);
    expect(feed.before(13.5 * HOUR).size).toBe(6);
  });

  it('shares the test dictionaries without copying rows', () => {
    const rows = feed.before(12 * HOUR);
    expect(rows.articleIds).toBe(split.test.articleIds);
    expect(rows.userIds).toBe(split.test.userIds);
    expect(rows.timestamp.buffer).toBe(split.test.timestamp.buffer);
  });

  it('puts an unsorted test table in time order', () => {
    // Test rows in the order 12 h, 11 h (u4), 11.5 h, 11 h (u5).
    const shuffled = takeRows(split.test, [4, 0, 3, 1]);
    const rows = new LiveFeed(shuffled).before(12 * HOUR);
    expect(Array.from(rows.timestamp, (time) => time / HOUR)).toEqual([11, 11, 11.5]);
    expect(Array.from(rows.user, (user) => table.userIds[user])).toEqual(['u4', 'u5', 'u8']);
  });
});

describe('evaluate with liveFeed', () => {
  it('gives each request the test rows before its time', async () => {
    const model = new RecordingModel();
    await evaluate({ split, articles: new Map(), models: [model], options: { candidates: 'warm', liveFeed: true } });
    // Requests at 11 h get no row, because their own rows and ties are at 11 h. u6 at 12 h gets the 11 h and 11.5 h rows.
    expect(model.seen.get('u4')).toEqual([]);
    expect(model.seen.get('u5')).toEqual([]);
    expect(model.seen.get('u7')).toEqual([]);
    expect(model.seen.get('u6')).toEqual([11, 11, 11, 11.5]);
    expect(model.seen.get('u9')).toEqual([11, 11, 11, 11.5, 12]);
  });

  it('passes no recent rows by default', async () => {
    const model = new RecordingModel();
    const result = await evaluate({ split, articles: new Map(), models: [model], options: { candidates: 'warm' } });
    expect(result.options.liveFeed).toBe(false);
    expect([...model.seen.values()]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('keeps results of the default run', async () => {
    const byDefault = await evaluate({ split, articles: new Map(), models: [await fittedRecentPopularity()], options: { k: 1, ks: [1] } });
    const off = await evaluate({ split, articles: new Map(), models: [await fittedRecentPopularity()], options: { k: 1, ks: [1], liveFeed: false } });
    const strip = (result: typeof off) => result.models.map((model) => model.settings.map(({ seconds: _seconds, ...rest }) => rest));
    expect(strip(off)).toEqual(strip(byDefault));
    // Warm candidates a and b: a (1.0) beats b (0.5) at the cutoff for everyone, and no test user reads a.
    expect(byDefault.models[0].settings[0].ranking.recall).toBe(0);
  });

  it('lifts recently popular when recent clicks arrive', async () => {
    const options = { candidates: 'warm' as const, k: 1, ks: [1] };
    const off = await evaluate({ split, articles: new Map(), models: [await fittedRecentPopularity()], options });
    const on = await evaluate({ split, articles: new Map(), models: [await fittedRecentPopularity()], options: { ...options, liveFeed: true } });
    // Five test users u4, u5, u6, u7, u9; warm candidates a and b. Off, a ranks first for all: recall@1 0.
    // On, u6 at 12 h gets b (1.125) over a (0.25), and b is what u6 reads: recall@1 1/5. At 11 h
    // a = 2 * 2^-2 = 0.5 still beats b = 2^-2 = 0.25. u9 at 13 h gets b = 2^-4 + 2 * 2^-2 + 2^-1 =
    // 1.0625 over a = 2 * 2^-4 = 0.125, but u9 reads c, which is not a warm candidate.
    expect(off.models[0].settings[0].ranking.recall).toBe(0);
    expect(on.models[0].settings[0].ranking.recall).toBeCloseTo(1 / 5, 12);
    expect(on.options.liveFeed).toBe(true);
  });

  it('rejects liveFeed on a random split', async () => {
    const run = evaluate({ split, splitKind: 'random', articles: new Map(), models: [new RecordingModel()], options: { candidates: 'warm', liveFeed: true } });
    await expect(run).rejects.toMatchObject({ code: 'EVAL_INVALID_OPTIONS' });
  });
});

describe('RecentPopularity with recent rows', () => {
  const feed = new LiveFeed(split.test);
  const candidates = Int32Array.of(a, b, c, d);

  it('scores at the cutoff without recent rows', async () => {
    const model = await fittedRecentPopularity();
    const out = new Float32Array(4);
    model.score({ user: 0, time: 12 * HOUR, history: new Int32Array(0) }, candidates, out);
    // At the cutoff (10 h), each 9 h click weighs 2^-1: a = 1, b = 0.5; c and d were never read in training.
    expect(Array.from(out)).toEqual([1, 0.5, -Infinity, -Infinity]);
  });

  it('flips the ranking at the request time', async () => {
    const model = await fittedRecentPopularity();
    const out = new Float32Array(4);
    model.score({ user: 0, time: 12 * HOUR, history: new Int32Array(0), recent: feed.before(12 * HOUR) }, candidates, out);
    // At 12 h: a = 2 * 2^-3 = 0.25 (the 11.5 h impression is no click); b = 2^-3 + 2 * 2^-1 = 1.125;
    // d, new after the cutoff, = 2^-1 = 0.5; c has no click before 12 h.
    expect(Array.from(out)).toEqual([0.25, 1.125, -Infinity, 0.5]);
  });

  it('drops rows older than the window', async () => {
    const model = new RecentPopularity({ halfLifeMs: HOUR, windowMs: 2 * HOUR });
    await model.fit({ train: split.train, articles: new Map(), users: new Map(), cutoff: split.cutoff, seed: 1 });
    const out = new Float32Array(4);
    model.score({ user: 0, time: 13 * HOUR, history: new Int32Array(0), recent: feed.before(13 * HOUR) }, candidates, out);
    // Window [11 h, 13 h): no training row; b = 2 * 2^-2 + 2^-1 = 1, d = 2^-2; a stays 0 as a training article.
    expect(Array.from(out)).toEqual([0, 1, -Infinity, 0.25]);
  });
});
