/**
 * Benchmarks the vector indexes on seeded synthetic clustered vectors and prints one JSON line.
 * It measures build time, single-query latency p50/p99 and recall@10 against exact search. The
 * exact index runs at the catalogue size of a small news site, HNSW at a large one.
 *
 *   npx tsx bench/index-search.ts [--exact-size 6200] [--hnsw-size 1000000] [--dimension 64]
 *       [--queries 1000] [--recall-queries 200] [--ef-sweep 32,64,100,200] [--seed 42]
 *
 * A 1,000,000-vector HNSW build takes minutes on one core (hnswlib-node inserts on the main
 * thread); pass a smaller --hnsw-size for a quick run.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { ExactIndex } from '../src/index/exact-index.js';
import { DEFAULT_HNSW_PARAMS } from '../src/index/hnsw-params.js';
import { HnswIndex } from '../src/index/hnsw-index.js';
import { measureRecall } from '../src/index/recall.js';
import type { VectorIndex } from '../src/index/vector-index.js';
import { type ClusteredVectorOptions, clusteredQueries, clusteredVectors, syntheticIds } from '../test/index/synthetic-vectors.js';

const { values } = parseArgs({
  options: {
    'exact-size': { type: 'string', default: '6200' },
    'hnsw-size': { type: 'string', default: '1000000' },
    dimension: { type: 'string', default: '64' },
    queries: { type: 'string', default: '1000' },
    'recall-queries': { type: 'string', default: '200' },
    'ef-sweep': { type: 'string', default: '32,64,100,200' },
    seed: { type: 'string', default: '42' },
  },
});

const dimension = Number(values.dimension);
const queryCount = Number(values.queries);
const recallQueryCount = Number(values['recall-queries']);
const seed = Number(values.seed);
const efSweep = values['ef-sweep'].split(',').filter(Boolean).map(Number);

/** Catalogue options: about sqrt(count) topics, each vector a noisy copy of its topic centre. */
function catalogueOptions(count: number): ClusteredVectorOptions {
  return { count, dimension, clusters: Math.max(10, Math.round(Math.sqrt(count))), spread: 0.5, seed };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Times one search per query row (after a warm-up pass) and returns p50/p99 in milliseconds. */
function measureLatency(index: VectorIndex, queries: Float32Array, filter?: (id: string) => boolean) {
  const count = queries.length / dimension;
  const search = (q: number): void => {
    index.search(queries.subarray(q * dimension, (q + 1) * dimension), 10, filter ? { filter } : {});
  };
  for (let q = 0; q < Math.min(count, 100); q++) search(q);

  const times: number[] = [];
  for (let q = 0; q < count; q++) {
    const started = performance.now();
    search(q);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 0.5)), p99Ms: round(percentile(times, 0.99)) };
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/**
 * Runs `run` and returns its wall-clock and CPU milliseconds. On a shared machine the CPU time
 * of a single-threaded build is the better estimate of its wall time on an idle one.
 */
function timed<T>(run: () => T): { result: T; ms: number; cpuMs: number } {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = run();
  const cpu = process.cpuUsage(cpuStarted);
  return { result, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function benchExact(count: number) {
  const options = catalogueOptions(count);
  const vectors = clusteredVectors(options);
  const queries = clusteredQueries(options, queryCount, seed + 1);
  const ids = syntheticIds(count);

  const { result: index, ms: buildMs, cpuMs: buildCpuMs } = timed(() => {
    const exact = new ExactIndex(dimension, count);
    exact.build(ids, vectors);
    return exact;
  });
  return {
    count,
    dimension,
    buildMs: round(buildMs, 1),
    buildCpuMs: round(buildCpuMs, 1),
    recallAt10: 1,
    ...measureLatency(index, queries),
  };
}

function benchHnsw(count: number) {
  const options = catalogueOptions(count);
  const ids = syntheticIds(count);
  const vectors = clusteredVectors(options);
  const queries = clusteredQueries(options, queryCount, seed + 1);
  const recallQueries = queries.subarray(0, Math.min(queryCount, recallQueryCount) * dimension);

  const { result: index, ms: buildMs, cpuMs: buildCpuMs } = timed(() => {
    const hnsw = new HnswIndex(dimension, { seed, initialCapacity: count });
    hnsw.build(ids, vectors);
    return hnsw;
  });
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);

  const exact = new ExactIndex(dimension, count);
  exact.build(ids, vectors);
  const recall = measureRecall(index, exact, recallQueries, 10);
  // Exact search at this size, for comparison (fewer queries: each one scans every vector).
  const exactAtSize = measureLatency(exact, queries.subarray(0, 100 * dimension));

  const sweep = efSweep.map((efSearch) => {
    index.setEfSearch(efSearch);
    return { efSearch, recallAt10: round(measureRecall(index, exact, recallQueries, 10).recall), ...measureLatency(index, queries) };
  });
  index.setEfSearch(DEFAULT_HNSW_PARAMS.efSearch);

  // A filter that keeps every other article, as a "not already read" exclusion might.
  const keepEven = (id: string): boolean => Number(id.slice(1)) % 2 === 0;
  const filtered = measureLatency(index, queries, keepEven);

  return {
    count,
    dimension,
    params: index.params,
    buildMs: round(buildMs, 1),
    buildCpuMs: round(buildCpuMs, 1),
    rssAfterBuildMiB: rssMiB,
    recallAt10: round(recall.recall),
    minimumRecallAt10: round(recall.minimumRecall),
    recallQueries: recall.queryCount,
    ...measureLatency(index, queries),
    filteredHalfP50Ms: filtered.p50Ms,
    filteredHalfP99Ms: filtered.p99Ms,
    exactP50MsAtThisSize: exactAtSize.p50Ms,
    efSweep: sweep,
  };
}

const loadAverageAtStart = os.loadavg()[0];
const exact = benchExact(Number(values['exact-size']));
const hnsw = benchHnsw(Number(values['hnsw-size']));
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'index-search',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    // One-minute load averages: above the core count, other processes shared the CPUs.
    loadAverage: { start: round(loadAverageAtStart, 2), end: round(os.loadavg()[0], 2) },
    queries: queryCount,
    exact,
    hnsw,
  })}\n`,
);
