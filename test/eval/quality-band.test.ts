import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { SettingResult } from '../../src/eval/evaluate.js';
import { runDemoProtocol } from '../../src/eval/protocols/demo.js';
import type { ProtocolResult } from '../../src/eval/protocols/protocol-types.js';
import { runTfrsMl100kProtocol } from '../../src/eval/protocols/tfrs-ml100k.js';

/**
 * Quality bands: the two-tower model trained and evaluated by the real protocols, so a
 * regression in features, training or evaluation moves a number out of its band. Bands are the
 * values measured with seed 42 on 2026-12-04, about ±0.03 to ±0.04 wide.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ml100k = resolve(repoRoot, '../shared/data/movielens-ml-100k');
const ml100kAvailable = existsSync(resolve(ml100k, 'u.data'));
if (!ml100kAvailable) console.log(`Skipping the MovieLens 100k quality band: ${ml100k} is missing.`);

function settingOf(result: ProtocolResult, model: string, setting: 'warm' | 'live'): SettingResult {
  const entry = result.evaluation.models.find((candidate) => candidate.name === model);
  if (entry?.status !== 'ok') throw new Error(`${model} did not finish: ${entry?.error?.message}`);
  const measured = entry.settings.find((candidate) => candidate.setting === setting);
  if (measured === undefined) throw new Error(`${model} has no ${setting} result`);
  return measured;
}

function topK(measured: SettingResult, k: number): number {
  return measured.topKAccuracy.values.find((value) => value.k === k)?.accuracy ?? NaN;
}

describe.skipIf(!ml100kAvailable)('TFRS recipe on MovieLens 100k', () => {
  it('reproduces the published top-100 accuracy', async () => {
    const result = await runTfrsMl100kProtocol({ dataDir: ml100k, seed: 42, models: ['tfrs-recipe'] });
    const recipe = settingOf(result, 'tfrs-recipe', 'warm');
    // Measured 0.239; published runs of the recipe give 0.19 to 0.24.
    expect(topK(recipe, 100)).toBeGreaterThanOrEqual(0.21);
    expect(topK(recipe, 100)).toBeLessThanOrEqual(0.27);
    // Measured 0.126.
    expect(topK(recipe, 50)).toBeGreaterThanOrEqual(0.1);
    expect(topK(recipe, 50)).toBeLessThanOrEqual(0.15);
    expect(result.evaluation.testRows).toBe(20_000);
  }, 60_000);

  it('keeps the tuned hybrid above 0.33 top-100', async () => {
    const result = await runTfrsMl100kProtocol({ dataDir: ml100k, seed: 42, models: ['two-tower-hybrid'] });
    const hybrid = settingOf(result, 'two-tower-hybrid', 'warm');
    // Measured 0.402 (0.403 with seed 43); BPR, the best baseline on this metric, gets 0.374.
    expect(topK(hybrid, 100)).toBeGreaterThanOrEqual(0.37);
    expect(topK(hybrid, 100)).toBeLessThanOrEqual(0.44);
  }, 120_000);
});

describe('hybrid two-tower on the demo data', () => {
  it('stays in its band and above popularity', async () => {
    const result = await runDemoProtocol({ seed: 42, models: ['two-tower-hybrid', 'most-popular', 'recent-popularity'] });
    const bands = [
      // setting, recall@10 band, NDCG@10 band (measured: recall, NDCG)
      ['warm', [0.12, 0.19], [0.085, 0.15]], // 0.151, 0.117
      ['live', [0.37, 0.45], [0.27, 0.34]], // 0.412, 0.307
    ] as const;
    for (const [setting, recallBand, ndcgBand] of bands) {
      const { ranking } = settingOf(result, 'two-tower-hybrid', setting);
      expect(ranking.recall, `${setting} recall@10`).toBeGreaterThanOrEqual(recallBand[0]);
      expect(ranking.recall, `${setting} recall@10`).toBeLessThanOrEqual(recallBand[1]);
      expect(ranking.ndcg, `${setting} NDCG@10`).toBeGreaterThanOrEqual(ndcgBand[0]);
      expect(ranking.ndcg, `${setting} NDCG@10`).toBeLessThanOrEqual(ndcgBand[1]);
    }
    for (const comparison of result.comparisons) {
      expect(comparison.beatsAllBaselines, `${comparison.setting} ${comparison.metric}`).toBe(true);
    }
  }, 180_000);
});
