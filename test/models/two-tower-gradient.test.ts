import { afterEach, describe, expect, it } from 'vitest';

import type { TwoTowerModel } from '../../src/models/two-tower-model.js';
import { checkGradients } from '../../src/tensor/gradient-check.js';
import { allTargets, clearGradients, tinyBatch, tinyModel } from './fixtures.js';

describe('two-tower model gradient', () => {
  let model: TwoTowerModel | null = null;
  afterEach(async () => {
    await model?.dispose();
    model = null;
  });

  it.each([
    ['hybrid with time term and logQ', {}, true],
    ['hybrid with sum combine, temperature 0.5', { combine: 'sum' as const, temperature: 0.5 }, true],
    ['hybrid without time term', { timeTerm: { enabled: false } }, false],
    ['id-only', { preset: 'id-only' as const, features: undefined, timeTerm: { enabled: false } }, false],
  ])('matches finite differences: %s', async (_name, overrides, withTime) => {
    model = await tinyModel(overrides);
    const batch = tinyBatch(withTime);
    const current = model;
    clearGradients(current);
    current.trainStep(batch);
    const targets = allTargets(current);
    expect(targets.length).toBeGreaterThan(1);

    const report = checkGradients(() => {
      clearGradients(current);
      return current.trainStep(batch);
    }, targets);
    expect(report.mismatches).toEqual([]);
    // The id-only model has the fewest weights: 4 x 4 user rows + 5 x 4 article rows.
    expect(report.checked).toBeGreaterThanOrEqual(36);
  });

  it('time term gradient reaches its three tables', async () => {
    model = await tinyModel();
    clearGradients(model);
    model.trainStep(tinyBatch(true));
    const term = model.timeTerm!;
    // Row 0 has cells 7 and 3; the joint table receives gradient exactly on the six listed cells.
    const touched = [...term.joint.gradient].map((g, cell) => (g !== 0 ? cell : -1)).filter((cell) => cell >= 0);
    expect(touched).toEqual([0, 3, 5, 7, 14]);
    // Softmax gradients of one row sum to zero, so the whole joint gradient sums to zero.
    expect([...term.joint.gradient].reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
  });
});
