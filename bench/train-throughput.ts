/**
 * Benchmark: one training epoch of the two-tower model at the demo generator's seed scale
 * (120k users, 6,200 articles, about 1M interactions), 64 dims, batch 1024, in two
 * configurations, next to the training peers on the same CSV:
 *
 * - id-only: user-id and article-id embeddings only, in-batch softmax with accidental-hit
 *   removal and no logQ, sparse Adagrad lr 0.1 (what the peers train);
 * - hybrid: history, profile topics, text, category, tags, author, projections, logQ and
 *   the time term.
 *
 * Each ReadNext configuration runs in its own child process so its peak RSS is its own.
 * The CSV is generated once (seed 42) and cached under bench/.cache/demo-seed-42/.
 *
 * The PyTorch peer runs with one thread by default (`--peer-threads`): with its default two
 * OpenMP threads it spins and runs 6 to 9 times slower when other processes share the cores.
 * `--peer-omp-wait-policy PASSIVE` is the other remedy. The JSON line records both settings.
 *
 * Run: npx tsx bench/train-throughput.ts [--configs id-only,hybrid] [--peers pytorch,tfjs-wasm-scatter] [--peer-max-steps N]
 *        [--peer-threads 1] [--peer-omp-wait-policy ACTIVE|PASSIVE]
 * READNEXT_BENCH_SOFTMAX_THREADS=N runs ReadNext's fused softmax kernel on N threads (default:
 * the trainer's, 2 on a machine with 2 or more cores). `--configs id-only` skips the hybrid run.
 * Prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { generateDemo, writeCanonicalCsv } from '../src/data/demo/index.js';
import { loadDataset } from '../src/data/load-dataset.js';
import type { ModelPreset } from '../src/models/two-tower-config.js';
import { trainTwoTower } from '../src/train/train-two-tower.js';
import { runPeer, type PeerName } from './peers/run-peers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(HERE, '.cache', 'demo-seed-42');
const LOSS_WINDOW_STEPS = 50;

interface ConfigResult {
  config: ModelPreset;
  examples: number;
  steps: number;
  secondsPerEpoch: number;
  examplesPerSecond: number;
  /** Mean loss per row over the first and last 50 steps, as the peers report it. */
  lossFirst50Mean: number;
  lossLast50Mean: number;
  peakRssMiB: number;
  prepareSeconds: number;
  /** Threads of the fused softmax kernel (READNEXT_BENCH_SOFTMAX_THREADS, default the trainer's). */
  softmaxThreads: number;
}

/** Trains one epoch of one configuration in this process and returns its measurements. */
async function runConfig(config: ModelPreset): Promise<ConfigResult> {
  const dataset = await loadDataset(DATA_DIR, { format: 'canonical' });
  const table = dataset.interactions;
  const stepLosses: number[] = [];
  const prepareStarted = performance.now();
  let prepareSeconds = 0;
  const result = await trainTwoTower({
    train: table,
    articles: dataset.articles,
    users: dataset.users,
    cutoff: table.timestamp[table.size - 1] + 1,
    config: { preset: config, dim: 64 },
    options: { epochs: 1, batchSize: 1024, seed: 42, validationShare: 0, stepEventInterval: 1 },
    softmaxThreads: softmaxThreads(),
    onEvent: (event) => {
      if (event.type === 'start') prepareSeconds = (performance.now() - prepareStarted) / 1000;
      if (event.type === 'step') stepLosses.push(event.loss);
    },
  });
  const epoch = result.history[0];
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  await result.model.dispose();
  return {
    config,
    examples: result.data.positiveRows.length,
    steps: stepLosses.length,
    secondsPerEpoch: round(epoch.trainSeconds, 2),
    examplesPerSecond: Math.round(epoch.examplesPerSecond),
    lossFirst50Mean: round(mean(stepLosses.slice(0, LOSS_WINDOW_STEPS)), 4),
    lossLast50Mean: round(mean(stepLosses.slice(-LOSS_WINDOW_STEPS)), 4),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    prepareSeconds: round(prepareSeconds, 2),
    softmaxThreads: softmaxThreads(),
  };
}

/** READNEXT_BENCH_SOFTMAX_THREADS, else the trainer's default. */
function softmaxThreads(): number {
  const value = process.env.READNEXT_BENCH_SOFTMAX_THREADS;
  return value === undefined ? Math.min(2, os.availableParallelism()) : Number(value);
}

async function ensureData(): Promise<void> {
  if (existsSync(path.join(DATA_DIR, 'interactions.csv'))) return;
  const dataset = generateDemo({ scale: 'seed', seed: 42 });
  await writeCanonicalCsv(dataset, DATA_DIR, { overwrite: true });
}

async function runChild(config: ModelPreset): Promise<ConfigResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', config], {
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ConfigResult;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

async function main(): Promise<void> {
  const child = argument('--child');
  if (child !== undefined) {
    process.stdout.write(`${JSON.stringify(await runConfig(child as ModelPreset))}\n`);
    return;
  }
  await ensureData();
  const loadAverage1m = os.loadavg()[0];
  const configs = (argument('--configs') ?? 'id-only,hybrid').split(',');
  const idOnly = await runChild('id-only');
  const hybrid = configs.includes('hybrid') ? await runChild('hybrid') : null;

  const peerNames = (argument('--peers') ?? 'pytorch').split(',').filter((name) => name !== '') as PeerName[];
  const maxSteps = argument('--peer-max-steps');
  const peerThreads = Number(argument('--peer-threads') ?? 1);
  const ompWaitPolicy = argument('--peer-omp-wait-policy') as 'ACTIVE' | 'PASSIVE' | undefined;
  const peers: Record<string, unknown> = {};
  const ratios: Record<string, number> = {};
  for (const name of peerNames) {
    const peer = await runPeer(name, {
      data: path.join(DATA_DIR, 'interactions.csv'),
      epochs: 1,
      batch: 1024,
      dim: 64,
      seed: 42,
      threads: peerThreads,
      ...(ompWaitPolicy !== undefined && { ompWaitPolicy }),
      ...(maxSteps !== undefined && { maxSteps: Number(maxSteps) }),
    });
    if ('skipped' in peer) {
      peers[name] = peer;
      continue;
    }
    peers[name] = {
      examplesPerSecond: Math.round(peer.examplesPerSecond),
      secondsPerEpoch: round(peer.secondsPerEpoch, 2),
      extrapolated: peer.extrapolated,
      lossFirst50Mean: round(peer.lossFirst50Mean, 4),
      lossLast50Mean: round(peer.lossLast50Mean, 4),
      peakRssMiB: Math.round(peer.peakRssMiB),
      threads: peer.threads,
      ompWaitPolicy: ompWaitPolicy ?? 'default',
    };
    ratios[`idOnlyExamplesPerSecondOver_${name}`] = round(idOnly.examplesPerSecond / peer.examplesPerSecond, 3);
    if (hybrid !== null) ratios[`hybridExamplesPerSecondOver_${name}`] = round(hybrid.examplesPerSecond / peer.examplesPerSecond, 3);
  }

  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'train-throughput',
      data: path.relative(process.cwd(), DATA_DIR),
      dim: 64,
      batch: 1024,
      node: process.version,
      cpus: os.cpus().length,
      loadAverage1m: round(loadAverage1m, 2),
      loadAverage1mAtEnd: round(os.loadavg()[0], 2),
      readnext: hybrid === null ? { idOnly } : { idOnly, hybrid },
      peers,
      ratios,
    })}\n`,
  );
}

await main();
