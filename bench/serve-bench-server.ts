/**
 * The server side of bench/serve-latency.ts. It builds a synthetic catalogue, seeds a SQLite
 * store with reading histories and starts the service on 127.0.0.1. Then it prints one JSON
 * line with its URL, the index build or load time and, for HNSW, recall@10 against exact search.
 */
import { performance } from 'node:perf_hooks';

import { pino } from 'pino';

import { ExactIndex } from '../src/index/exact-index.js';
import { measureRecall } from '../src/index/recall.js';
import type { VectorIndex } from '../src/index/vector-index.js';
import { createServer } from '../src/serve/server.js';
import { type ArticleInput, type EventInput, Store } from '../src/store/index.js';
import { Rng } from '../src/tensor/random.js';
import {
  clusterOfRows,
  loadOrBuildHnsw,
  type SyntheticCatalogue,
  syntheticCatalogue,
  syntheticQueries,
  SyntheticServingModel,
} from './serve-catalogue.js';

export interface ServerRoleOptions {
  kind: 'exact' | 'hnsw';
  size: number;
  dimension: number;
  seed: number;
  users: number;
  recallQueries: number;
  databasePath: string;
}

export interface ServerReady {
  url: string;
  report: Record<string, unknown>;
}

const HISTORY_LENGTH = 3;
const HOUR_MS = 3_600_000;
/** Only the 6,200-article catalogue stores its articles; 1,000,000 rows would dominate start-up. */
const MAX_STORED_ARTICLES = 100_000;

export async function runServerRole(options: ServerRoleOptions): Promise<void> {
  const started = performance.now();
  const catalogue = syntheticCatalogue(options.size, options.dimension, options.seed);
  const model = new SyntheticServingModel(catalogue, `synthetic-${options.kind}-${options.size}`);
  const now = Date.now();
  const store = Store.open(options.databasePath);
  const histories = seedStore(store, catalogue, options, now);

  let index: VectorIndex | null = null;
  const report: Record<string, unknown> = { kind: options.kind, articles: options.size, dimension: options.dimension, users: options.users };
  if (options.kind === 'hnsw') {
    const loadStarted = performance.now();
    const loaded = await loadOrBuildHnsw(catalogue);
    index = loaded.index;
    report.indexCached = loaded.cached;
    report.indexBuildMs = loaded.buildMs === null ? null : Math.round(loaded.buildMs);
    report.indexLoadMs = Math.round(performance.now() - loadStarted);
    Object.assign(report, measureHnswRecall(index, catalogue, model, histories, options.recallQueries));
  }

  const server = await createServer({
    store,
    apiKey: 'serve-latency-bench-key',
    logger: pino({ level: 'warn' }),
    requestLogging: false,
    docs: false,
    loadModel: async () => ({ model, publishedAt: () => null, timeTermWindowMs: null, dispose: async () => {} }),
    ...(index === null ? {} : { buildIndex: async () => index as VectorIndex }),
  });
  server.service.registerModel(model.version, 'synthetic');
  const activation = await server.service.activate(model.version);
  report.activationMs = activation.loadMs;

  // Handling time per recommendation request, ms (fastify's elapsedTime: routing to reply sent).
  const handlerMs: number[] = [];
  server.app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url === '/v1/users/:userId/recommendations') handlerMs.push(reply.elapsedTime);
  });
  let cpuAtStart = process.cpuUsage();
  server.app.get('/bench/stats', async () => {
    const sorted = Float64Array.from(handlerMs).sort();
    const at = (fraction: number) => (sorted.length === 0 ? null : round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]));
    // CPU time of the whole server process (HTTP parsing included) per request: unlike the
    // latencies, it barely depends on what else runs on the machine.
    const cpu = process.cpuUsage(cpuAtStart);
    return {
      requests: sorted.length,
      handlerP50Ms: at(0.5),
      handlerP99Ms: at(0.99),
      cpuMsPerRequest: sorted.length === 0 ? null : round((cpu.user + cpu.system) / 1000 / sorted.length),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  });

  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  // Warm-up: JIT and caches, not counted.
  for (let i = 0; i < 200; i++) await server.app.inject({ method: 'GET', url: `/v1/users/u${i % options.users}/recommendations?k=10` });
  handlerMs.length = 0;
  cpuAtStart = process.cpuUsage();
  report.startupMs = Math.round(performance.now() - started);
  report.rssAtStartMiB = Math.round(process.memoryUsage().rss / 2 ** 20);

  process.stdout.write(`${JSON.stringify({ url, report } satisfies ServerReady)}\n`);
  process.once('SIGTERM', () => {
    void server.app.close().then(() => {
      store.close();
      process.exit(0);
    });
  });
}

