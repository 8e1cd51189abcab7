import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterEach, describe, expect, it } from 'vitest';

import { IngestError } from '../../src/data/errors.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import type { LoadOptions } from '../../src/data/load-options.js';
import { MISSING_FLAG, type Dataset, type IngestReport } from '../../src/data/types.js';
import { NOW, removeFolder, tempFolder } from './helpers.js';

const HEADER = 'user_id,article_id,timestamp,click,read_time,like';
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map(removeFolder));
});

async function load(files: Record<string, string | Buffer>, options: LoadOptions = {}): Promise<Dataset> {
  const folder = await tempFolder(files);
  folders.push(folder);
  const dataset = await loadDataset(folder, { now: NOW, ...options });
  expectCountsAddUp(dataset.report);
  return dataset;
}

async function loadError(files: Record<string, string | Buffer>, options: LoadOptions = {}): Promise<IngestError> {
  const folder = await tempFolder(files);
  folders.push(folder);
  const error = await loadDataset(folder, { now: NOW, ...options }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

/** Asserts the report invariant: read = accepted + rejected + duplicatesMerged in every table. */
function expectCountsAddUp(report: IngestReport): void {
  for (const table of report.tables) {
    expect(table.read, table.file).toBe(table.accepted + table.rejected + table.duplicatesMerged);
    const byReason = Object.values(table.rejectedByReason).reduce((sum, count) => sum + count, 0);
    expect(byReason, table.file).toBe(table.rejected);
  }
}

function rejectsOf(dataset: Dataset): Array<[number, string, string]> {
  return dataset.report.rejects.map((reject) => [reject.line, reject.reason, reject.message]);
}

function ids(dataset: Dataset): Array<[string, string]> {
  const table = dataset.interactions;
  return Array.from({ length: table.size }, (_, row) => [table.userIds[table.user[row]], table.articleIds[table.article[row]]]);
}

describe('loadDataset on bad input', () => {
  it('rejects rows with the wrong field count', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,,\nu2,a2,2024-01-01\nu3,a3,2024-01-01,1,,,extra\n`,
    });
    expect(dataset.interactions.size).toBe(1);
    expect(rejectsOf(dataset)).toEqual([
      [3, 'malformed_row', 'expected 6 fields as in the header, found 3'],
      [4, 'malformed_row', 'expected 6 fields as in the header, found 7'],
    ]);
    expect(dataset.report.tables[0]).toMatchObject({ read: 3, accepted: 1, rejected: 2, rejectedByReason: { malformed_row: 2 } });
  });

  it('rejects NaN, negative and text read times', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,NaN,\nu1,a2,2024-01-01,1,-3,\nu1,a3,2024-01-01,1,long,\nu1,a4,2024-01-01,1,12.5,\n`,
    });
    expect(rejectsOf(dataset)).toEqual([
      [2, 'invalid_read_time', 'read_time "NaN" is not a finite number of seconds >= 0'],
      [3, 'invalid_read_time', 'read_time "-3" is not a finite number of seconds >= 0'],
      [4, 'invalid_read_time', 'read_time "long" is not a finite number of seconds >= 0'],
    ]);
    expect(Array.from(dataset.interactions.readTime)).toEqual([12.5]);
  });

  it('rejects bad flags and missing ids', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\n,a1,2024-01-01,1,,\nu1,,2024-01-01,1,,\nu1,a1,,1,,\nu1,a1,2024-01-01,2,,\nu1,a1,2024-01-01,1,,yes\n`,
    });
    expect(dataset.interactions.size).toBe(0);
    expect(rejectsOf(dataset)).toEqual([
      [2, 'missing_user_id', 'user_id is empty'],
      [3, 'missing_article_id', 'article_id is empty'],
      [4, 'missing_timestamp', 'timestamp is empty'],
      [5, 'invalid_click', 'click "2" is not 0, 1, true or false'],
      [6, 'invalid_like', 'like "yes" is not 0, 1, true or false'],
    ]);
    expect(dataset.report.warnings?.map((warning) => warning.code)).toEqual(['no_rows_accepted', 'no_interactions']);
  });

  it('keeps interactions with articles missing from the article table', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,,\nu1,a2,2024-01-02,1,,\nu2,a2,2024-01-03,1,,\n`,
      'articles.csv': 'article_id,title\na1,Known\na9,Never read\n',
    });
    expect(dataset.interactions.size).toBe(3);
    expect(dataset.report.interactionsWithUnknownArticle).toBe(2);
    // Content-only articles get codes after the interacted ones.
    expect(dataset.interactions.articleIds).toEqual(['a1', 'a2', 'a9']);
    expect(dataset.articles.get('a9')?.title).toBe('Never read');
  });

  it('merges exact duplicates and keeps near duplicates', async () => {
    const dataset = await load({
      'interactions.csv':
        `${HEADER}\n` +
        'u1,a1,2024-01-01T10:00:00Z,1,30,\n' +
        'u1,a1,2024-01-01T10:00:00Z,1,30,\n' + // exact copy: merged
        'u1,a1,2024-01-01T10:00:00Z,1,30,1\n' + // like differs: kept
        'u1,a1,2024-01-01T10:00:00Z,1,,\n' + // read_time unknown: kept
        'u1,a1,2024-01-01T10:00:00Z,1,,\n' + // copy of the previous row (NaN equals NaN here): merged
        'u1,a1,1704103200,1,30,\n', // same instant in Unix seconds, but the file is ISO: rejected
    });
    expect(dataset.interactions.size).toBe(3);
    expect(dataset.report.tables[0]).toMatchObject({ read: 6, accepted: 3, rejected: 1, duplicatesMerged: 2 });
    expect(Array.from(dataset.interactions.like)).toEqual([MISSING_FLAG, 1, MISSING_FLAG]);
    expect(rejectsOf(dataset)[0][1]).toBe('invalid_timestamp');
  });

  it('sorts out-of-order rows by time and keeps ties in input order', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a3,300,1,,\nu2,a1,100,1,,\nu3,a2,300,1,,\nu1,a2,200,1,,\nu2,a3,100,1,,\n`,
    });
    expect(ids(dataset)).toEqual([
      ['u2', 'a1'],
      ['u2', 'a3'],
      ['u1', 'a2'],
      ['u1', 'a3'],
      ['u3', 'a2'],
    ]);
    expect(Array.from(dataset.interactions.timestamp)).toEqual([100_000, 100_000, 200_000, 300_000, 300_000]);
    // Each of 300 → 100, 300 → 200 and 200 → 100 goes back in time.
    expect(dataset.report.tables[0].outOfOrder).toBe(3);
    expect(dataset.report.timestampFormats['interactions.csv']).toBe('unix_seconds');
    // Codes follow first appearance in the sorted table.
    expect(dataset.interactions.userIds).toEqual(['u2', 'u1', 'u3']);
  });

  it('rejects timestamps after now', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-12-31T23:59:59Z,1,,\nu1,a2,2025-01-01T00:00:00Z,1,,\nu1,a3,2025-01-01T00:00:00.001Z,1,,\n`,
    });
    expect(dataset.interactions.size).toBe(2);
    expect(rejectsOf(dataset)).toEqual([
      [4, 'future_timestamp', 'timestamp 2025-01-01T00:00:00.001Z is after the load time 2025-01-01T00:00:00.000Z'],
    ]);
  });

  it('rejects invalid timestamps with the value in the message', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-02-30,1,,\nu1,a2,yesterday,1,,\nu1,a3,2024-01-01,1,,\n`,
    });
    expect(rejectsOf(dataset)).toEqual([
      [2, 'invalid_timestamp', 'timestamp "2024-02-30" is not ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds'],
      [3, 'invalid_timestamp', 'timestamp "yesterday" is not ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds'],
    ]);
  });

  it('keeps Unicode and URL-like ids exactly', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\n用户1,ação/2024?x=1&y,2024-01-01,1,,\n"用户1","ação/2024?x=1&y",2024-01-02,1,,\n`,
      'articles.csv': 'article_id,title\nação/2024?x=1&y,Ação\n',
    });
    expect(dataset.interactions.userIds).toEqual(['用户1']);
    expect(dataset.interactions.articleIds).toEqual(['ação/2024?x=1&y']);
    expect(dataset.report.interactionsWithUnknownArticle).toBe(0);
  });

  it('keeps 64-bit ids as strings', async () => {
    // 9007199254740993 = 2^53 + 1 becomes 9007199254740992 as a JS number.
    const dataset = await load({
      'interactions.csv': `${HEADER}\n-8845298781299428018,9007199254740993,2024-01-01,1,,\n`,
    });
    expect(dataset.interactions.userIds).toEqual(['-8845298781299428018']);
    expect(dataset.interactions.articleIds).toEqual(['9007199254740993']);
  });

  it('rejects JSONL integers above 2^53 and keeps JSON string ids', async () => {
    const dataset = await load({
      'interactions.jsonl':
        '{"user_id":"u1","article_id":"9007199254740993","timestamp":"2024-01-01T00:00:00Z"}\n' +
        '{"user_id":"u1","article_id":9007199254740993,"timestamp":"2024-01-01T00:00:00Z"}\n' +
        '{"user_id":7,"article_id":"a1","timestamp":"2024-01-02T00:00:00Z","click":true,"read_time":12,"like":null}\n',
    });
    expect(dataset.interactions.articleIds).toEqual(['9007199254740993', 'a1']);
    expect(dataset.interactions.userIds).toEqual(['u1', '7']);
    expect(rejectsOf(dataset)).toEqual([
      [2, 'unsafe_integer', 'article_id 9007199254740992 is a JSON number above 2^53 and may have lost digits when parsed; write it as a JSON string'],
    ]);
    expect(Array.from(dataset.interactions.click)).toEqual([MISSING_FLAG, 1]);
    expect(Array.from(dataset.interactions.like)).toEqual([MISSING_FLAG, MISSING_FLAG]);
    expect(dataset.report.tables[0].format).toBe('jsonl');
  });

  it('rejects malformed JSONL lines', async () => {
    const dataset = await load({
      'interactions.jsonl': '{"user_id":"u1","article_id":"a1","timestamp":1700000000}\n{"user_id":\n"just a string"\n{"user_id":{"id":1},"article_id":"a","timestamp":1}\n',
    });
    expect(dataset.interactions.size).toBe(1);
    expect(rejectsOf(dataset).map(([line, reason]) => [line, reason])).toEqual([
      [2, 'malformed_json'],
      [3, 'malformed_json'],
      [4, 'invalid_value'],
    ]);
    expect(rejectsOf(dataset)[2][2]).toBe('user_id is an object; expected a string, number or boolean');
  });

  it('treats an absent optional column as all missing', async () => {
    const dataset = await load({ 'interactions.csv': 'article_id,user_id,timestamp\na1,u1,2024-01-01\n' });
    expect(Array.from(dataset.interactions.click)).toEqual([MISSING_FLAG]);
    expect(Array.from(dataset.interactions.like)).toEqual([MISSING_FLAG]);
    expect(Array.from(dataset.interactions.readTime)).toEqual([Number.NaN]);
  });

  it('reads gzip files', async () => {
    const dataset = await load({
      'interactions.csv.gz': `${HEADER}\nu1,a1,1700000000000,0,,\n`,
      'articles.jsonl.gz': '{"article_id":"a1","title":"T","tags":["x","y"],"published_at":"2023-11-01"}\n',
    });
    expect(dataset.interactions.size).toBe(1);
    expect(dataset.report.timestampFormats['interactions.csv.gz']).toBe('unix_milliseconds');
    expect(dataset.articles.get('a1')).toEqual({
      articleId: 'a1',
      title: 'T',
      text: '',
      category: null,
      tags: ['x', 'y'],
      author: null,
      publishedAt: Date.UTC(2023, 10, 1),
    });
  });

  it('reads quoted multi-line article text and keeps line numbers', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,,\n`,
      'articles.csv':
        'article_id,title,text,category,tags,author,published_at\n' +
        'a1,"Title, with comma","Para one.\n\nPara ""two"".",python,"python|ml",Ann,2023-12-01\n' +
        'a2,Bad date,,,,,not-a-date\n',
    });
    expect(dataset.articles.get('a1')).toMatchObject({ title: 'Title, with comma', text: 'Para one.\n\nPara "two".', tags: ['python', 'ml'], author: 'Ann' });
    // a2 starts on line 5: the a1 record spans lines 2-4.
    expect(rejectsOf(dataset)).toEqual([
      [5, 'invalid_timestamp', 'published_at: timestamp "not-a-date" is not ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds'],
    ]);
  });

  it('accepts a 1 MB text and cuts longer ones with a count', async () => {
    const title = 't'.repeat(10_000);
    const fits = 'x'.repeat(1_000_000);
    const tooLong = 'y'.repeat(1_200_000);
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,,\n`,
      'articles.csv': `article_id,title,text\na1,${title},${fits}\na2,short,"${tooLong}"\n`,
    });
    expect(dataset.articles.get('a1')?.title).toBe(title);
    expect(dataset.articles.get('a1')?.text.length).toBe(1_000_000);
    expect(dataset.articles.get('a2')?.text.length).toBe(1_000_000);
    expect(dataset.report.tables[1]).toMatchObject({ accepted: 2, truncatedFields: 1 });
    expect(dataset.report.warnings).toEqual([
      {
        file: 'articles.csv',
        code: 'text_truncated',
        message: 'articles.csv: 1 title or text values were longer than 1000000 characters and were cut',
      },
    ]);
  });

  it('merges identical article rows and rejects conflicting ones', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,,\n`,
      'articles.csv': 'article_id,title\na1,First\na1,First\na1,Second\n',
    });
    expect(dataset.articles.get('a1')?.title).toBe('First');
    expect(dataset.report.tables[1]).toMatchObject({ read: 3, accepted: 1, duplicatesMerged: 1, rejected: 1 });
    expect(rejectsOf(dataset)).toEqual([[4, 'duplicate_article_id', 'article_id "a1" appears again with different content; the first row was kept']]);
  });

  it('reads the user table and counts unknown users', async () => {
    const dataset = await load({
      'interactions.csv': `${HEADER}\nu1,a1,2024-01-01,1,,\nu2,a1,2024-01-02,1,,\n`,
      'users.csv': 'user_id,preferred_topics,signup_date\nu1,"python;rust",2023-06-01\nu7,devops,\n',
    });
    expect(dataset.users.get('u1')).toEqual({ userId: 'u1', preferredTopics: ['python', 'rust'], signupDate: Date.UTC(2023, 5, 1) });
    expect(dataset.report.interactionsWithUnknownUser).toBe(1);
    // The profile-only user gets a code after the users with interactions.
    expect(dataset.interactions.userIds).toEqual(['u1', 'u2', 'u7']);
  });

  it('fails on an empty interactions file', async () => {
    const error = await loadError({ 'interactions.csv': '' });
    expect(error.code).toBe('INGEST_EMPTY_FILE');
    expect(error.message).toBe(
      'interactions.csv is empty: it has no header and no rows. Write the header user_id,article_id,timestamp[,click,read_time,like] and at least one interaction.',
    );
  });

  it('warns on a header-only interactions file', async () => {
    const dataset = await load({ 'interactions.csv': `${HEADER}\n`, 'articles.csv': '' });
    expect(dataset.interactions.size).toBe(0);
    expect(dataset.report.warnings).toEqual([
      { file: 'interactions.csv', code: 'header_only', message: 'interactions.csv has a header but no rows, so the interaction table is empty' },
      { file: 'articles.csv', code: 'empty_file', message: 'articles.csv is empty, so no article metadata was loaded' },
      { file: '(dataset)', code: 'no_interactions', message: 'the data set has no accepted interaction, so it cannot be used to train or evaluate' },
    ]);
  });

  it('fails on a missing required column', async () => {
    const error = await loadError({ 'interactions.csv': 'user_id,article_id,time\nu1,a1,2024-01-01\n' });
    expect(error.code).toBe('INGEST_MISSING_COLUMN');
    expect(error.message).toBe(
      'interactions.csv: required column timestamp missing from the header (found: user_id, article_id, time). Column names are exact and lower case, e.g. user_id, article_id, timestamp.',
    );
  });

  it('warns about unknown columns', async () => {
    const dataset = await load({ 'interactions.csv': 'user_id,article_id,timestamp,readtime\nu1,a1,2024-01-01,5\n' });
    expect(dataset.report.warnings?.[0]).toEqual({
      file: 'interactions.csv',
      code: 'ignored_columns',
      message: 'interactions.csv: columns readtime are not part of the format and were ignored',
    });
  });

  it('fails on a missing column in a quoted header', async () => {
    // A quote in the header hands the file to csv-parse from line 1.
    const error = await loadError({ 'interactions.csv': '"user_id","article_id","time"\nu1,a1,2024-01-01\n' });
    expect(error.code).toBe('INGEST_MISSING_COLUMN');
    expect(error.details).toMatchObject({ missing: ['timestamp'] });
  });

  it('fails on a truncated gzip file', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `u${i},a${i},2024-01-01,1,,`).join('\n');
    const complete = gzipSync(Buffer.from(`${HEADER}\n${rows}\n`));
    const folder = await tempFolder();
    folders.push(folder);
    await writeFile(join(folder, 'interactions.csv.gz'), complete.subarray(0, complete.length / 2));

    const error = await loadDataset(folder, { now: NOW }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('INGEST_UNREADABLE_FILE');
    expect((error as IngestError).message).toMatch(/unexpected end of file\. If the file is gzip, check that it is complete \(gzip -t\)\.$/);
  });

  it('fails when two interactions files compete', async () => {
    const error = await loadError({ 'interactions.csv': `${HEADER}\n`, 'interactions.jsonl': '' });
    expect(error.code).toBe('INGEST_AMBIGUOUS_INPUT');
  });

  it('fails on an unknown layout', async () => {
    const error = await loadError({ 'clicks.txt': 'x' });
    expect(error.code).toBe('INGEST_UNKNOWN_FORMAT');
    expect(error.message).toContain('Pass --format to choose one.');
  });

  it('writes every reject to the rejects file and caps the in-memory list', async () => {
    const folder = await tempFolder({ 'interactions.csv': `${HEADER}\n,a,2024-01-01,1,,\n,b,2024-01-01,1,,\n,c,2024-01-01,1,,\nu,d,2024-01-01,1,,\n` });
    folders.push(folder);
    const rejectsFile = join(folder, 'rejects.jsonl');
    const dataset = await loadDataset(folder, { now: NOW, rejectsFile, maxRejectsInMemory: 1 });

    expect(dataset.report.rejects).toHaveLength(1);
    expect(dataset.report.rejectsOmitted).toBe(2);
    const lines = (await readFile(rejectsFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([2, 3, 4].map((line) => ({ file: 'interactions.csv', line, reason: 'missing_user_id', message: 'user_id is empty' })));
  });

  it('rejects invalid options with the field name', async () => {
    const error = await loadError({ 'interactions.csv': `${HEADER}\n` }, { maxTextChars: 0 });
    expect(error.code).toBe('INGEST_INVALID_OPTIONS');
    expect(error.message).toMatch(/^Invalid load options: maxTextChars: /);
  });
});
