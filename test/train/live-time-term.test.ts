import { describe, expect, it } from 'vitest';

import type { ArticleFeatures } from '../../src/features/article-features.js';
import { TimeTerm } from '../../src/models/time-term.js';
import { TrailingPopularity } from '../../src/models/trailing-popularity.js';
import type { TwoTowerModel } from '../../src/models/two-tower-model.js';
import { CodeScorer } from '../../src/train/code-scorer.js';
import { RecentCounts } from '../../src/train/recent-counts.js';
import type { TrainingData } from '../../src/train/training-data.js';
import { buildTable, HOUR } from '../eval/fixtures.js';

/**
 * Two articles with unknown publication times, so every cell is in age bucket 0 and the cell is
 * the popularity bucket floor(log2(1 + count)): 0, 1, 2-3, 4-7 interactions. The term of
 * popularity bucket p is 10 p, and the embeddings are 0, so each score is the term itself.
 */
function scorerWithTrainingClicks(trainingTimes: { article: number; time: number }[]): CodeScorer {
  const count = 2;
  const term = new TimeTerm({ enabled: true, windowHours: 24, ageBuckets: 3, popularityBuckets: 4 });
  term.popularity.value.set([0, 10, 20, 30]);
  const model = { config: { dim: 1 }, timeTerm: term, embedCandidates: (batch: { size: number }) => new Float32Array(batch.size) };
  const articleFeatures = {
    count,
    category: new Int32Array(count),
    author: new Int32Array(count),
    tagOffsets: new Int32Array(count + 1),
    tags: new Int32Array(0),
    textOffsets: new Int32Array(count + 1),
    textBuckets: new Int32Array(0),
    textWeights: new Float32Array(0),
  } as unknown as ArticleFeatures;
  const data = {
    train: { articleIds: ['a', 'b'] },
    articleFeatures,
    articleIndex: Int32Array.of(1, 2),
    publishedAt: Float64Array.of(NaN, NaN),
    trailing: TrailingPopularity.build(
      count,
      Int32Array.from(trainingTimes, (click) => click.article),
      Float64Array.from(trainingTimes, (click) => click.time),
      24 * HOUR,
    ),
  } as unknown as TrainingData;
  return new CodeScorer(model as unknown as TwoTowerModel, data);
}

/**
 * Rows a request could carry. b at 9 h is outside the window of a 34 h request. Then a at 11 h
 * and 12 h, an impression of b at 20 h, b at 30 h twice, and a at 34 h (the request time itself).
 */
const recent = buildTable(
  [
    { user: 'u1', article: 'b', time: 9 * HOUR },
    { user: 'u2', article: 'a', time: 11 * HOUR },
    { user: 'u3', article: 'a', time: 12 * HOUR },
    { user: 'u4', article: 'b', time: 20 * HOUR, click: 0 },
    { user: 'u5', article: 'b', time: 30 * HOUR },
    { user: 'u6', article: 'b', time: 30 * HOUR },
    { user: 'u7', article: 'a', time: 34 * HOUR },
  ],
  { articleIds: ['a', 'b'] },
);

describe('RecentCounts', () => {
  it('counts positives in the window before the time', () => {
    const counts = new RecentCounts(2, 24 * HOUR);
    // Window [10 h, 34 h): a at 11 h and 12 h; b at 30 h twice. The 9 h row is too old, the 20 h
    // row is no click and the 34 h row is at the request time.
    expect(Array.from(counts.count(recent, 34 * HOUR))).toEqual([2, 2]);
  });

  it('clears only what it counted', () => {
    const counts = new RecentCounts(2, 24 * HOUR);
    counts.count(recent, 34 * HOUR);
    counts.clear();
    expect(Array.from(counts.counts)).toEqual([0, 0]);
    // Window [7 h, 31 h): b at 9 h and twice at 30 h; a at 11 h and 12 h.
    expect(Array.from(counts.count(recent, 31 * HOUR))).toEqual([2, 3]);
  });

  it('skips codes outside its dictionary', () => {
    const counts = new RecentCounts(1, 24 * HOUR);
    expect(Array.from(counts.count(recent, 34 * HOUR))).toEqual([2]);
  });
});

describe('CodeScorer time term with recent counts', () => {
  const codes = Int32Array.of(0, 1);
  // Training: a clicked at 9.5 h; the request is at 30 h, so its window is [6 h, 30 h).
  const scorer = scorerWithTrainingClicks([{ article: 0, time: 9.5 * HOUR }]);

  it('uses training counts alone without recent rows', () => {
    const out = new Float32Array(2);
    scorer.score(new Float32Array(1), 30 * HOUR, codes, out);
    // a: 1 training click -> bucket 1 -> 10; b: 0 -> bucket 0 -> 0.
    expect(Array.from(out)).toEqual([10, 0]);
  });

  it('adds recent counts to the cell', () => {
    const counts = new RecentCounts(2, 24 * HOUR);
    const out = new Float32Array(2);
    scorer.score(new Float32Array(1), 30 * HOUR, codes, out, counts.count(recent, 30 * HOUR));
    // Window [6 h, 30 h) of recent: a at 11 h and 12 h, b at 9 h (the 30 h rows are at the request time).
    // a: 1 + 2 = 3 -> bucket 2 -> 20; b: 0 + 1 = 1 -> bucket 1 -> 10.
    expect(Array.from(out)).toEqual([20, 10]);
  });
});
