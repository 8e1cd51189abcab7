/**
 * Profile: where one hybrid training step spends its time, phase by phase, on the demo
 * generator's seed-scale data (the same CSV as bench/train-throughput.ts), d = 64, B = 1024.
 *
 * Phases: query batch (histories, topics), candidate batch (features of the distinct
 * positives), time-term cells, query tower forward, candidate tower forward, retrieval task
 * (softmax forward and backward, including the time-term offsets), tower backward passes,
 * time-term backward and the optimizer. Reports the median and the CPU time per phase over
 * the timed steps, after warm-up steps, plus the 1-minute load average.
 *
 * Run: npx tsx bench/hybrid-step-profile.ts [--steps 20] [--warmup 3] [--preset hybrid|id-only]
 *        [--softmax-threads 1]   (prints one JSON line)
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateDemo, writeCanonicalCsv } from '../src/data/demo/index.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { candidateBatchFromFeatures } from '../src/models/article-encoding.js';
import { resolveTwoTowerConfig } from '../src/models/two-tower-config.js';
import { TwoTowerModel, type TowerOutputs, type TrainingBatch } from '../src/models/two-tower-model.js';
import { uniqueCandidates } from '../src/tensor/batch-candidates.js';
import { Adagrad } from '../src/tensor/optimizers.js';
import { Rng } from '../src/tensor/random.js';
import { buildQueryBatch, timeCellsFor } from '../src/train/batch-builder.js';
import { prepareTrainingData } from '../src/train/training-data.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(HERE, '.cache', 'demo-seed-42');
const BATCH_SIZE = 1024;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function stringArgument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  const steps = argument('--steps', 20);
  const warmup = argument('--warmup', 3);
  if (!existsSync(path.join(DATA_DIR, 'interactions.csv'))) {
    await writeCanonicalCsv(generateDemo({ scale: 'seed', seed: 42 }), DATA_DIR, { overwrite: true });
  }
  const dataset = await loadDataset(DATA_DIR, { format: 'canonical' });
  const table = dataset.interactions;
  const preset = stringArgument('--preset', 'hybrid') as 'hybrid' | 'id-only';
  const softmaxThreads = argument('--softmax-threads', 1);
  const config = resolveTwoTowerConfig({ preset, dim: 64 });
  const data = prepareTrainingData(table, dataset.articles, dataset.users, table.timestamp[table.size - 1] + 1, config);
  const model = await TwoTowerModel.create({ config, seed: 42, sizes: data.sizes, softmaxThreads });
  const optimizer = new Adagrad({ learningRate: 0.1 });
  const tables = [...model.namedTables().values()];
  const denseParameters = model.denseParameters();
  const order = new Rng(7).shuffle(data.positiveRows.slice());
  const rng = new Rng(11);
  const retrieval = model.tasks[0];
  const timeTerm = model.timeTerm;

  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number>();
  const phase = <T>(name: string, timed: boolean, work: () => T): T => {
    const startedCpu = process.cpuUsage();
    const started = performance.now();
    const value = work();
    if (timed) {
      const used = process.cpuUsage(startedCpu);
      (wall.get(name) ?? wall.set(name, []).get(name)!).push(performance.now() - started);
      cpu.set(name, (cpu.get(name) ?? 0) + (used.user + used.system) / 1000);
    }
    return value;
  };

  let candidatesPerBatch = 0;
  let textBucketsPerCandidate = 0;
  for (let step = 0; step < warmup + steps; step++) {
    const timed = step >= warmup;
    const rows = order.subarray(step * BATCH_SIZE, (step + 1) * BATCH_SIZE);
    const query = phase('queryBatch', timed, () => buildQueryBatch(data, rows, config.userIdDropout, rng));
    const { unique, candidates } = phase('candidateBatch', timed, () => {
      const unique = uniqueCandidates(Int32Array.from(rows, (row) => data.train.article[row]));
      const candidates = candidateBatchFromFeatures(data.articleFeatures, data.articleIndex, unique.ids, config.articleIdDropout, rng);
      return { unique, candidates };
    });
    const timeCells = timeTerm === null ? undefined : phase('timeCells', timed, () => timeCellsFor(data, rows, unique.ids, timeTerm));
    const batch: TrainingBatch = {
      query,
      candidates,
      positives: unique.positives,
      samplingProbability: Float32Array.from(unique.ids, (code) => data.samplingProbability[code]),
      timeCells,
    };
    if (timed) {
      candidatesPerBatch += candidates.size / steps;
      textBucketsPerCandidate += candidates.text.indices.length / candidates.size / steps;
    }

    const outputs: TowerOutputs = {
      query: phase('queryForward', timed, () => model.query.forward(query)),
      candidate: phase('candidateForward', timed, () => model.candidate.forward(candidates)),
    };
    if (timeTerm !== null && timeCells !== undefined) {
      outputs.logitOffsets = phase('timeTermForward', timed, () => timeTerm.forward(timeCells, new Float32Array(timeCells.length)));
    }
    const result = phase('retrievalTask', timed, () => retrieval.compute(outputs, batch));
    phase('queryBackward', timed, () => model.query.backward(result.dQuery));
    phase('candidateBackward', timed, () => model.candidate.backward(result.dCandidate));
    if (timeTerm !== null && timeCells !== undefined) phase('timeTermBackward', timed, () => timeTerm.backward(timeCells, result.dLogitOffsets!));
    phase('optimizer', timed, () => {
      for (const embedding of tables) optimizer.applySparse(embedding);
      for (const parameter of denseParameters) optimizer.applyDense(parameter);
    });
  }
  await model.dispose();

  const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const phases: Record<string, { medianMs: number; cpuMsPerStep: number }> = {};
  let totalMedian = 0;
  let totalCpu = 0;
  for (const [name, values] of wall) {
    phases[name] = { medianMs: round(median(values)), cpuMsPerStep: round(cpu.get(name)! / steps) };
    totalMedian += median(values);
    totalCpu += cpu.get(name)! / steps;
  }
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'hybrid-step-profile',
      preset,
      softmaxThreads,
      batch: BATCH_SIZE,
      dim: 64,
      steps,
      candidatesPerBatch: Math.round(candidatesPerBatch),
      textBucketsPerCandidate: Math.round(textBucketsPerCandidate),
      loadAverage1m: round(os.loadavg()[0]),
      sumOfMediansMs: round(totalMedian),
      cpuMsPerStep: round(totalCpu),
      phases,
    })}\n`,
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

await main();
