import { describe, expect, it } from 'vitest';

import { load } from '../../../src/data/adapters/movielens-100k.js';
import { detectFormat } from '../../../src/data/load-dataset.js';
import { sharedDataFolder } from '../helpers.js';

const folder = sharedDataFolder('movielens-ml-100k');

describe.skipIf(folder === null)('movielens-100k on the published data', () => {
  it('loads the counts stated in SOURCE.md', async () => {
    const dataset = await load(folder as string);
    const table = dataset.interactions;
    expect(await detectFormat(folder as string)).toBe('movielens-100k');

    expect(table.size).toBe(100_000);
    expect(table.userIds).toHaveLength(943);
    expect(table.articleIds).toHaveLength(1682);
    expect(dataset.articles.size).toBe(1682);
    expect(dataset.report.tables.map((report) => [report.file, report.read, report.accepted, report.rejected])).toEqual([
      ['u.data', 100_000, 100_000, 0],
      ['u.item', 1682, 1682, 0],
    ]);
    // 1997-09-20T03:05:10Z → 1998-04-22T23:10:38Z.
    expect(table.timestamp[0]).toBe(Date.UTC(1997, 8, 20, 3, 5, 10));
    expect(table.timestamp[table.size - 1]).toBe(Date.UTC(1998, 3, 22, 23, 10, 38));
    // awk -F'\t' '$3 >= 4' u.data | wc -l → 55,375.
    expect(table.like.reduce((sum, like) => sum + like, 0)).toBe(55_375);
    expect(dataset.articles.get('1')).toMatchObject({ title: 'Toy Story (1995)', tags: ['Animation', "Children's", 'Comedy'], category: 'Animation' });
  });
});
