import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateDemo } from '../../src/data/demo/index.js';
import { splitByTime } from '../../src/features/time-split.js';
import { saveTwoTower } from '../../src/models/two-tower-file.js';
import { createServer, type ReadNextServer } from '../../src/serve/server.js';
import { Store } from '../../src/store/index.js';
import { TwoTowerRecommender } from '../../src/train/two-tower-recommender.js';
import { API_KEY } from './harness.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// One epoch on the small demo (600 articles): enough to check the wiring, not the quality.
describe('serving a trained two-tower model', () => {
  const dataset = generateDemo({ scale: 'small', seed: 5 });
  let dir: string;
  let modelDir: string;
  let store: Store;
  let server: ReadNextServer;
  let baseUrl: string;
  let cutoff: number;

  beforeAll(async () => {
    const split = splitByTime(dataset.interactions, { quantile: 0.9 });
    cutoff = split.cutoff;
    const recommender = new TwoTowerRecommender({ training: { epochs: 1, validationShare: 0 } });
    await recommender.fit({ train: split.train, articles: dataset.articles, users: dataset.users, cutoff, seed: 3 });
    dir = await mkdtemp(path.join(tmpdir(), 'readnext-serve-model-'));
    modelDir = path.join(dir, 'model-1');
    await saveTwoTower(modelDir, recommender.toServingModel('model-1'), {});
    await recommender.dispose();

    store = Store.open(path.join(dir, 'readnext.db'), { now: () => cutoff });
    store.articles.upsertMany([...dataset.articles.values()]);
    server = await createServer({ store, apiKey: API_KEY, logger: pino({ level: 'silent' }), now: () => cutoff });
    server.service.registerModel('model-1', modelDir);
    await server.service.activate('model-1');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await server?.app.close();
    store?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('recommends k catalogue articles for a reader', async () => {
    const articleIds = [...dataset.articles.keys()];
    const events = articleIds.slice(0, 3).map((articleId, i) => ({
      event_id: `real-${i}`,
      user: 'new-reader',
      article: articleId,
      type: 'read',
      timestamp: cutoff - 1000 * (3 - i),
    }));
    const posted = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify(events),
    });
    expect(posted.status).toBe(200);

    const response = await fetch(`${baseUrl}/v1/users/new-reader/recommendations?k=10&explain=true`);
    const body = (await response.json()) as any;
    expect(response.status).toBe(200);
    expect(body.coldStart).toBe(false);
    expect(body.items).toHaveLength(10);
    const ids = body.items.map((item: { articleId: string }) => item.articleId);
    expect(new Set(ids).size).toBe(10);
    for (const id of ids) expect(dataset.articles.has(id)).toBe(true);
    for (const read of articleIds.slice(0, 3)) expect(ids).not.toContain(read);
    expect(body.items[0].source).toBe('model');
    expect(articleIds.slice(0, 3)).toContain(body.items[0].because.articleId);
  });

  it('indexes a new article from its content', async () => {
    const template = dataset.articles.values().next().value!;
    const response = await fetch(`${baseUrl}/v1/articles/brand-new`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ title: template.title, text: template.text, category: template.category, tags: template.tags }),
    });
    expect(response.status).toBe(201);
    const similar = (await (await fetch(`${baseUrl}/v1/articles/brand-new/similar?k=5`)).json()) as any;
    expect(similar.items).toHaveLength(5);
    expect(server.service.registry.current()?.contentOnly.has('brand-new')).toBe(true);
  });

  it('starts from the command line', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--model', modelDir, '--db', path.join(dir, 'cli.db'), '--port', '0', '--log-level', 'silent'],
      { cwd: REPO_ROOT, env: { ...process.env, READNEXT_API_KEY: API_KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const ready = await (await fetch(`${address}/readyz`)).json();
      // A new database has no articles, so the index contains the training catalogue only.
      const trained = server.service.registry.current()!.model.articleIds.length;
      expect(ready).toMatchObject({ status: 'ready', modelVersion: 'model-1', indexedArticles: trained });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('fails at start without the API key variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--model', modelDir, '--db', path.join(dir, 'cli2.db'), '--api-key-env', 'READNEXT_TEST_UNSET_KEY'], {
      cwd: REPO_ROOT,
      env: { ...process.env, READNEXT_TEST_UNSET_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('missing_api_key');
    expect(stderr).toContain('READNEXT_TEST_UNSET_KEY');
  }, 60_000);
});
