/**
 * Benchmark: one synthetic training step of an id-only two-tower model, per variant.
 *
 * Step = gather user rows and the batch's unique article rows, in-batch softmax (unique
 * candidates, accidental-hit removal, sum reduction) forward and backward, sparse gradient
 * accumulation, sparse Adagrad on both tables. B = 1024, d = 64, 120,000 user rows,
 * 6,200 article rows, article ids drawn from a Zipf(1.0) law, user ids uniform.
 * Batches are drawn before timing; timing covers the step only. Variants: the fused wasm
 * SIMD kernel on one and two threads (fused multiply-add build) and on one thread (portable
 * build), and the three-product form on the tfjs wasm backend
 * and on the JS reference. The JSON line also records the load average, because the
 * machine may be shared.
 *
 * Run: npx tsx bench/tensor-step.ts   (prints one JSON line)
 */
import os from 'node:os';

import {
  Adagrad,
  createInBatchSoftmax,
  EmbeddingTable,
  Rng,
  uniqueCandidates,
  type InBatchSoftmaxImplementation,
  type InBatchSoftmaxInputs,
  type InBatchSoftmaxResult,
} from '../src/tensor/index.js';

const BATCH_SIZE = 1024;
const DIM = 64;
const USER_ROWS = 120_000;
const ARTICLE_ROWS = 6_200;
const ZIPF_EXPONENT = 1.0;
const PYTORCH_REFERENCE_MS = 7.5;

interface Batch {
  users: Int32Array;
  articles: Int32Array;
}

type LossFunction = (inputs: InBatchSoftmaxInputs) => InBatchSoftmaxResult;

function zipfSampler(rows: number, exponent: number, rng: Rng): () => number {
  const cumulative = new Float64Array(rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    total += 1 / Math.pow(r + 1, exponent);
    cumulative[r] = total;
  }
  return () => {
    const target = rng.nextFloat() * total;
    let low = 0;
    let high = rows - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

function drawBatches(count: number, rng: Rng): Batch[] {
  const article = zipfSampler(ARTICLE_ROWS, ZIPF_EXPONENT, rng);
  return Array.from({ length: count }, () => ({
    users: Int32Array.from({ length: BATCH_SIZE }, () => rng.nextInt(USER_ROWS)),
    articles: Int32Array.from({ length: BATCH_SIZE }, () => article()),
  }));
}

/**
 * Trains fresh tables (same seed for every variant) for warmup + steps steps. Returns the
 * median and minimum wall time per step and the process CPU time per step, summed over all
 * threads. For one thread the CPU time is close to the wall time on an idle machine. Also
 * returns the first step's loss per row, which must agree across variants.
 */
function runVariant(
  loss: LossFunction,
  batches: Batch[],
  warmup: number,
  steps: number,
): { medianMs: number; minMs: number; cpuMsPerStep: number; firstStepLossPerRow: number } {
  const rng = new Rng(1);
  const users = new EmbeddingTable({ rows: USER_ROWS, dim: DIM, initStd: 0.05, rng });
  const articles = new EmbeddingTable({ rows: ARTICLE_ROWS, dim: DIM, initStd: 0.05, rng });
  const optimizer = new Adagrad();

  const step = (batch: Batch): number => {
    const query = users.gather(batch.users);
    const { ids, positives } = uniqueCandidates(batch.articles);
    const candidate = articles.gather(ids);
    const result = loss({ query, candidate, batchSize: BATCH_SIZE, numCandidates: ids.length, dim: DIM, positives });
    users.accumulateGradient(batch.users, result.dQuery);
    articles.accumulateGradient(ids, result.dCandidate);
    optimizer.applySparse(users);
    optimizer.applySparse(articles);
    return result.loss;
  };

  const firstStepLoss = step(batches[0]);
  for (let s = 1; s < warmup; s++) step(batches[s % batches.length]);
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let s = 0; s < steps; s++) {
    const start = performance.now();
    step(batches[s % batches.length]);
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  return {
    medianMs: round(times[Math.floor(times.length / 2)]),
    minMs: round(times[0]),
    cpuMsPerStep: round((cpu.user + cpu.system) / 1000 / steps),
    firstStepLossPerRow: round(firstStepLoss / BATCH_SIZE),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function main(): Promise<void> {
  const batches = drawBatches(16, new Rng(2026));
  const uniqueCounts = batches.map((b) => uniqueCandidates(b.articles).ids.length);
  const variants: Record<
    string,
    { medianMs: number; minMs: number; cpuMsPerStep: number; firstStepLossPerRow: number; ratioToPytorch: number }
  > = {};

  const record = (name: string, loss: LossFunction, warmup: number, steps: number): void => {
    const measured = runVariant(loss, batches, warmup, steps);
    variants[name] = { ...measured, ratioToPytorch: round(measured.medianMs / PYTORCH_REFERENCE_MS) };
  };

  const variantSpecs: { name: string; implementation: InBatchSoftmaxImplementation; threads: number; steps: number; fma?: boolean }[] = [
    { name: 'fused-wasm-1-thread', implementation: 'fused-wasm', threads: 1, steps: 60 },
    { name: 'fused-wasm-2-threads', implementation: 'fused-wasm', threads: 2, steps: 60 },
    { name: 'fused-wasm-portable-1-thread', implementation: 'fused-wasm', threads: 1, steps: 60, fma: false },
    { name: 'matmul-wasm', implementation: 'matmul-wasm', threads: 1, steps: 30 },
    { name: 'matmul-js', implementation: 'matmul-js', threads: 1, steps: 5 },
  ];
  for (const spec of variantSpecs) {
    const softmax = await createInBatchSoftmax({ implementation: spec.implementation, threads: spec.threads, fma: spec.fma });
    record(spec.name, (inputs) => softmax.loss(inputs), 3, spec.steps);
    await softmax.dispose();
  }

  process.stdout.write(
    JSON.stringify({
      bench: 'tensor-step',
      batchSize: BATCH_SIZE,
      dim: DIM,
      userRows: USER_ROWS,
      articleRows: ARTICLE_ROWS,
      zipfExponent: ZIPF_EXPONENT,
      meanUniqueArticles: round(uniqueCounts.reduce((a, b) => a + b, 0) / uniqueCounts.length),
      pytorchReferenceMs: PYTORCH_REFERENCE_MS,
      loadAverage1m: round(os.loadavg()[0]),
      variants,
    }) + '\n',
  );
}

await main();
