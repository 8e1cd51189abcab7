import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IngestError } from '../../src/data/errors.js';
import { RejectsWriter, writeRejects } from '../../src/data/rejects-file.js';
import type { RejectedRow } from '../../src/data/types.js';
import { removeFolder, tempFolder } from './helpers.js';

const rows: RejectedRow[] = [
  { file: 'interactions.csv', line: 3, reason: 'invalid_click', message: 'click "2" is not 0, 1, true or false' },
  { file: 'articles.csv', line: 7, reason: 'malformed_row', message: 'expected 7 fields as in the header, found 2' },
];
const expectedText =
  '{"file":"interactions.csv","line":3,"reason":"invalid_click","message":"click \\"2\\" is not 0, 1, true or false"}\n' +
  '{"file":"articles.csv","line":7,"reason":"malformed_row","message":"expected 7 fields as in the header, found 2"}\n';

let folder: string;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(async () => {
  await removeFolder(folder);
});

describe('writeRejects', () => {
  it('writes one JSON object per line', async () => {
    const path = join(folder, 'rejects.jsonl');
    await writeRejects(path, rows);
    expect(await readFile(path, 'utf8')).toBe(expectedText);
  });

  it('writes an empty file for no rejects', async () => {
    const path = join(folder, 'none.jsonl');
    await writeRejects(path, []);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('fails with the path for an unwritable location', async () => {
    const error = await writeRejects(join(folder, 'missing', 'rejects.jsonl'), rows).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('INGEST_WRITE_FAILED');
  });
});

describe('RejectsWriter', () => {
  it('streams the same lines', async () => {
    const path = join(folder, 'streamed.jsonl');
    const writer = new RejectsWriter(path);
    for (const row of rows) writer.write(row);
    writer.close();
    expect(await readFile(path, 'utf8')).toBe(expectedText);
  });
});
