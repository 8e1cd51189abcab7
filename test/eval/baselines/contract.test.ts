import { describe, expect, it } from 'vitest';

import { BASELINE_NAMES, createBaseline, type BaselineName } from '../../../src/eval/baselines/registry.js';
import type { EvaluationError } from '../../../src/eval/errors.js';
import type { FitData, Recommender } from '../../../src/models/recommender.js';
import { buildTable, codesOf, HOUR, type FixtureRow } from '../fixtures.js';

/**
 * Contract suite run against every shipped baseline on fixtures with an obvious correct ranking.
 */

const CUTOFF = 100 * HOUR;

/** Small-data settings: EASE's default ridge would drown a 7-article Gram matrix. */
function create(name: BaselineName): Recommender {
  if (name === 'ease') return createBaseline('ease', { lambda: 1 });
  if (name === 'bpr') return createBaseline('bpr', { factors: 8, epochs: 60, learningRate: 0.1 });
  return createBaseline(name);
}

/**
 * 30 users read a then b; 60 users read p (the most read article) and one of c, d, e.
 * b follows a for every reader of a, and no other user reads a or b.
 */
function sequenceRows(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (let i = 0; i < 30; i++) {
    rows.push({ user: `seq${i}`, article: 'a', time: (50 + i) * HOUR });
    rows.push({ user: `seq${i}`, article: 'b', time: (50 + i) * HOUR + 60_000 });
  }
  for (let i = 0; i < 60; i++) {
    rows.push({ user: `pop${i}`, article: 'p', time: (60 + i / 2) * HOUR });
    rows.push({ user: `pop${i}`, article: ['c', 'd', 'e'][i % 3], time: (60 + i / 2) * HOUR + 60_000 });
  }
  return rows;
}

/** Two disjoint blocks: users b1-* read four of articles x0..x4, users b2-* four of y0..y4. */
function twoBlockRows(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (const [block, prefix] of [
    ['b1', 'x'],
    ['b2', 'y'],
  ] as const) {
    for (let user = 0; user < 20; user++) {
      for (let item = 0; item < 5; item++) {
        // Each user misses one article of their block, in rotation.
        if (item === user % 5) continue;
        rows.push({ user: `${block}-${user}`, article: `${prefix}${item}`, time: (10 + user + item / 10) * HOUR });
      }
    }
  }
  return rows;
}

function fitData(rows: FixtureRow[], extraArticles: string[] = []): FitData {
  const train = buildTable(rows);
  train.articleIds.push(...extraArticles);
  return { train, articles: new Map(), users: new Map(), cutoff: CUTOFF, seed: 7 };
}

function score(model: Recommender, data: FitData, user: string | null, history: string[], candidates: string[]): number[] {
  const codes = Int32Array.from(codesOf(data.train, candidates));
  const out = new Float32Array(codes.length);
  const userCode = user === null ? -1 : data.train.userIds.indexOf(user);
  model.score({ user: userCode, time: CUTOFF, history: Int32Array.from(codesOf(data.train, history)) }, codes, out);
  return Array.from(out);
}

/** Returns the candidate ids ordered by score, best first (ties by input order). */
function ranking(model: Recommender, data: FitData, user: string | null, history: string[], candidates: string[]): string[] {
  const scores = score(model, data, user, history, candidates);
  return candidates.map((id, i) => ({ id, score: scores[i], i })).sort((x, y) => y.score - x.score || x.i - y.i).map((entry) => entry.id);
}

async function caught(action: () => unknown): Promise<EvaluationError> {
  try {
    await action();
  } catch (error) {
    return error as EvaluationError;
  }
  throw new Error('expected an error');
}

describe.each(BASELINE_NAMES)('baseline contract: %s', (name) => {
  it('gives -Infinity to unseen articles only', async () => {
    const data = fitData(sequenceRows(), ['new']);
    const model = create(name);
    await model.fit(data);
    const scores = score(model, data, 'seq0', ['a', 'b'], ['a', 'b', 'p', 'c', 'new']);
    expect(scores.slice(0, 4).every(Number.isFinite)).toBe(true);
    expect(scores[4]).toBe(-Infinity);
  });

  it('scores identically after refitting with the same seed', async () => {
    const data = fitData(sequenceRows());
    const first = create(name);
    const second = create(name);
    await first.fit(data);
    await second.fit(data);
    const candidates = ['a', 'b', 'c', 'd', 'e', 'p'];
    expect(score(second, data, 'pop1', ['p', 'd'], candidates)).toEqual(score(first, data, 'pop1', ['p', 'd'], candidates));
  });

  it('rejects score before fit', async () => {
    const error = await caught(() => create(name).score({ user: 0, time: 0, history: new Int32Array(0) }, Int32Array.of(0), new Float32Array(1)));
    expect(error.code).toBe('EVAL_NOT_FITTED');
  });

  it('rejects a score buffer of the wrong length', async () => {
    const data = fitData(sequenceRows());
    const model = create(name);
    await model.fit(data);
    const error = await caught(() => model.score({ user: 0, time: CUTOFF, history: new Int32Array(0) }, Int32Array.of(0, 1), new Float32Array(3)));
    expect(error.code).toBe('EVAL_SHAPE_MISMATCH');
  });

  it('rejects rows at or after the cutoff', async () => {
    const data = fitData([...sequenceRows(), { user: 'late', article: 'a', time: CUTOFF }]);
    const error = await caught(() => create(name).fit(data));
    expect(error.code).toBe('EVAL_INVALID_SPLIT');
  });

  it('rejects training without a positive row', async () => {
    const data = fitData([{ user: 'u', article: 'a', time: 1, click: 0 }]);
    const error = await caught(() => create(name).fit(data));
    expect(error.code).toBe('EVAL_EMPTY_TRAINING');
  });
});

describe.each(['most-popular', 'recent-popularity'] as const)('popularity contract: %s', (name) => {
  it('ranks the most read article first', async () => {
    const data = fitData(sequenceRows());
    const model = create(name);
    await model.fit(data);
    expect(ranking(model, data, null, [], ['a', 'b', 'c', 'p'])[0]).toBe('p');
  });
});

describe.each(['item-knn', 'ease'] as const)('co-read contract: %s', (name) => {
  it('recommends what always follows the history', async () => {
    // A new reader of a: b always followed a, while p is three times as popular as b.
    const data = fitData(sequenceRows());
    const model = create(name);
    await model.fit(data);
    expect(ranking(model, data, null, ['a'], ['b', 'c', 'd', 'e', 'p'])[0]).toBe('b');
  });
});

describe.each(['item-knn', 'ease', 'bpr'] as const)('two-block contract: %s', (name) => {
  it('ranks the missing same-block article above the other block', async () => {
    const data = fitData(twoBlockRows());
    const model = create(name);
    await model.fit(data);
    const failures: string[] = [];
    for (const [block, own, other] of [
      ['b1', 'x', 'y'],
      ['b2', 'y', 'x'],
    ] as const) {
      for (let user = 0; user < 20; user++) {
        const missing = `${own}${user % 5}`;
        const history = [0, 1, 2, 3, 4].filter((item) => item !== user % 5).map((item) => `${own}${item}`);
        const otherBlock = [0, 1, 2, 3, 4].map((item) => `${other}${item}`);
        const scores = score(model, data, `${block}-${user}`, history, [missing, ...otherBlock]);
        if (!scores.slice(1).every((value) => value < scores[0])) failures.push(`${block}-${user}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
