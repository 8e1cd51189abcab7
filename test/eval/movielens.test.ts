import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { createBaseline } from '../../src/eval/baselines/registry.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { buildTable, splitAt, type FixtureRow } from './fixtures.js';

/**
 * The runner on real data: MovieLens 100k (943 users, 1,682 movies, 100,000 ratings), every
 * rating a positive, split at the 80th percentile of rating times. Most test users joined after
 * the cutoff, so only the 109 with training ratings are evaluated (minHistory 1): collaborative
 * baselines give a user without history the same score for every movie.
 * Bands are the values measured with seed 42, about ±0.03 wide.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ratingsFile = resolve(repoRoot, '../shared/data/movielens-ml-100k/u.data');
const available = existsSync(ratingsFile);
if (!available) console.log(`Skipping the MovieLens 100k evaluation: ${ratingsFile} is missing.`);

function loadRatings(): FixtureRow[] {
  return readFileSync(ratingsFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [user, item, , seconds] = line.split('\t');
      return { user, article: item, time: Number(seconds) * 1000 };
    });
}

describe.skipIf(!available)('evaluate on MovieLens 100k', () => {
  it('keeps every baseline inside its band', async () => {
    const table = buildTable(loadRatings());
    const cutoff = table.timestamp[Math.floor(0.8 * table.size)];
    const result = await evaluate({
      split: splitAt(table, cutoff),
      articles: new Map(),
      models: [createBaseline('most-popular'), createBaseline('item-knn'), createBaseline('ease'), createBaseline('bpr')],
      options: { candidates: 'warm', seed: 42, minHistory: 1 },
    });
    expect(result.testUsers).toEqual({ eligible: 109, evaluated: 109, withoutHistory: 0 });

    const ranking = (name: string) => {
      const model = result.models.find((entry) => entry.name === name);
      if (model?.status !== 'ok') throw new Error(`${name} did not finish: ${model?.error?.message}`);
      return model.settings[0].ranking;
    };
    const bands = [
      // name, recall@10 band, NDCG@10 band (measured: recall, NDCG)
      ['most-popular', [0.035, 0.095], [0.115, 0.175]], // 0.0628, 0.1450
      ['item-knn', [0.015, 0.07], [0.115, 0.175]], // 0.0420, 0.1443
      ['ease', [0.05, 0.105], [0.145, 0.205]], // 0.0773, 0.1735
      ['bpr', [0.04, 0.1], [0.14, 0.2]], // 0.0686, 0.1679
    ] as const;
    for (const [name, recallBand, ndcgBand] of bands) {
      const { recall, ndcg } = ranking(name);
      expect(recall, `${name} recall@10`).toBeGreaterThanOrEqual(recallBand[0]);
      expect(recall, `${name} recall@10`).toBeLessThanOrEqual(recallBand[1]);
      expect(ndcg, `${name} NDCG@10`).toBeGreaterThanOrEqual(ndcgBand[0]);
      expect(ndcg, `${name} NDCG@10`).toBeLessThanOrEqual(ndcgBand[1]);
    }
    expect(ranking('ease').ndcg).toBeGreaterThan(ranking('most-popular').ndcg);
  });
});
