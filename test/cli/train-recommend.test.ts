/**
 * `readnext train` and `readnext recommend` run in-process on the small demo CSV files in a
 * temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { registerRecommend } from '../../src/cli/recommend.js';
import { registerTrain } from '../../src/cli/train.js';
import { generateDemo, writeCanonicalCsv } from '../../src/data/demo/index.js';

let root: string;
const dataset = generateDemo({ scale: 'small', seed: 8 });

async function run(args: string[]): Promise<string> {
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  const program = new Command().exitOverride().configureOutput({ writeErr: (text) => (output += text), writeOut: (text) => (output += text) });
  registerTrain(program);
  registerRecommend(program);
  try {
    await program.parseAsync(['node', 'readnext', ...args]);
  } finally {
    spy.mockRestore();
  }
  return output;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'readnext-train-'));
  await writeCanonicalCsv(dataset, path.join(root, 'data'));
  await run(['train', path.join(root, 'data'), '--out', path.join(root, 'model'), '--epochs', '1', '--test-users', '200']);
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A registered user with a profile and several clicks. */
function activeUser(): { userId: string; read: Set<string> } {
  const table = dataset.interactions;
  const counts = new Map<number, number>();
  for (let row = 0; row < table.size; row++) if (table.click[row] === 1) counts.set(table.user[row], (counts.get(table.user[row]) ?? 0) + 1);
  const [code] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  const read = new Set<string>();
  for (let row = 0; row < table.size; row++) if (table.user[row] === code && table.click[row] === 1) read.add(table.articleIds[table.article[row]]);
  return { userId: table.userIds[code], read };
}

describe('readnext recommend', () => {
  const model = () => path.join(root, 'model');
  const data = () => path.join(root, 'data');

  it('excludes read articles and prints titles', async () => {
    const { userId, read } = activeUser();
    const output = JSON.parse(await run(['recommend', '--model', model(), '--user', userId, '--data', data(), '-k', '10', '--json']));
    expect(output.source).toBe('model');
    expect(output.timeSource).toBe('last timestamp of --data');
    expect(output.items).toHaveLength(10);
    for (const item of output.items) expect(read.has(item.articleId)).toBe(false);
    expect(output.excludedRead).toBeGreaterThan(0);

    const text = await run(['recommend', '--model', model(), '--user', userId, '--data', data(), '-k', '3']);
    const first = dataset.articles.get(output.items[0].articleId)!;
    expect(text).toContain(`  1. ${first.title} [${first.articleId}]`);
  });

  it('keeps read articles with --include-read', async () => {
    const { userId } = activeUser();
    const output = JSON.parse(await run(['recommend', '--model', model(), '--user', userId, '--data', data(), '-k', '100000', '--include-read', '--json']));
    expect(output.excludedRead).toBe(0);
    const all = JSON.parse(await run(['recommend', '--model', model(), '--user', userId, '--data', data(), '-k', '100000', '--json']));
    // k above the catalogue returns all of it, ranked; excluding reads removes exactly those.
    expect(output.items.length).toBe(all.items.length + all.excludedRead);
    const scores = output.items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('adds articles newer than the model', async () => {
    // Same data plus two articles the model never saw: one published an hour before the last
    // interaction, one published after it (not yet recommendable at the request time).
    const table = dataset.interactions;
    const last = table.timestamp[table.size - 1];
    const template = dataset.articles.values().next().value!;
    const articles = new Map(dataset.articles);
    articles.set('fresh-article', { ...template, articleId: 'fresh-article', title: 'A fresh article', publishedAt: last - 3_600_000 });
    articles.set('future-article', { ...template, articleId: 'future-article', title: 'A future article', publishedAt: last + 3_600_000 });
    const newerData = path.join(root, 'data-newer');
    await writeCanonicalCsv({ ...dataset, articles }, newerData);

    const { userId } = activeUser();
    const args = ['recommend', '--model', model(), '--user', userId, '-k', '100000', '--include-read', '--json'];
    const before = JSON.parse(await run([...args, '--data', data()]));
    const after = JSON.parse(await run([...args, '--data', newerData]));
    const ids = after.items.map((item: { articleId: string }) => item.articleId);
    expect(ids).toContain('fresh-article');
    expect(ids).not.toContain('future-article');
    expect(after.items.length).toBe(before.items.length + 1);
  });

  it('flags the popularity fallback for an unknown user', async () => {
    const text = await run(['recommend', '--model', model(), '--user', 'nobody-at-all', '-k', '5']);
    expect(text).toContain('FALLBACK: the model does not know this user');
    const output = JSON.parse(await run(['recommend', '--model', model(), '--user', 'nobody-at-all', '-k', '5', '--json']));
    expect(output.source).toBe('popularity-fallback');
    expect(output.timeSource).toBe('end of the training data (no --data)');
    const counts = output.items.map((item: { score: number }) => item.score);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('names a missing model directory', async () => {
    await expect(run(['recommend', '--model', path.join(root, 'nope'), '--user', 'x'])).rejects.toMatchObject({ code: 'model_not_found' });
  });
});
