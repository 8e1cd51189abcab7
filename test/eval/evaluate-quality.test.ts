import { describe, expect, it } from 'vitest';

import { BASELINE_NAMES, createBaseline } from '../../src/eval/baselines/registry.js';
import { evaluate, type EvaluationResult } from '../../src/eval/evaluate.js';
import { syntheticWorld } from './synthetic-world.js';

/**
 * End-to-end run of every baseline on the seeded topical world. Bands are the values measured
 * with seed 1 (world drawn with the project Rng), about ±0.05 wide; a change in metrics, split handling or a baseline moves them.
 */
describe('evaluate on a seeded topical world', async () => {
  const world = syntheticWorld(1);
  const models = BASELINE_NAMES.map((name) => (name === 'ease' ? createBaseline('ease', { lambda: 20 }) : createBaseline(name)));
  const result = await evaluate({ ...world, models });
  const warm = (name: string) => {
    const model = result.models.find((entry) => entry.name === name);
    const setting = model?.settings.find((entry) => entry.setting === 'warm');
    if (setting === undefined) throw new Error(`no warm result for ${name}`);
    return setting;
  };

  it('evaluates every baseline in both settings', () => {
    expect(result.models.map((model) => model.name)).toEqual([...BASELINE_NAMES]);
    expect(result.models.every((model) => model.status === 'ok')).toBe(true);
    expect(result.models.every((model) => model.settings.length === 2)).toBe(true);
    expect(result.testUsers).toEqual({ eligible: 365, evaluated: 365, withoutHistory: 0 });
  });

  it.each([
    // name, recall@10 band, NDCG@10 band (measured: recall, NDCG)
    ['most-popular', [0.08, 0.18], [0.03, 0.13]], // 0.132, 0.078
    ['recent-popularity', [0.25, 0.35], [0.16, 0.26]], // 0.296, 0.208
    ['item-knn', [0.45, 0.55], [0.27, 0.37]], // 0.499, 0.317
    ['ease', [0.38, 0.48], [0.23, 0.33]], // 0.425, 0.279
    ['bpr', [0.4, 0.5], [0.24, 0.34]], // 0.448, 0.289
  ] as const)('keeps %s inside its band', (name, recallBand, ndcgBand) => {
    const { ranking } = warm(name);
    expect(ranking.recall).toBeGreaterThanOrEqual(recallBand[0]);
    expect(ranking.recall).toBeLessThanOrEqual(recallBand[1]);
    expect(ranking.ndcg).toBeGreaterThanOrEqual(ndcgBand[0]);
    expect(ranking.ndcg).toBeLessThanOrEqual(ndcgBand[1]);
  });

  it('ranks personalised models above popularity', () => {
    for (const name of ['item-knn', 'ease', 'bpr']) {
      expect(warm(name).ranking.recall).toBeGreaterThan(warm('recent-popularity').ranking.recall);
    }
    expect(warm('recent-popularity').ranking.recall).toBeGreaterThan(warm('most-popular').ranking.recall);
  });

  it('offers new articles only in the live setting', () => {
    const [warmSetting, liveSetting] = result.models[0].settings;
    expect(liveSetting.catalogueSize).toBeGreaterThan(warmSetting.catalogueSize);
    expect(liveSetting.reachableInteractionShare).toBeGreaterThan(warmSetting.reachableInteractionShare);
  });

  it('copies the BPR training history', () => {
    const history = result.models.find((model) => model.name === 'bpr')?.trainingHistory ?? [];
    expect(history.length).toBe(20);
    expect(history[19].loss).toBeLessThan(history[0].loss);
    expect(result.models.find((model) => model.name === 'item-knn')?.trainingHistory).toBeUndefined();
  });

  it('repeats exactly with the same seed and sample', async () => {
    const run = async (): Promise<EvaluationResult> =>
      evaluate({ ...world, models: [createBaseline('bpr'), createBaseline('item-knn')], options: { maxTestUsers: 100, seed: 9 } });
    const [first, second] = [await run(), await run()];
    expect(first.testUsers.evaluated).toBe(100);
    const metrics = (result: EvaluationResult) => result.models.map((model) => model.settings.map((setting) => [setting.ranking, setting.topKAccuracy]));
    expect(metrics(second)).toEqual(metrics(first));
  });
});
