import { describe, expect, it } from 'vitest';

import { distribution, summarizeDataset, timeQuantile } from '../../src/data/summarize.js';
import { MISSING_FLAG, type Dataset, type InteractionTable } from '../../src/data/types.js';
import { quantileCutoff } from '../../src/features/time-split.js';

/**
 * Ten interactions at t = 1..10 s:
 *   t:       1   2   3   4   5   6   7   8   9   10
 *   user:    u0  u0  u1  u0  u1  u2  u0  u1  u3  u2
 *   article: a0  a1  a0  a2  a1  a0  a3  a0  a4  a1
 * Per user: u0 4, u1 3, u2 2, u3 1. Per article: a0 4, a1 3, a2 1, a3 1, a4 1.
 * Quantile 0.7 → position floor(0.7 * 10) = 7 → cutoff t = 8 s; train t1-t7, test t8-t10.
 * Test users u1, u3, u2; u3 is unseen. Test articles a0, a4, a1; a4 is unseen.
 */
function tinyDataset(): Dataset {
  const interactions: InteractionTable = {
    size: 10,
    userIds: ['u0', 'u1', 'u2', 'u3', 'u4'],
    articleIds: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'],
    user: Int32Array.from([0, 0, 1, 0, 1, 2, 0, 1, 3, 2]),
    article: Int32Array.from([0, 1, 0, 2, 1, 0, 3, 0, 4, 1]),
    timestamp: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1000)),
    click: Int8Array.from([1, 1, 0, 1, 1, 1, 0, 1, 1, MISSING_FLAG]),
    readTime: Float32Array.from([10, Number.NaN, Number.NaN, 5, 0, Number.NaN, Number.NaN, 7, Number.NaN, Number.NaN]),
    like: Int8Array.from([1, 0, MISSING_FLAG, MISSING_FLAG, MISSING_FLAG, 1, MISSING_FLAG, MISSING_FLAG, MISSING_FLAG, MISSING_FLAG]),
  };
  const article = (articleId: string) => ({ articleId, title: articleId, text: '', category: null, tags: [], author: null, publishedAt: null });
  return {
    name: 'tiny',
    interactions,
    // a0 and a5 have metadata: a0 is in 4 of 10 interactions.
    articles: new Map([
      ['a0', article('a0')],
      ['a5', article('a5')],
    ]),
    users: new Map([['u4', { userId: 'u4', preferredTopics: ['x'], signupDate: null }]]),
    report: {
      tables: [
        { file: 'i.csv', format: 'csv', table: 'interactions', read: 13, accepted: 10, rejected: 2, rejectedByReason: { invalid_click: 2 }, duplicatesMerged: 1, outOfOrder: 4 },
        { file: 'a.csv', format: 'csv', table: 'articles', read: 3, accepted: 2, rejected: 1, rejectedByReason: { invalid_click: 1 }, duplicatesMerged: 0 },
      ],
      timestampFormats: { 'i.csv': 'unix_seconds' },
      interactionsWithUnknownArticle: 6,
      interactionsWithUnknownUser: 0,
      rejects: [],
    },
  };
}

describe('summarizeDataset', () => {
  it('computes the summary of a hand-built data set', () => {
    const summary = summarizeDataset(tinyDataset(), { cutoffQuantile: 0.7 });

    expect(summary.users).toEqual({ total: 5, withInteractions: 4, withProfile: 1 });
    expect(summary.articles).toEqual({ total: 6, withMetadata: 2, interacted: 5, interactedWithMetadata: 1 });
    expect(summary.interactions).toEqual({
      total: 10,
      click: { clicked: 7, notClicked: 2, unknown: 1 },
      like: { liked: 2, notLiked: 1, unknown: 7 },
      readTimePresent: 4,
    });
    expect(summary.timeRange).toEqual({ first: 1000, last: 10_000 });
    // Users 4, 3, 2, 1 → sorted 1 2 3 4: p50 = rank ceil(2) = 2nd = 2; p90 = rank ceil(3.6) = 4th = 4.
    expect(summary.interactionsPerUser).toEqual({ p50: 2, p90: 4, p99: 4, max: 4, mean: 2.5 });
    // Articles 4, 3, 1, 1, 1 → sorted 1 1 1 3 4: p50 = 3rd = 1; p90 = rank ceil(4.5) = 5th = 4.
    expect(summary.interactionsPerArticle).toEqual({ p50: 1, p90: 4, p99: 4, max: 4, mean: 2 });
    expect(summary.articleMetadataShare).toBe(0.4);
    expect(summary.ingest.interactions).toEqual({ files: 1, read: 13, accepted: 10, rejected: 2, duplicatesMerged: 1, outOfOrder: 4, truncatedFields: 0 });
    expect(summary.ingest.articles).toMatchObject({ files: 1, read: 3, accepted: 2, rejected: 1 });
    expect(summary.ingest.rejectedByReason).toEqual({ invalid_click: 3 });
    expect(summary.split).toEqual({
      quantile: 0.7,
      cutoff: 8000,
      trainInteractions: 7,
      testInteractions: 3,
      testUsers: 3,
      unseenTestUsers: 1,
      testArticles: 3,
      unseenTestArticles: 1,
      testInteractionsWithUnseenUser: 1,
      testInteractionsWithUnseenArticle: 1,
    });
  });

  it('uses an explicit cutoff', () => {
    const summary = summarizeDataset(tinyDataset(), { cutoff: 9500 });
    expect(summary.split).toMatchObject({ quantile: null, cutoff: 9500, trainInteractions: 9, testInteractions: 1 });
  });

  it('summarises an empty table', () => {
    const dataset = tinyDataset();
    dataset.interactions = { ...dataset.interactions, size: 0, user: new Int32Array(0), article: new Int32Array(0), timestamp: new Float64Array(0), click: new Int8Array(0), readTime: new Float32Array(0), like: new Int8Array(0) };
    const summary = summarizeDataset(dataset);
    expect(summary.split).toBeNull();
    expect(summary.timeRange).toEqual({ first: null, last: null });
    expect(summary.interactionsPerUser).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
    expect(summary.articleMetadataShare).toBe(0);
  });

  it('rejects a quantile outside (0, 1)', () => {
    expect(() => summarizeDataset(tinyDataset(), { cutoffQuantile: 1 })).toThrow(/Invalid summary options: cutoffQuantile/);
  });
});

describe('timeQuantile', () => {
  it('matches the features layer cutoff', () => {
    const table = tinyDataset().interactions;
    for (const quantile of [0.05, 0.5, 0.7, 0.9, 0.99]) {
      expect(timeQuantile(table.timestamp, quantile)).toBe(quantileCutoff(table, quantile));
    }
  });
});

describe('distribution', () => {
  it('uses nearest rank', () => {
    // 1..100: p50 = 50, p90 = 90, p99 = 99.
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(distribution(values)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
  });
});
