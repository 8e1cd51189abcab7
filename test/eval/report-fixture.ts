import type { Article } from '../../src/data/types.js';
import { compareWithBaselines } from '../../src/eval/protocols/baseline-comparison.js';
import { createBaseline } from '../../src/eval/baselines/registry.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { resolveProtocolOptions, type ProtocolResult } from '../../src/eval/protocols/protocol-types.js';
import type { FitData, Recommender, ScoringRequest } from '../../src/models/recommender.js';
import { syntheticWorld } from './synthetic-world.js';

/** A category and a model name built to break out of HTML and of a script element if not escaped. */
export const HOSTILE_CATEGORY = '</script><img src=x onerror="window.injected=1">';
export const HOSTILE_MODEL = '<b>pop</b> & "quoted"';

/** Most popular under a name that needs escaping. */
class RenamedMostPopular implements Recommender {
  readonly name = HOSTILE_MODEL;
  private readonly inner = createBaseline('most-popular');
  fit(data: FitData): Promise<void> {
    return this.inner.fit(data);
  }
  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    this.inner.score(request, candidates, out);
  }
}

/**
 * A protocol result over the seeded topical world: BPR (which reports per-epoch losses),
 * item-kNN and a renamed most-popular, in both candidate settings, with one topic renamed to
 * HOSTILE_CATEGORY. Takes about a second.
 */
export async function reportFixture(): Promise<ProtocolResult> {
  const world = syntheticWorld(1);
  const articles = new Map<string, Article>();
  for (const [id, article] of world.articles) {
    articles.set(id, article.category === 'topic0' ? { ...article, category: HOSTILE_CATEGORY } : article);
  }
  const evaluation = await evaluate({
    split: world.split,
    articles,
    models: [createBaseline('bpr'), createBaseline('item-knn'), new RenamedMostPopular()],
    options: { seed: 1 },
  });
  return {
    protocol: 'demo',
    title: 'Synthetic world <fixture>',
    description: 'Three topics & 400 readers.',
    startedAt: '2026-12-04T00:00:00.000Z',
    seconds: 1,
    options: resolveProtocolOptions({ seed: 1 }),
    dataset: {
      name: 'synthetic',
      folder: null,
      interactions: world.split.train.size + world.split.test.size,
      positives: world.split.train.size + world.split.test.size,
      users: world.split.train.userIds.length,
      articles: world.split.train.articleIds.length,
      articlesWithMetadata: articles.size,
      firstInteraction: '1970-01-01T00:00:00.000Z',
      lastInteraction: '1970-01-09T08:00:00.000Z',
    },
    split: { kind: 'time', description: 'Split at 160 h.', cutoff: new Date(world.split.cutoff).toISOString(), trainRows: world.split.train.size, testRows: world.split.test.size },
    evaluation,
    comparisons: compareWithBaselines(evaluation, 'bpr', ['item-knn', HOSTILE_MODEL]),
    references: [{ model: 'bpr', metric: 'top-100 accuracy', low: 0.5, high: 1, source: 'a made-up range <for the test>' }],
    notes: ['Note with <angle brackets>.'],
    settings: ['warm', 'live'],
  };
}
