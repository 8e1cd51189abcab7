import { describe, expect, it } from 'vitest';

import { formatDemoSummary, summarizeDemoDataset } from '../../src/data/demo/index.js';
import { type Article, type Dataset, MISSING_FLAG } from '../../src/data/types.js';

function article(articleId: string, category: string | null): Article {
  return { articleId, title: articleId, text: '', category, tags: [], author: null, publishedAt: null };
}

// Five rows: u1 clicks a1 (30 s, liked) and a2 (10 s), is shown a3; u2 clicks a1 (20 s) and has
// one row with an unknown click. u3 is in the dictionary without rows.
const dataset: Dataset = {
  name: 'tiny',
  interactions: {
    size: 5,
    userIds: ['u1', 'u2', 'u3'],
    articleIds: ['a1', 'a2', 'a3'],
    user: Int32Array.from([0, 0, 0, 1, 1]),
    article: Int32Array.from([0, 1, 2, 0, 2]),
    timestamp: Float64Array.from([1_000, 2_000, 3_000, 4_000, Date.UTC(2024, 0, 1)]),
    click: Int8Array.from([1, 1, 0, 1, MISSING_FLAG]),
    readTime: Float32Array.from([30, 10, 0, 20, Number.NaN]),
    like: Int8Array.from([1, 0, 0, 0, MISSING_FLAG]),
  },
  articles: new Map([
    ['a1', article('a1', 'Rust')],
    ['a2', article('a2', 'Go')],
    ['a3', article('a3', null)],
  ]),
  users: new Map([['u1', { userId: 'u1', preferredTopics: ['Rust'], signupDate: null }]]),
  report: { tables: [], timestampFormats: {}, interactionsWithUnknownArticle: 0, interactionsWithUnknownUser: 0, rejects: [] },
};

describe('summarizeDemoDataset', () => {
  it('counts rows, users and categories', () => {
    expect(summarizeDemoDataset(dataset)).toEqual({
      name: 'tiny',
      interactions: 5,
      clicks: 3,
      shownNotClicked: 1,
      likes: 1,
      // Clicked read times 30, 10, 20 -> median 20.
      medianReadTimeSeconds: 20,
      users: 2,
      registeredUsers: 1,
      usersWithPreferredTopics: 1,
      articles: 3,
      clickedArticles: 2,
      firstTimestamp: 1_000,
      lastTimestamp: Date.UTC(2024, 0, 1),
      categories: [
        { name: 'Rust', articles: 1, clicks: 2 },
        { name: 'Go', articles: 1, clicks: 1 },
        { name: '(none)', articles: 1, clicks: 0 },
      ],
    });
  });

  it('formats the summary lines', () => {
    expect(formatDemoSummary(summarizeDemoDataset(dataset))).toEqual([
      'tiny: 5 interactions from 1970-01-01T00:00:01Z to 2024-01-01T00:00:00Z',
      '  clicks 3 (60.0% of rows), shown but not clicked 1, likes 1 (33.3% of clicks), median read time 20 s',
      '  users 2 with interactions, 1 registered, 1 with preferred topics',
      '  articles 3, 2 clicked at least once',
      '  categories (articles, clicks):',
      '    Rust         1          2',
      '    Go           1          1',
      '    (none)       1          0',
    ]);
  });

  it('handles an empty table', () => {
    const empty: Dataset = {
      ...dataset,
      interactions: { ...dataset.interactions, size: 0, user: new Int32Array(0), article: new Int32Array(0), timestamp: new Float64Array(0), click: new Int8Array(0), readTime: new Float32Array(0), like: new Int8Array(0) },
    };
    const summary = summarizeDemoDataset(empty);
    expect(summary.medianReadTimeSeconds).toBeNaN();
    expect(summary.firstTimestamp).toBeNaN();
    expect(formatDemoSummary(summary)[0]).toBe('tiny: 0 interactions (no interactions)');
  });
});
