/**
 * Load-tests `GET /v1/users/:userId/recommendations?k=10` over real HTTP on 127.0.0.1 and prints
 * one JSON line: p50/p99 latency and req/s for a 6,200-article catalogue (exact index) and a
 * synthetic 1,000,000-article catalogue (HNSW, with its recall@10), plus the server's RSS.
 *
 *   npx tsx bench/serve-latency.ts [--exact-size 6200] [--hnsw-size 1000000] [--duration 10]
 *       [--connections 16] [--users 1000] [--recall-queries 100] [--skip-hnsw] [--seed 42]
 *
 * Each catalogue is served by a child process, so autocannon (the load generator) and the
 * server do not share an event loop. Per catalogue there are two runs of `--duration` seconds:
 * one connection (latency without queueing) and `--connections` connections (throughput).
 * autocannon 8 records latency in whole milliseconds, so the child also reports the server's
 * own handling time (fastify's reply.elapsedTime) at full resolution.
 *
 * The HNSW graph is built once and cached under bench/.cache/ (bench/serve-catalogue.ts). The
 * first run at 1,000,000 articles spends about 17 minutes building it on 2 shared cores.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import autocannon from 'autocannon';

import { runServerRole, type ServerReady } from './serve-bench-server.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'client' },
    catalogue: { type: 'string', default: 'exact' },
    'exact-size': { type: 'string', default: '6200' },
    'hnsw-size': { type: 'string', default: '1000000' },
    dimension: { type: 'string', default: '64' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    users: { type: 'string', default: '1000' },
    'recall-queries': { type: 'string', default: '100' },
    'skip-hnsw': { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    db: { type: 'string' },
  },
});

const SCRIPT = fileURLToPath(import.meta.url);

if (values.role === 'server') {
  await runServerRole({
    kind: values.catalogue === 'hnsw' ? 'hnsw' : 'exact',
    size: Number(values.catalogue === 'hnsw' ? values['hnsw-size'] : values['exact-size']),
    dimension: Number(values.dimension),
    seed: Number(values.seed),
    users: Number(values.users),
    recallQueries: Number(values['recall-queries']),
    databasePath: values.db as string,
  });
} else {
  await runClient();
}

async function runClient(): Promise<void> {
  const loadAverageAtStart = os.loadavg()[0];
  const exact = await benchCatalogue('exact');
  const hnsw = values['skip-hnsw'] ? null : await benchCatalogue('hnsw');
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'serve-latency',
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      // One-minute load averages: above the core count, other processes shared the CPUs.
      loadAverage: { start: round(loadAverageAtStart, 2), end: round(os.loadavg()[0], 2) },
      request: 'GET /v1/users/:userId/recommendations?k=10 (90% users with history, 10% unknown users)',
      durationSeconds: Number(values.duration),
      exact,
      hnsw,
    })}\n`,
  );
}

/** Starts the server child for one catalogue, runs both load phases and stops it. */
async function benchCatalogue(kind: 'exact' | 'hnsw') {
  const dir = await mkdtemp(path.join(tmpdir(), 'readnext-serve-bench-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', SCRIPT, ...forwardedArguments(), '--role', 'server', '--catalogue', kind, '--db', path.join(dir, 'bench.db')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const ready = await waitForReady(child);
    const users = Number(values.users);
    const duration = Number(values.duration);
    const latency = await load(ready.url, users, 1, duration);
    const throughput = await load(ready.url, users, Number(values.connections), duration);
    const server = (await (await fetch(`${ready.url}/bench/stats`)).json()) as { handlerP50Ms: number; handlerP99Ms: number; rssMiB: number };
    return { ...ready.report, oneConnection: latency, [`connections${values.connections}`]: throughput, server };
  } finally {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs autocannon for `duration` s, cycling through users (every 10th request an unknown one). */
async function load(url: string, users: number, connections: number, duration: number) {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          next += 1;
          const user = next % 10 === 0 ? `unknown-${next}` : `u${next % users}`;
          return { ...request, path: `/v1/users/${user}/recommendations?k=10` };
        },
      },
    ],
  });
  return {
    connections,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    reqPerSec: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

function waitForReady(child: ChildProcess): Promise<ServerReady> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line !== undefined) resolve(JSON.parse(line) as ServerReady);
    });
    child.on('exit', (code) => reject(new Error(`the benchmark server exited with code ${code} before it was ready`)));
  });
}

/** Options the server child needs from this command line. */
function forwardedArguments(): string[] {
  const names = ['exact-size', 'hnsw-size', 'dimension', 'users', 'recall-queries', 'seed'] as const;
  return names.flatMap((name) => [`--${name}`, String(values[name])]);
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}
