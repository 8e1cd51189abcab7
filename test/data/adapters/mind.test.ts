import { describe, expect, it } from 'vitest';

import { load } from '../../../src/data/adapters/mind.js';
import { detectFormat } from '../../../src/data/load-dataset.js';
import { sharedDataFolder } from '../helpers.js';

const folder = sharedDataFolder('mind-small-subset');

describe.skipIf(folder === null)('mind on the MIND-small subset', () => {
  it('loads the counts stated in SOURCE.md', async () => {
    const dataset = await load(folder as string);
    const table = dataset.interactions;
    expect(await detectFormat(folder as string)).toBe('mind');

    expect(table.userIds).toHaveLength(4637);
    expect(dataset.articles.size).toBe(2000);
    // 189,359 impressed items (7,542 clicked) plus 159,802 history entries. Histories repeat
    // per impression of a user: 138,932 distinct entries remain, 20,870 merge.
    expect(dataset.report.tables[0]).toMatchObject({ read: 349_161, accepted: 328_291, rejected: 0, duplicatesMerged: 20_870 });
    expect(table.click.filter((click) => click === 0)).toHaveLength(181_817);
    expect(table.click.filter((click) => click === 1)).toHaveLength(7542 + 138_932);
    // 22,592 news ids occur in behaviors; news.tsv adds 1,162 that never do.
    expect(table.articleIds).toHaveLength(23_754);
    expect(table.timestamp[table.size - 1]).toBe(Date.UTC(2019, 10, 14, 23, 50, 13));
    expect(dataset.articles.get('N16278')).toMatchObject({ category: 'sports', tags: ['more_sports'], title: 'Silver Spring Man Nabs Title At Soggy Marine Corps Marathon' });
  });
});