/**
 * Stores articles (small catalogues) and HISTORY_LENGTH reads per user in the last hours. Each
 * user reads within one topic (cluster), as most readers of a content site do.
 */
function seedStore(store: Store, catalogue: SyntheticCatalogue, options: ServerRoleOptions, now: number): string[][] {
  if (catalogue.ids.length <= MAX_STORED_ARTICLES) {
    const articles: ArticleInput[] = catalogue.ids.map((articleId, row) => ({
      articleId,
      title: `Article ${articleId}`,
      text: '',
      category: `c${row % 50}`,
      tags: [],
      author: null,
      publishedAt: now - row * 60_000,
    }));
    store.articles.upsertMany(articles);
  }

  const labels = clusterOfRows(catalogue);
  const topics = rowsByCluster(labels, catalogue.options.clusters);
  const rng = new Rng(options.seed + 2);
  const histories: string[][] = [];
  const events: EventInput[] = [];
  for (let user = 0; user < options.users; user++) {
    // A random article's topic, so topics are picked in proportion to their size.
    const topic = topics[labels[rng.nextInt(catalogue.ids.length)]];
    const history = Array.from({ length: HISTORY_LENGTH }, () => catalogue.ids[topic[rng.nextInt(topic.length)]]);
    histories.push(history);
    history.forEach((articleId, i) => {
      events.push({ eventId: `u${user}-${i}`, userId: `u${user}`, articleId, type: 'read', timestamp: now - (HISTORY_LENGTH - i) * HOUR_MS });
    });
  }
  store.events.insertMany(events);
  return histories;
}

/** Catalogue rows grouped by cluster: [cluster][i] = row. */
function rowsByCluster(labels: Int32Array, clusters: number): number[][] {
  const groups: number[][] = Array.from({ length: clusters }, () => []);
  labels.forEach((cluster, row) => groups[cluster].push(row));
  return groups;
}

/**
 * Measures recall@10 of the HNSW index against exact search for three query sets. The first is
 * vectors drawn around the catalogue's cluster centres (as in bench/index-search.ts). The
 * second is the served users' queries (mean of three articles of one topic). The third is
 * mixed-topic readers (mean of three random articles), whose queries lie between clusters: the
 * hard case for a graph index.
 */
function measureHnswRecall(index: VectorIndex, catalogue: SyntheticCatalogue, model: SyntheticServingModel, histories: string[][], count: number) {
  const started = performance.now();
  const { dimension } = catalogue.options;
  const exact = new ExactIndex(dimension, catalogue.ids.length);
  exact.build(catalogue.ids, catalogue.vectors);

  const queriesOf = (historyOf: (user: number) => string[]): Float32Array => {
    const queries = new Float32Array(Math.min(count, histories.length) * dimension);
    for (let user = 0; user < queries.length / dimension; user++) {
      queries.set(model.embedQuery(`u${user}`, historyOf(user)) as Float32Array, user * dimension);
    }
    return queries;
  };
  const rng = new Rng(catalogue.options.seed + 3);
  const mixedHistory = (): string[] => Array.from({ length: HISTORY_LENGTH }, () => catalogue.ids[rng.nextInt(catalogue.ids.length)]);

  const clustered = measureRecall(index, exact, syntheticQueries(catalogue, count), 10);
  const users = measureRecall(index, exact, queriesOf((user) => histories[user]), 10);
  const mixed = measureRecall(index, exact, queriesOf(mixedHistory), 10);
  return {
    recallAt10: round(clustered.recall, 4),
    minimumRecallAt10: round(clustered.minimumRecall, 4),
    userQueryRecallAt10: round(users.recall, 4),
    mixedTopicQueryRecallAt10: round(mixed.recall, 4),
    recallQueries: clustered.queryCount,
    recallMeasureMs: Math.round(performance.now() - started),
  };
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}
