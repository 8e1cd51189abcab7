/**
 * Each adapter's mapping on a tiny hand-written folder in the source layout, so the mapping is
 * tested even where the public data sets are absent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterEach, describe, expect, it } from 'vitest';

import { detectFormat, loadDataset } from '../../../src/data/load-dataset.js';
import { MISSING_FLAG, type Dataset } from '../../../src/data/types.js';
import { NOW, removeFolder, tempFolder } from '../helpers.js';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map(removeFolder));
});

async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const folder = await tempFolder();
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) {
    const path = join(folder, name);
    await mkdir(join(path, '..'), { recursive: true });
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeFile(path, name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  }
  return folder;
}

function rows(dataset: Dataset): Array<[string, string, string, number, number]> {
  const table = dataset.interactions;
  return Array.from({ length: table.size }, (_, row) => [
    table.userIds[table.user[row]],
    table.articleIds[table.article[row]],
    new Date(table.timestamp[row]).toISOString(),
    table.click[row],
    table.like[row],
  ]);
}

function expectCountsAddUp(dataset: Dataset): void {
  for (const table of dataset.report.tables) {
    expect(table.read, table.file).toBe(table.accepted + table.rejected + table.duplicatesMerged);
  }
}

describe('movielens-100k adapter', () => {
  it('maps ratings, genres and release dates', async () => {
    const genreFlags = (set: number[]) => Array.from({ length: 19 }, (_, i) => (set.includes(i) ? '1' : '0')).join('|');
    const folder = await folderWith({
      'u.data': '1\t10\t5\t881250949\n2\t10\t3\t881250950\n1\t11\t6\t881250951\n',
      // Latin-1 title; genres Animation (3) and Comedy (5); item 11 only "unknown" (0).
      'u.item': Buffer.concat([
        Buffer.from(`10|Café (1995)|4-Feb-1995||http://x|${genreFlags([3, 5])}\n`, 'latin1'),
        Buffer.from(`11|unknown||||${genreFlags([0])}\n`, 'latin1'),
      ]),
    });
    expect(await detectFormat(folder)).toBe('movielens-100k');

    const dataset = await loadDataset(folder, { now: NOW });
    expect(rows(dataset)).toEqual([
      ['1', '10', '1997-12-04T15:55:49.000Z', 1, 1],
      ['2', '10', '1997-12-04T15:55:50.000Z', 1, 0],
    ]);
    expect(dataset.report.rejects.map((reject) => [reject.line, reject.reason, reject.message])).toEqual([
      [3, 'invalid_rating', 'rating "6" is not a number between 0.5 and 5'],
    ]);
    expect(dataset.articles.get('10')).toEqual({
      articleId: '10',
      title: 'Café (1995)',
      text: '',
      category: 'Animation',
      tags: ['Animation', 'Comedy'],
      author: null,
      publishedAt: Date.UTC(1995, 1, 4),
    });
    expect(dataset.articles.get('11')).toMatchObject({ category: null, tags: [], publishedAt: null });
    expectCountsAddUp(dataset);
  });
});

describe('movielens-latest adapter', () => {
  it('maps ratings, genres, title years and user tags', async () => {
    const folder = await folderWith({
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.5,964981247\n',
      'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,"Twelve Monkeys (a.k.a. 12 Monkeys) (1995)",(no genres listed)\n3,No Year,Drama\n',
      'tags.csv': 'userId,movieId,tag,timestamp\n2,1,pixar,1445714994\n3,1,Pixar,1445714996\n3,1,adventure,1445714997\n4,99,orphan,1445714998\n',
    });
    expect(await detectFormat(folder)).toBe('movielens-latest');

    const dataset = await loadDataset(folder, { now: NOW });
    expect(rows(dataset)).toEqual([
      ['1', '2', '2000-07-30T18:20:47.000Z', 1, 0],
      ['1', '1', '2000-07-30T18:45:03.000Z', 1, 1],
    ]);
    expect(dataset.articles.get('1')).toMatchObject({ tags: ['Adventure', 'Animation', 'pixar'], category: 'Adventure', publishedAt: Date.UTC(1995, 0, 1) });
    expect(dataset.articles.get('2')).toMatchObject({ title: 'Twelve Monkeys (a.k.a. 12 Monkeys) (1995)', tags: [], category: null });
    expect(dataset.articles.get('3')?.publishedAt).toBeNull();
    // "Pixar" repeats "pixar" and "adventure" repeats the genre: both merged; movie 99 is unknown.
    expect(dataset.report.tables[2]).toMatchObject({ file: 'tags.csv', read: 4, accepted: 1, duplicatesMerged: 2, rejected: 1 });
    expectCountsAddUp(dataset);
  });
});

describe('deskdrop adapter', () => {
  it('maps event types and keeps signed 64-bit ids', async () => {
    const folder = await folderWith({
      'users_interactions.csv.gz':
        'timestamp,eventType,contentId,personId,sessionId,userAgent,userRegion,userCountry\n' +
        '1465413032,VIEW,-3499919498720038879,-8845298781299428018,1,,,\n' +
        '1465413033,LIKE,-3499919498720038879,-8845298781299428018,1,"Mozilla/5.0 (X11, Linux)",SP,BR\n' +
        '1465413033,BOOKMARK,-3499919498720038879,-8845298781299428018,2,,,\n' +
        '1465413034,SHARE,-3499919498720038879,-8845298781299428018,2,,,\n',
      'derived_partial/articles_top.csv.gz':
        'contentId,title,text,authorPersonId,timestamp,lang,eventType\n' +
        '-3499919498720038879,Title,"Body, with comma",42,1459193988,en,CONTENT SHARED\n',
    });
    expect(await detectFormat(folder)).toBe('deskdrop');

    const dataset = await loadDataset(folder, { now: NOW });
    expect(rows(dataset)).toEqual([
      ['-8845298781299428018', '-3499919498720038879', '2016-06-08T19:10:32.000Z', 1, MISSING_FLAG],
      ['-8845298781299428018', '-3499919498720038879', '2016-06-08T19:10:33.000Z', 1, 1],
    ]);
    // LIKE and BOOKMARK in the same second map to the same row: merged.
    expect(dataset.report.tables[0]).toMatchObject({ read: 4, accepted: 2, duplicatesMerged: 1, rejected: 1, rejectedByReason: { unknown_event_type: 1 } });
    expect(dataset.articles.get('-3499919498720038879')).toEqual({
      articleId: '-3499919498720038879',
      title: 'Title',
      text: 'Body, with comma',
      category: null,
      tags: ['lang:en'],
      author: '42',
      publishedAt: 1_459_193_988_000,
    });
    expectCountsAddUp(dataset);
  });
});

describe('globo adapter', () => {
  it('reads hourly click files in name order and the metadata', async () => {
    const header = 'user_id,session_id,session_start,session_size,click_article_id,click_timestamp,click_environment,click_deviceGroup,click_os,click_country,click_region,click_referrer_type\n';
    const folder = await folderWith({
      'clicks/clicks_hour_001.csv.gz': `${header}1,s,0,1,200,1506830400000,4,3,20,1,20,2\n`,
      'clicks/clicks_hour_000.csv.gz': `${header}0,s,0,2,100,1506826828020,4,3,20,1,20,2\n0,s,0,2,200,1506826858020,4,3,20,1,20,2\n`,
      'clicks/clicks_hour_002.csv.gz': header,
      'derived_partial/articles_metadata_subset.csv': 'article_id,category_id,created_at_ts,publisher_id,words_count\n100,7,1506800000000,0,168\n300,8,1506700000000,0,x\n',
    });
    expect(await detectFormat(folder)).toBe('globo');

    const dataset = await loadDataset(folder, { now: NOW });
    expect(rows(dataset)).toEqual([
      ['0', '100', '2017-10-01T03:00:28.020Z', 1, MISSING_FLAG],
      ['0', '200', '2017-10-01T03:00:58.020Z', 1, MISSING_FLAG],
      ['1', '200', '2017-10-01T04:00:00.000Z', 1, MISSING_FLAG],
    ]);
    expect(dataset.report.tables.map((table) => table.file)).toEqual([
      'clicks/clicks_hour_000.csv.gz',
      'clicks/clicks_hour_001.csv.gz',
      'clicks/clicks_hour_002.csv.gz',
      'derived_partial/articles_metadata_subset.csv',
    ]);
    expect(dataset.articles.get('100')).toEqual({
      articleId: '100',
      title: '',
      text: '',
      category: '7',
      tags: [],
      author: null,
      publishedAt: 1_506_800_000_000,
      wordCount: 168,
    });
    expect(dataset.report.rejects.map((reject) => reject.message)).toEqual(['words_count "x" is not a whole number >= 0']);
    expect(dataset.report.warnings?.map((warning) => [warning.file, warning.code])).toEqual([['clicks/clicks_hour_002.csv.gz', 'header_only']]);
    expect(dataset.report.interactionsWithUnknownArticle).toBe(2);
    expectCountsAddUp(dataset);
  });
});

describe('mind adapter', () => {
  it('maps impressions, histories and news', async () => {
    const folder = await folderWith({
      'news.tsv': 'N1\tsports\tfootball\tTitle one\tAbstract one\thttps://x\t[]\t[]\nN2\tnews\tpolitics\tTitle two\t\thttps://y\t[]\t[]\n',
      'behaviors.tsv':
        '1\tU1\t11/12/2019 2:14:46 PM\tN7 N8\tN1-1 N2-0\n' +
        '2\tU1\t11/11/2019 9:00:00 AM\tN7 N8\tN3-0 N4-x\n' +
        '3\tU2\tnot a time\t\tN1-1\n' +
        '4\tU3\t11/13/2019 5:53:12 AM\t\t\n',
    });
    expect(await detectFormat(folder)).toBe('mind');

    const dataset = await loadDataset(folder, { now: NOW });
    // History of U1 sits 2 s and 1 s before U1's earliest impression (line 2, 09:00:00).
    expect(rows(dataset)).toEqual([
      ['U1', 'N7', '2019-11-11T08:59:58.000Z', 1, MISSING_FLAG],
      ['U1', 'N8', '2019-11-11T08:59:59.000Z', 1, MISSING_FLAG],
      ['U1', 'N3', '2019-11-11T09:00:00.000Z', 0, MISSING_FLAG],
      ['U1', 'N1', '2019-11-12T14:14:46.000Z', 1, MISSING_FLAG],
      ['U1', 'N2', '2019-11-12T14:14:46.000Z', 0, MISSING_FLAG],
    ]);
    // Records: line 1 has 4 entries, line 2 has 4, line 3 counts as one, line 4 has none.
    expect(dataset.report.tables[0]).toMatchObject({
      read: 9,
      accepted: 5,
      duplicatesMerged: 2,
      rejected: 2,
      rejectedByReason: { invalid_impression: 1, invalid_timestamp: 1 },
    });
    expect(dataset.report.timestampFormats['behaviors.tsv']).toBe('us_date_12h');
    expect(dataset.articles.get('N1')).toEqual({ articleId: 'N1', title: 'Title one', text: 'Abstract one', category: 'sports', tags: ['football'], author: null, publishedAt: null });
    expectCountsAddUp(dataset);
  });
});
