import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadTrainingExamples } from '../../../bench/peers/interactions-csv.js';
import { PeerError } from '../../../bench/peers/peer-error.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'readnext-peers-csv-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeCsv(name: string, text: string): Promise<string> {
  const file = join(folder, name);
  await writeFile(file, text);
  return file;
}

async function loadError(file: string): Promise<PeerError> {
  const error = await loadTrainingExamples(file).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PeerError);
  return error as PeerError;
}

describe('loadTrainingExamples', () => {
  it('keeps clicks and numbers rows by first appearance', async () => {
    const file = await writeCsv(
      'basic.csv',
      [
        'user_id,article_id,timestamp,click,read_time,like',
        'u9,a1,2026-11-01T00:00:00Z,1,10,0',
        'u7,a2,2026-11-01T00:01:00Z,0,,', // impression without click: skipped
        'u7,a1,2026-11-01T00:02:00Z,,,', // unknown click: kept
        'u9,a3,2026-11-01T00:03:00Z,1,,1',
      ].join('\n'),
    );
    const examples = await loadTrainingExamples(file);

    expect(examples.size).toBe(3);
    // u9 -> 1, u7 -> 2 (u7's skipped row does not assign a row); a1 -> 1, a3 -> 2.
    expect(Array.from(examples.userRow)).toEqual([1, 2, 1]);
    expect(Array.from(examples.articleRow)).toEqual([1, 1, 2]);
    expect(examples.users).toBe(2);
    expect(examples.articles).toBe(2);
    expect(examples.rowsRead).toBe(4);
    expect(examples.rowsSkippedNoClick).toBe(1);
  });

  it('finds columns by name and reads quoted ids', async () => {
    const file = await writeCsv('reordered.csv', 'article_id,user_id\n"a,1",u1\na2,"u ""2"""\n');
    const examples = await loadTrainingExamples(file);

    expect(examples.size).toBe(2);
    expect(Array.from(examples.articleRow)).toEqual([1, 2]);
    expect(Array.from(examples.userRow)).toEqual([1, 2]);
  });

  it('rejects a missing file', async () => {
    const error = await loadError(join(folder, 'absent.csv'));
    expect(error.code).toBe('PEER_DATA_INVALID');
    expect(error.message).toMatch(/absent\.csv not found/);
  });

  it('rejects a header without article_id', async () => {
    const error = await loadError(await writeCsv('no-article.csv', 'user_id,item\nu1,a1\n'));
    expect(error.code).toBe('PEER_DATA_INVALID');
    expect(error.message).toMatch(/lacks user_id or article_id/);
  });

  it('rejects an invalid click with its line', async () => {
    const error = await loadError(await writeCsv('bad-click.csv', 'user_id,article_id,click\nu1,a1,1\nu1,a2,yes\n'));
    expect(error.code).toBe('PEER_DATA_INVALID');
    expect(error.message).toMatch(/line 3: click "yes" is invalid/);
  });

  it('rejects an empty user id', async () => {
    const error = await loadError(await writeCsv('empty-user.csv', 'user_id,article_id\n,a1\n'));
    expect(error.message).toMatch(/line 2: user_id is empty/);
  });

  it('rejects a file without examples', async () => {
    const error = await loadError(await writeCsv('no-clicks.csv', 'user_id,article_id,click\nu1,a1,0\n'));
    expect(error.message).toMatch(/has no examples/);
  });
});
