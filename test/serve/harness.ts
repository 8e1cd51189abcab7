import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { pino } from 'pino';

import type { PipelineOptionsInput } from '../../src/serve/options.js';
import { createServer, type ReadNextServer } from '../../src/serve/server.js';
import { type ArticleInput, Store } from '../../src/store/index.js';
import { type FakeModelSpec, fakeModelLoader, type LoaderLog, writeFakeModel } from './fake-model.js';

export const API_KEY = 'test-key-0123456789abcdef';
/** Fixed request time of the tests: 2026-12-04T12:00:00Z. */
export const NOW = Date.UTC(2026, 11, 4, 12);
export const HOUR = 3_600_000;

/**
 * The fixture catalogue: three topics with hand-picked vectors. Within a topic the first
 * article has the largest component on the topic axis, so for a reader of one topic the
 * expected model order is 1, 2, 3 of that topic. Every article was published i hours before NOW.
 */
export const FIXTURE_ARTICLES: { id: string; category: string; vector: number[] }[] = [
  { id: 't1', category: 'tech', vector: [1, 0, 0, 0.3] },
  { id: 't2', category: 'tech', vector: [0.9, 0.1, 0, 0.2] },
  { id: 't3', category: 'tech', vector: [0.8, 0, 0.1, 0.1] },
  { id: 't4', category: 'tech', vector: [0.7, 0, 0, 0] },
  { id: 's1', category: 'sport', vector: [0, 1, 0, 0.3] },
  { id: 's2', category: 'sport', vector: [0.1, 0.9, 0, 0.2] },
  { id: 's3', category: 'sport', vector: [0, 0.8, 0.1, 0.1] },
  { id: 'f1', category: 'food', vector: [0, 0, 1, 0.3] },
  { id: 'f2', category: 'food', vector: [0, 0.1, 0.9, 0.2] },
];

export function fixtureSpec(overrides: Partial<FakeModelSpec> = {}): FakeModelSpec {
  return {
    articles: FIXTURE_ARTICLES.map((article, i) => ({ id: article.id, vector: article.vector, publishedAt: NOW - (i + 1) * HOUR })),
    users: { 'known-user': [0.5, 0.5, 0, 0] },
    ...overrides,
  };
}

export function fixtureArticleRows(): ArticleInput[] {
  return FIXTURE_ARTICLES.map((article, i) => ({
    articleId: article.id,
    title: `Article ${article.id}`,
    text: `About ${article.category}`,
    category: article.category,
    tags: [],
    author: `author-${article.category}`,
    publishedAt: NOW - (i + 1) * HOUR,
  }));
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
}

export interface TestServer {
  baseUrl: string;
  server: ReadNextServer;
  store: Store;
  dir: string;
  clock: { now: number };
  loaderLog: LoaderLog;
  /** Log lines written by the server (pino JSON). */
  logLines: string[];
  request(method: string, url: string, options?: { body?: unknown; rawBody?: string; apiKey?: string | null; headers?: Record<string, string> }): Promise<HttpResult>;
  /** Writes a fake model directory and registers it under `version`. */
  addModel(version: string, spec: FakeModelSpec): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  spec?: FakeModelSpec;
  pipeline?: PipelineOptionsInput;
  /** Writes articles, users or events before the server starts. Default: the fixture articles. */
  seed?: (store: Store) => void;
  bodyLimitBytes?: number;
  /** Do not activate a model at start. */
  noModel?: boolean;
}

/** Starts the service on 127.0.0.1 at a random port over a SQLite file in a temp folder. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'readnext-serve-'));
  const clock = { now: NOW };
  const store = Store.open(path.join(dir, 'readnext.db'), { now: () => clock.now });
  (options.seed ?? ((s: Store) => s.articles.upsertMany(fixtureArticleRows())))(store);

  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  const loaderLog: LoaderLog = { loaded: [], disposed: [] };
  const server = await createServer({
    store,
    apiKey: API_KEY,
    pipeline: { popularityMinRefreshMs: 0, ...options.pipeline },
    loadModel: fakeModelLoader(loaderLog),
    logger,
    now: () => clock.now,
    bodyLimitBytes: options.bodyLimitBytes,
  });

  const addModel = async (version: string, spec: FakeModelSpec): Promise<void> => {
    const modelDir = await writeFakeModel(path.join(dir, 'models', version), spec);
    server.service.registerModel(version, modelDir);
  };
  if (options.noModel !== true) {
    await addModel('v1', options.spec ?? fixtureSpec());
    await server.service.activate('v1');
  }
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });

  const request: TestServer['request'] = async (method, url, requestOptions = {}) => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    const apiKey = requestOptions.apiKey === undefined ? API_KEY : requestOptions.apiKey;
    if (apiKey !== null) headers['x-api-key'] = apiKey;
    let body: string | undefined = requestOptions.rawBody;
    if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body);
    if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${address}${url}`, { method, headers, body });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json') === true;
    return { status: response.status, headers: response.headers, body: isJson && text.length > 0 ? JSON.parse(text) : text };
  };

  return {
    baseUrl: address,
    server,
    store,
    dir,
    clock,
    loaderLog,
    logLines,
    request,
    addModel,
    close: async () => {
      await server.app.close();
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let eventCounter = 0;

/** Builds a valid event body with a fresh id; `overrides` replace fields. */
export function event(user: string, article: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  eventCounter += 1;
  return { event_id: `e${eventCounter}`, user, article, type: 'read', timestamp: NOW - HOUR, ...overrides };
}

/** Ids of a recommendation or similar-articles response, in order. */
export function itemIds(body: { items: { articleId: string }[] }): string[] {
  return body.items.map((item) => item.articleId);
}
