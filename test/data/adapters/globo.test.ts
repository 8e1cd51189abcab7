import { describe, expect, it } from 'vitest';

import { load } from '../../../src/data/adapters/globo.js';
import { detectFormat } from '../../../src/data/load-dataset.js';
import { sharedDataFolder } from '../helpers.js';

const folder = sharedDataFolder('globo-news-portal');

describe.skipIf(folder === null)('globo on the full click log', () => {
  // 385 gzip files, 3M rows: about 10-30 s on 2 cores.
  it('loads the counts stated in SOURCE.md', { timeout: 300_000 }, async () => {
    const dataset = await load(folder as string);
    const table = dataset.interactions;
    expect(await detectFormat(folder as string)).toBe('globo');

    const clickFiles = dataset.report.tables.filter((report) => report.table === 'interactions');
    expect(clickFiles).toHaveLength(385);
    expect(clickFiles.reduce((sum, report) => sum + report.read, 0)).toBe(2_988_181);
    expect(clickFiles.reduce((sum, report) => sum + report.rejected + report.duplicatesMerged, 0)).toBe(0);
    expect(table.size).toBe(2_988_181);
    expect(table.userIds).toHaveLength(322_897);
    // 46,033 clicked articles plus 106 metadata-only articles of the 112-row head file.
    expect(new Set(table.article).size).toBe(46_033);
    expect(table.articleIds).toHaveLength(46_139);
    expect(dataset.articles.size).toBe(9979);
    // SOURCE.md: the 9,867-row subset covers 96.4% of clicks; with the head file 2,881,094.
    expect(table.size - dataset.report.interactionsWithUnknownArticle).toBe(2_881_094);
    expect(dataset.report.timestampFormats['clicks/clicks_hour_000.csv.gz']).toBe('unix_milliseconds');
    expect(dataset.report.warnings?.map((warning) => [warning.file, warning.code])).toEqual([['clicks/clicks_hour_100.csv.gz', 'header_only']]);
    // click_timestamp 2017-10-01T03:00 → 2017-11-13T20:04 UTC.
    expect(new Date(table.timestamp[0]).toISOString().slice(0, 16)).toBe('2017-10-01T03:00');
    expect(new Date(table.timestamp[table.size - 1]).toISOString().slice(0, 16)).toBe('2017-11-13T20:04');
  });
});
