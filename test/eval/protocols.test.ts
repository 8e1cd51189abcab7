import { describe, expect, it } from 'vitest';

import { MISSING_FLAG, type Dataset } from '../../src/data/types.js';
import { compareWithBaselines } from '../../src/eval/protocols/baseline-comparison.js';
import { buildProtocolModels } from '../../src/eval/protocols/protocol-models.js';
import { resolveProtocolOptions } from '../../src/eval/protocols/protocol-types.js';
import { runTfrsMl100kProtocol } from '../../src/eval/protocols/tfrs-ml100k.js';
import { keyArticlesByTitle } from '../../src/eval/protocols/titles-as-ids.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { createBaseline } from '../../src/eval/baselines/registry.js';
import type { FitData, Recommender, ScoringRequest } from '../../src/models/recommender.js';
import { article, buildTable, HOUR, splitAt } from './fixtures.js';

/** Scores each article by a fixed table of raw-id scores, the same for every user. */
class FixedScores implements Recommender {
  constructor(
    readonly name: string,
    private readonly byId: Record<string, number>,
    private readonly articleIds: readonly string[],
  ) {}
  async fit(_data: FitData): Promise<void> {}
  score(_request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    candidates.forEach((code, i) => (out[i] = this.byId[this.articleIds[code]] ?? -Infinity));
  }
}

describe('compareWithBaselines', async () => {
  // Train: a, b, c read once each. Test: u1 reads c. Warm candidates {a, b, c}, nothing excluded
  // for u1 (no history). Ranks of c: model 1, tied 2 (pessimistic: after a with the same score),
  // low 3. recall@1: model 1, tied 0, low 0.
  const table = buildTable([
    { user: 'u0', article: 'a', time: 1 * HOUR },
    { user: 'u0', article: 'b', time: 2 * HOUR },
    { user: 'u2', article: 'c', time: 3 * HOUR },
    { user: 'u1', article: 'c', time: 11 * HOUR },
  ]);
  const ids = table.articleIds;
  const result = await evaluate({
    split: splitAt(table, 10 * HOUR),
    articles: new Map(),
    models: [
      new FixedScores('model', { a: 1, b: 0, c: 2 }, ids),
      new FixedScores('tied', { a: 2, b: 0, c: 2 }, ids),
      new FixedScores('low', { a: 2, b: 1, c: 0 }, ids),
      createBaseline('ease', { maxItems: 2 }),
    ],
    options: { candidates: 'warm', k: 1, ks: [1] },
  });

  it('says yes when the model is above every baseline', () => {
    const [recall] = compareWithBaselines(result, 'model', ['tied', 'low', 'ease']);
    expect(recall).toMatchObject({ setting: 'warm', metric: 'recall', k: 1, value: 1, beatsAllBaselines: true, failedBaselines: ['ease'] });
    // Both baselines score 0, and the first one found is kept.
    expect(recall.bestBaseline).toEqual({ name: 'tied', value: 0 });
  });

  it('counts a tie as no win', () => {
    const comparisons = compareWithBaselines(result, 'tied', ['low']);
    // tied and low both have recall@1 = 0.
    expect(comparisons.map((entry) => entry.beatsAllBaselines)).toEqual([false, false]);
  });

  it('says no when no baseline finished', () => {
    const [recall] = compareWithBaselines(result, 'model', ['ease']);
    expect(recall.bestBaseline).toBeNull();
    expect(recall.beatsAllBaselines).toBe(false);
  });
});

describe('keyArticlesByTitle', () => {
  const table = buildTable([
    { user: 'u1', article: '1', time: 1 },
    { user: 'u1', article: '2', time: 2 },
    { user: 'u2', article: '3', time: 3 },
  ]);
  const dataset: Dataset = {
    name: 'films',
    interactions: table,
    articles: new Map([
      ['1', article('1', { title: 'Heat (1995)', category: 'Action' })],
      ['2', article('2', { title: 'Up (2009)' })],
      ['3', article('3', { title: 'Heat (1995)', category: 'Crime' })],
    ]),
    users: new Map(),
    report: { tables: [], timestampFormats: {}, interactionsWithUnknownArticle: 0, interactionsWithUnknownUser: 0 } as unknown as Dataset['report'],
  };

  it('merges articles with one title', () => {
    const keyed = keyArticlesByTitle(dataset);
    expect(keyed.interactions.articleIds).toEqual(['Heat (1995)', 'Up (2009)']);
    expect(Array.from(keyed.interactions.article)).toEqual([0, 1, 0]);
    // The first article with the title provides the metadata.
    expect(keyed.articles.get('Heat (1995)')?.category).toBe('Action');
    expect(keyed.interactions.like[0]).toBe(MISSING_FLAG);
  });

  it('rejects an article without metadata', () => {
    const partial = { ...dataset, articles: new Map([...dataset.articles].slice(0, 2)) };
    expect(() => keyArticlesByTitle(partial)).toThrow(/Article "3" has no metadata row/);
  });
});

describe('protocol options', () => {
  it('rejects a model the protocol does not have', () => {
    const options = resolveProtocolOptions({ models: ['bpr', 'svd'] });
    expect(() => buildProtocolModels([], [{ name: 'bpr' }], options, () => {})).toThrow(/Unknown model "svd" for this protocol; choose from bpr/);
  });

  it('applies the epoch override to two-tower models only', () => {
    const options = resolveProtocolOptions({ epochs: 2 });
    const models = buildProtocolModels(
      [{ name: 'tt', config: { preset: 'id-only' }, training: { epochs: 9 } }],
      [{ name: 'most-popular' }],
      options,
      () => {},
    );
    expect(models.map((model) => model.name)).toEqual(['tt', 'most-popular']);
    expect((models[0] as unknown as { options: { training: { epochs: number } } }).options.training.epochs).toBe(2);
  });

  it('needs a data folder', async () => {
    await expect(runTfrsMl100kProtocol({})).rejects.toThrow(/tfrs-ml100k protocol needs a data folder/);
    await expect(runTfrsMl100kProtocol({ dataDir: '/nonexistent/ml-100k' })).rejects.toThrow(/does not exist/);
  });

  it('rejects a negative seed', () => {
    expect(() => resolveProtocolOptions({ seed: -1 })).toThrow(/Invalid protocol options: seed/);
  });
});

describe('random split evaluation', () => {
  it('refuses the live setting', async () => {
    const table = buildTable([
      { user: 'u1', article: 'a', time: 1 },
      { user: 'u2', article: 'b', time: 2 },
    ]);
    const split = { cutoff: 3, train: table, test: table };
    await expect(evaluate({ split, splitKind: 'random', articles: new Map(), models: [] })).rejects.toThrow(/supports only the warm candidate setting/);
    const result = await evaluate({ split, splitKind: 'random', articles: new Map(), models: [], options: { candidates: 'warm' } });
    expect(result.splitKind).toBe('random');
  });
});
