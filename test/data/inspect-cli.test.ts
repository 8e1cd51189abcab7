/**
 * `readnext inspect` run in-process on a hand-written canonical folder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { registerInspect } from '../../src/cli/inspect.js';
import { removeFolder, tempFolder } from './helpers.js';

let folder: string;
beforeAll(async () => {
  // Ten interactions of 3 users on 4 articles, one day apart, plus two bad rows.
  const rows = [
    'u1,a1,2024-01-01T00:00:00Z,1,30,1',
    'u2,a1,2024-01-02T00:00:00Z,1,,',
    'u1,a2,2024-01-03T00:00:00Z,0,,',
    'u3,a1,2024-01-04T00:00:00Z,1,12,0',
    'u2,a2,2024-01-05T00:00:00Z,1,,',
    'u1,a3,2024-01-06T00:00:00Z,1,,',
    'u2,a3,2024-01-07T00:00:00Z,1,,',
    'u1,a1,2024-01-08T00:00:00Z,1,,',
    'u4,a4,2024-01-09T00:00:00Z,1,,',
    'u1,a4,2024-01-10T00:00:00Z,1,,1',
    'u1,a4,2024-01-10T00:00:00Z,1,,1',
    'u5,a5,2024-01-11T00:00:00Z,1,-1,',
    'u5,a5,2099-01-01T00:00:00Z,1,,',
  ];
  folder = await tempFolder({
    'interactions.csv': `user_id,article_id,timestamp,click,read_time,like\n${rows.join('\n')}\n`,
    'articles.csv': 'article_id,title\na1,One\na2,Two\n',
  });
});
afterAll(async () => {
  await removeFolder(folder);
});

let output = '';
afterEach(() => {
  vi.restoreAllMocks();
  output = '';
});

async function runInspect(args: string[]): Promise<void> {
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  const program = new Command().exitOverride().configureOutput({ writeErr: (text) => (output += text), writeOut: (text) => (output += text) });
  registerInspect(program);
  await program.parseAsync(['node', 'readnext', 'inspect', ...args]);
}

describe('readnext inspect', () => {
  it('prints the text summary', async () => {
    await runInspect([folder, '--cutoff-quantile', '0.8']);
    const lines = output.split('\n');

    expect(lines[0]).toMatch(/^Data set readnext-ingest-\w+ \(format canonical, loaded in \d+\.\d s\)$/);
    expect(lines.slice(1)).toEqual([
      'Users         4 (4 with interactions, 0 with a profile)',
      'Articles      4 (2 with metadata, 4 interacted, 2 interacted with metadata)',
      'Interactions  10',
      '  click       9 clicked, 1 shown not clicked, 0 unknown',
      '  like        2 liked, 1 not liked, 7 unknown',
      '  read_time   2 with a value',
      'Time range    2024-01-01T00:00:00.000Z to 2024-01-10T00:00:00.000Z',
      // Per user 5, 3, 1, 1 → sorted 1 1 3 5: p50 = 2nd = 1, p90 = 4th = 5.
      'Per user      p50 1, p90 5, p99 5, max 5 (mean 2.5)',
      // Per article a1 4, a2 2, a3 2, a4 2 → sorted 2 2 2 4.
      'Per article   p50 2, p90 4, p99 4, max 4 (mean 2.5)',
      // a1 and a2 have metadata: 4 + 2 of 10 interactions.
      'Metadata      60.0% of interactions have an article with metadata',
      'Timestamps    interactions.csv: iso8601',
      'Ingest        interactions (1 file): 13 read, 10 accepted, 2 rejected, 1 duplicates merged, 0 out of time order',
      '              articles (1 file): 2 read, 2 accepted, 0 rejected, 0 duplicates merged',
      'Rejected      invalid_read_time 1, future_timestamp 1',
      // Quantile 0.8 → position 8 → 2024-01-09; test = u4/a4 on day 9 and u1/a4 on day 10.
      'Split         cutoff 2024-01-09T00:00:00.000Z (quantile 0.8): 8 train, 2 test interactions',
      '              test users 2, 1 unseen in train (1 test interactions)',
      '              test articles 1, 1 unseen in train (2 test interactions)',
      '',
    ]);
  });

  it('prints JSON and writes the rejects file', async () => {
    const rejectsFile = join(folder, 'rejects.jsonl');
    await runInspect([folder, '--json', '--rejects', rejectsFile]);
    const parsed = JSON.parse(output) as { format: string; summary: { interactions: { total: number }; split: { cutoff: number } } };

    expect(parsed.format).toBe('canonical');
    expect(parsed.summary.interactions.total).toBe(10);
    // Quantile 0.9 → position 9 → 2024-01-10.
    expect(parsed.summary.split.cutoff).toBe(Date.UTC(2024, 0, 10));
    const rejects = (await readFile(rejectsFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).reason);
    expect(rejects).toEqual(['invalid_read_time', 'future_timestamp']);
  });

  it('exits with the error code for a missing folder', async () => {
    const error = await runInspect([join(folder, 'nope')]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(1);
    expect(output).toContain('error INGEST_INPUT_NOT_FOUND:');
  });

  it('rejects a quantile outside (0, 1)', async () => {
    const error = await runInspect([folder, '--cutoff-quantile', '1.5']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommanderError);
    expect(output).toContain('expected a number between 0 and 1 (exclusive), got "1.5"');
  });
});
