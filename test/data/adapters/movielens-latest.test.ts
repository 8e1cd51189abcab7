import { describe, expect, it } from 'vitest';

import { load } from '../../../src/data/adapters/movielens-latest.js';
import { detectFormat } from '../../../src/data/load-dataset.js';
import { sharedDataFolder } from '../helpers.js';

const folder = sharedDataFolder('movielens-ml-latest-small');

describe.skipIf(folder === null)('movielens-latest on ml-latest-small', () => {
  it('loads the counts stated in SOURCE.md', async () => {
    const dataset = await load(folder as string);
    const table = dataset.interactions;
    expect(await detectFormat(folder as string)).toBe('movielens-latest');

    expect(table.size).toBe(100_836);
    expect(table.userIds).toHaveLength(610);
    // 9,742 movies, of which 9,724 are rated; the unrated ones still get codes.
    expect(table.articleIds).toHaveLength(9742);
    expect(new Set(table.article).size).toBe(9724);
    expect(dataset.articles.size).toBe(9742);
    expect(table.timestamp[0]).toBe(Date.UTC(1996, 2, 29, 18, 36, 55));
    expect(table.timestamp[table.size - 1]).toBe(Date.UTC(2018, 8, 24, 14, 27, 30));
    // Ratings >= 4 stars, counted with Python's csv module: 48,580.
    expect(table.like.reduce((sum, like) => sum + like, 0)).toBe(48_580);
    // 3,683 tag rows: 3,459 new tags, 224 repeat a tag or genre the movie already has.
    expect(dataset.report.tables[2]).toMatchObject({ file: 'tags.csv', read: 3683, accepted: 3459, duplicatesMerged: 224, rejected: 0 });
    expect(dataset.articles.get('1')).toMatchObject({ title: 'Toy Story (1995)', category: 'Adventure', publishedAt: Date.UTC(1995, 0, 1) });
    expect(dataset.articles.get('1')?.tags).toContain('pixar');
  });
});
