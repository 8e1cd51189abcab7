import { describe, expect, it } from 'vitest';

import { load } from '../../../src/data/adapters/deskdrop.js';
import { detectFormat } from '../../../src/data/load-dataset.js';
import { sharedDataFolder } from '../helpers.js';

const folder = sharedDataFolder('deskdrop');

describe.skipIf(folder === null)('deskdrop on the published interactions', () => {
  it('loads the counts stated in SOURCE.md', async () => {
    const dataset = await load(folder as string);
    const table = dataset.interactions;
    expect(await detectFormat(folder as string)).toBe('deskdrop');

    // 72,312 events. Dropping session and user agent makes 2,965 of them exact copies of another
    // (the 11 raw duplicates, 2,284 that differ only in session or user agent, and same-second
    // LIKE/BOOKMARK pairs), counted independently with Python's csv module.
    expect(dataset.report.tables[0]).toMatchObject({ read: 72_312, accepted: 69_347, rejected: 0, duplicatesMerged: 2965 });
    expect(table.size).toBe(69_347);
    expect(table.userIds).toHaveLength(1895);
    expect(table.articleIds).toHaveLength(2987);
    expect(table.timestamp[0]).toBe(Date.UTC(2016, 2, 14, 13, 54, 36));
    expect(table.timestamp[table.size - 1]).toBe(Date.UTC(2017, 1, 28, 19, 21, 51));
    expect(table.like.filter((like) => like === 1)).toHaveLength(10_545);

    // 214 article rows; the last one is cut inside its text, so it is rejected.
    expect(dataset.report.tables[1]).toMatchObject({ read: 214, accepted: 213, rejected: 1, rejectedByReason: { malformed_csv: 1 } });
    expect(dataset.articles.size).toBe(213);
    expect(table.size - dataset.report.interactionsWithUnknownArticle).toBe(23_236);
    // Signed 64-bit ids keep every digit.
    expect(table.userIds).toContain('-8845298781299428018');
  });
});
