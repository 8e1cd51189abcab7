import { describe, expect, it } from 'vitest';

import { Bpr } from '../../../src/eval/baselines/bpr.js';
import { buildTable, codesOf, type FixtureRow } from '../fixtures.js';

const rows: FixtureRow[] = [];
for (let user = 0; user < 12; user++) {
  const block = user < 6 ? 'x' : 'y';
  for (let item = 0; item < 4; item++) rows.push({ user: `u${user}`, article: `${block}${item}`, time: user * 10 + item });
}

describe('Bpr', () => {
  it('reports a falling loss per epoch', async () => {
    const train = buildTable(rows);
    const model = new Bpr({ factors: 4, epochs: 30, learningRate: 0.1 });
    await model.fit({ train, articles: new Map(), users: new Map(), cutoff: 1_000, seed: 3 });
    expect(model.trainingHistory.map((entry) => entry.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // ln 2 = 0.693 is the loss of random factors near zero; training must go well below it.
    expect(model.trainingHistory[0].loss).toBeGreaterThan(0.6);
    expect(model.trainingHistory[29].loss).toBeLessThan(0.3);
  });

  it('folds in a new user from their history', async () => {
    const train = buildTable(rows);
    const model = new Bpr({ factors: 4, epochs: 30, learningRate: 0.1 });
    await model.fit({ train, articles: new Map(), users: new Map(), cutoff: 1_000, seed: 3 });
    const candidates = Int32Array.from(codesOf(train, ['x3', 'y3']));
    const out = new Float32Array(2);
    model.score({ user: 999, time: 1_000, history: Int32Array.from(codesOf(train, ['x0', 'x1'])) }, candidates, out);
    expect(out[0]).toBeGreaterThan(out[1]);
  });

  it('rejects a zero factor count', () => {
    expect(() => new Bpr({ factors: 0 })).toThrow(/Invalid bpr options: factors/);
  });
});
