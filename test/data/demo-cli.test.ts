/**
 * `readnext generate` and `readnext demo` run in-process, writing into a temp folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { registerDemo } from '../../src/cli/demo.js';
import { registerGenerate } from '../../src/cli/generate.js';
import { DEMO_CATEGORIES, generateDemo } from '../../src/data/demo/index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'readnext-generate-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let output = '';
afterEach(() => {
  vi.restoreAllMocks();
  output = '';
});

async function run(args: string[]): Promise<void> {
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  const program = new Command().exitOverride().configureOutput({ writeErr: (text) => (output += text), writeOut: (text) => (output += text) });
  registerGenerate(program);
  registerDemo(program);
  await program.parseAsync(['node', 'readnext', ...args]);
}

async function runFailing(args: string[]): Promise<CommanderError> {
  try {
    await run(args);
  } catch (error) {
    expect(error).toBeInstanceOf(CommanderError);
    return error as CommanderError;
  }
  throw new Error(`expected readnext ${args.join(' ')} to fail`);
}

describe('readnext generate', () => {
  it('writes the CSV files and a summary', async () => {
    const out = path.join(root, 'small');
    await run(['generate', '--seed', '5', '--out', out]);

    const expected = generateDemo({ scale: 'small', seed: 5 });
    const lines = output.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^demo-small: ${expected.interactions.size.toLocaleString('en-US')} interactions from 2024-01-01T`));
    expect(output).toContain(`wrote ${path.join(out, 'interactions.csv')} (${expected.interactions.size.toLocaleString('en-US')} rows`);
    expect(output).toContain('articles 600,');
    for (const category of DEMO_CATEGORIES) expect(output).toContain(category.name);

    const interactions = readFileSync(path.join(out, 'interactions.csv'), 'utf8').trimEnd().split('\n');
    expect(interactions[0]).toBe('user_id,article_id,timestamp,click,read_time,like');
    expect(interactions.length - 1).toBe(expected.interactions.size);
    expect(existsSync(path.join(out, 'articles.csv'))).toBe(true);
    expect(existsSync(path.join(out, 'users.csv'))).toBe(true);
  });

  it('refuses to overwrite without --force', async () => {
    const out = path.join(root, 'twice');
    await run(['generate', '--out', out]);
    const before = readFileSync(path.join(out, 'interactions.csv'));
    output = '';

    const error = await runFailing(['generate', '--out', out, '--seed', '6']);
    expect(error.exitCode).toBe(1);
    expect(error.code).toBe('DEMO_OUTPUT_EXISTS');
    expect(output).toContain('error DEMO_OUTPUT_EXISTS: interactions.csv, articles.csv, users.csv already exist');
    expect(readFileSync(path.join(out, 'interactions.csv')).equals(before)).toBe(true);

    await run(['generate', '--out', out, '--seed', '6', '--force']);
    expect(readFileSync(path.join(out, 'interactions.csv')).equals(before)).toBe(false);
  });

  it('rejects a bad seed or scale', async () => {
    const badSeed = await runFailing(['generate', '--out', path.join(root, 'bad'), '--seed', '-3']);
    expect(badSeed.code).toBe('commander.invalidArgument');
    expect(output).toContain('expected an integer in [0, 4294967295], got "-3"');

    const badScale = await runFailing(['generate', '--out', path.join(root, 'bad'), '--scale', 'huge']);
    expect(badScale.code).toBe('commander.invalidArgument');
    expect(existsSync(path.join(root, 'bad'))).toBe(false);
  });

  it('requires --out', async () => {
    const error = await runFailing(['generate']);
    expect(error.code).toBe('commander.missingMandatoryOptionValue');
  });
});

describe('readnext demo', () => {
  it('prints the summary and three top-10 lists', async () => {
    await run(['demo', '--seed', '5']);
    const expected = generateDemo({ scale: 'small', seed: 5 });
    const lines = output.split('\n');
    expect(lines[0]).toContain(`demo-small: ${expected.interactions.size.toLocaleString('en-US')} interactions`);
    expect(lines[4]).toBe('  categories (articles, clicks):');
    // One line per category, most clicked first.
    const categoryLines = lines.slice(5, 17);
    expect(categoryLines.map((line) => line.trim().split(/\s{2,}/)[0]).sort()).toEqual(DEMO_CATEGORIES.map((c) => c.name).sort());
    expect(lines[17]).toMatch(/^ {2}seed 5; generated in memory in \d+\.\d s$/);

    // Three top-10 lists, each with the user's categories and the articles read later marked.
    const headers = lines.flatMap((line, at) => (line.startsWith('top-10 for ') ? [at] : []));
    expect(headers).toHaveLength(3);
    for (const at of headers) {
      expect(lines[at + 1]).toMatch(/^ {2}reads mostly \S.* \d+%, .* \d+%, .* \d+%; read (\d|10) of these 10 after the cutoff \(marked \*\)$/);
      const items = lines.slice(at + 2, at + 12);
      expect(items.map((line) => line.slice(2, 5))).toEqual([' 1.', ' 2.', ' 3.', ' 4.', ' 5.', ' 6.', ' 7.', ' 8.', ' 9.', '10.']);
      // The count in the context line equals the marked items.
      const hits = Number(/read (\d+) of these/.exec(lines[at + 1])![1]);
      expect(items.filter((line) => line[1] === '*').length).toBe(hits);
    }
  });
});
