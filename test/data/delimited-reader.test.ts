import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { parse as parseCsvSync } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readDelimited, splitLine, type DelimitedReaderOptions } from '../../src/data/readers/delimited-reader.js';
import { readJsonl } from '../../src/data/readers/jsonl-reader.js';
import { removeFolder, tempFolder } from './helpers.js';

interface ReadResult {
  records: Array<{ line: number; fields: string[] }>;
  malformed: Array<{ line: number; reason: string; message: string }>;
  stopped: string[];
}

let folder: string;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(async () => {
  await removeFolder(folder);
});

async function read(content: string | Buffer, options: Partial<DelimitedReaderOptions> = {}, name = 'input.csv'): Promise<ReadResult> {
  const path = join(folder, name);
  await writeFile(path, content);
  const result: ReadResult = { records: [], malformed: [], stopped: [] };
  await readDelimited(
    path,
    { delimiter: ',', quoting: true, encoding: 'utf8', maxRecordBytes: 1 << 20, ...options },
    {
      record: (fields, line) => result.records.push({ line, fields: [...fields] }),
      malformed: (line, reason, message) => result.malformed.push({ line, reason, message }),
      stopped: (_line, message) => result.stopped.push(message),
    },
  );
  return result;
}

/** Deterministic pseudo-random integers (a 32-bit LCG), so the generated file is the same every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

describe('readDelimited', () => {
  const tricky =
    '\uFEFFid,text,n\r\n' +
    'a1,plain,1\r\n' +
    '\r\n' +
    'a2,"with, comma",2\n' +
    'a3,"multi\nline ""quoted""\nfield",3\n' +
    'ação,数据 naïve 😀,4\n' +
    'a5,last without newline,5';

  const expected = [
    { line: 1, fields: ['id', 'text', 'n'] },
    { line: 2, fields: ['a1', 'plain', '1'] },
    { line: 4, fields: ['a2', 'with, comma', '2'] },
    { line: 5, fields: ['a3', 'multi\nline "quoted"\nfield', '3'] },
    { line: 8, fields: ['ação', '数据 naïve 😀', '4'] },
    { line: 9, fields: ['a5', 'last without newline', '5'] },
  ];

  it('reads quoted, multi-line and Unicode fields with start lines', async () => {
    const result = await read(tricky);
    expect(result.records).toEqual(expected);
    expect(result.malformed).toEqual([]);
  });

  it('gives the same records with 16-byte chunks', async () => {
    // Chunk boundaries then fall inside quoted fields, CRLF pairs and multi-byte characters.
    const result = await read(tricky, { chunkBytes: 16 });
    expect(result.records).toEqual(expected);
  });

  it('reads gzip transparently', async () => {
    const result = await read(gzipSync(Buffer.from(tricky)), { chunkBytes: 16 }, 'input.csv.gz');
    expect(result.records).toEqual(expected);
  });

  it('matches csv-parse on a generated file', async () => {
    const next = lcg(7);
    const pieces = ['x', 'y,z', 'q"q', 'line\nbreak', 'é', '', '  padded  '];
    const rows: string[] = ['a,b,c'];
    for (let i = 0; i < 400; i += 1) {
      const cells = [0, 1, 2].map(() => {
        const piece = pieces[next() % pieces.length];
        // Plain cells for the first 200 rows keep the fast path busy before csv-parse takes over.
        const needsQuotes = /[",\n]/.test(piece);
        if (i < 200 && needsQuotes) return 'plain';
        return needsQuotes ? `"${piece.replaceAll('"', '""')}"` : piece;
      });
      rows.push(cells.join(','));
    }
    const text = `${rows.join('\n')}\n`;

    const expectedRecords = parseCsvSync(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    const result = await read(text, { chunkBytes: 64 });
    expect(result.records.map((record) => record.fields)).toEqual(expectedRecords);
  });

  it('reports a record that is too long and goes on', async () => {
    const result = await read(`a,b\n1,${'x'.repeat(100)}\n2,y\n`, { maxRecordBytes: 50, chunkBytes: 16 });
    expect(result.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['2', 'y'] },
    ]);
    expect(result.malformed).toEqual([{ line: 2, reason: 'record_too_large', message: 'record is longer than 50 bytes and was skipped' }]);
  });

  it('skips a long line with a quote before csv-parse takes over', async () => {
    // The line is dropped unread, so its quote never switches the reader to csv-parse.
    const result = await read(`a,b\n1,"${'x'.repeat(100)}"\n2,y\n`, { maxRecordBytes: 50 });
    expect(result.records.map((record) => record.line)).toEqual([1, 3]);
    expect(result.malformed).toEqual([{ line: 2, reason: 'record_too_large', message: 'record is longer than 50 bytes and was skipped' }]);
  });

  it('stops at a quoted record that is too long', async () => {
    // Line 2 hands the file to csv-parse; the unclosed quote on line 3 then makes the rest one field.
    const result = await read(`a,b\n0,"q"\n1,"${'x'.repeat(100)}\n2,y\n`, { maxRecordBytes: 50 });
    expect(result.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['0', 'q'] },
    ]);
    expect(result.malformed).toEqual([{ line: 3, reason: 'record_too_large', message: 'record is longer than 50 bytes' }]);
    expect(result.stopped).toEqual([
      'stopped at line 3: a record exceeded 50 bytes, usually because of an unclosed quote; the rest of the file was not read',
    ]);
  });

  it('reports an unclosed quote at the end of the file', async () => {
    const result = await read('a,b\n1,x\n2,"never closed\n3,z\n');
    expect(result.records.map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['1', 'x'],
    ]);
    expect(result.malformed).toEqual([
      { line: 3, reason: 'malformed_csv', message: 'the quote opened in this record is never closed, so lines 3-4 were read as one record' },
    ]);
  });

  it('reads TSV and Latin-1 without quoting', async () => {
    const latin1 = Buffer.from('1|Café "Noir" (1995)|x\n', 'latin1');
    const result = await read(latin1, { delimiter: '|', quoting: false, encoding: 'latin1' }, 'u.item');
    expect(result.records).toEqual([{ line: 1, fields: ['1', 'Café "Noir" (1995)', 'x'] }]);
  });
});

describe('splitLine', () => {
  it('splits and resizes the reused array', () => {
    const fields = ['stale', 'stale', 'stale', 'stale'];
    splitLine('a,,c', ',', fields);
    expect(fields).toEqual(['a', '', 'c']);
  });

  it('skips unwanted fields', () => {
    const fields: string[] = [];
    splitLine('a,b,c,d', ',', fields, Uint8Array.from([1, 0, 1, 0]));
    expect(fields).toEqual(['a', '', 'c', '']);
  });
});

describe('readJsonl', () => {
  it('parses objects and reports bad lines with their numbers', async () => {
    const path = join(folder, 'rows.jsonl');
    await writeFile(path, '{"a":1}\n\n  \nnot json\n[1,2]\n{"b":"ü"}\r\n');
    const objects: Array<[number, unknown]> = [];
    const malformed: Array<[number, string, string]> = [];
    await readJsonl(
      path,
      { maxRecordBytes: 1 << 20, chunkBytes: 16 },
      {
        object: (value, line) => objects.push([line, value]),
        malformed: (line, reason, message) => malformed.push([line, reason, message]),
      },
    );
    expect(objects).toEqual([
      [1, { a: 1 }],
      [6, { b: 'ü' }],
    ]);
    expect(malformed.map(([line, reason]) => [line, reason])).toEqual([
      [4, 'malformed_json'],
      [5, 'malformed_json'],
    ]);
    expect(malformed[1][2]).toBe('line is an array, expected a JSON object');
  });
});
