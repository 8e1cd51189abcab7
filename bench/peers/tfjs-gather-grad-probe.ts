/**
 * Estimates one training step of the `tfjs-cpu` peer (tfjs's own gather gradient) at full table
 * size, where running even one step takes too long to measure directly.
 *
 * On the cpu backend the gradient of tf.gather(table, ids) is UnsortedSegmentSum, which loops
 * over all table rows and runs four tensor ops on the [batch, dim] gradient for each one. The
 * probe times that gradient alone for a few small row counts, fits seconds = a + b * rows by
 * least squares, and evaluates the line at the user and article table sizes. The rest of the
 * step (matmuls, loss, Adagrad) is what the `tfjs-cpu-scatter` peer measures, so
 *   autograd step ≈ scatter step + estimated gather gradient seconds.
 * Prints one JSON line.
 *
 *   npx tsx bench/peers/tfjs-gather-grad-probe.ts --users 118752 --articles 6200
 */
import { loadavg } from 'node:os';

import * as tf from '@tensorflow/tfjs';
import { Command } from 'commander';
import { z } from 'zod';

const OptionsSchema = z.object({
  users: z.number().int().min(1),
  articles: z.number().int().min(1),
  batch: z.number().int().min(2),
  dim: z.number().int().min(1),
  rows: z.array(z.number().int().min(2)).min(2),
});

type Options = z.infer<typeof OptionsSchema>;

interface Timing {
  wallSeconds: number;
  /** User + system CPU seconds; on a shared machine closer than wall time to what an idle one takes. */
  cpuSeconds: number;
}

/** Times the gradient of sum(gather(table, ids)) with respect to a [rows, dim] table. */
function timeGatherGradient(rows: number, batch: number, dim: number): Timing {
  const table = tf.zeros([rows, dim]);
  const ids = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => (i * 7919) % rows),
    'int32',
  );
  const gradient = tf.grad((values: tf.Tensor) => tf.sum(tf.gather(values, ids)));

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = gradient(table);
  result.dataSync();
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);

  tf.dispose([table, ids, result]);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Least-squares fit of y = intercept + slope * x. */
function fitLine(xs: number[], ys: number[]): { intercept: number; slope: number } {
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < xs.length; i++) {
    covariance += (xs[i]! - meanX) * (ys[i]! - meanY);
    variance += (xs[i]! - meanX) ** 2;
  }
  const slope = covariance / variance;
  return { intercept: meanY - slope * meanX, slope };
}

async function probe(options: Options): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  timeGatherGradient(16, options.batch, options.dim); // warm-up: first kernel calls allocate

  const loadAverage1m = loadavg()[0]!;
  const timings = options.rows.map((rows) => timeGatherGradient(rows, options.batch, options.dim));
  const wall = fitLine(options.rows, timings.map((timing) => timing.wallSeconds));
  const cpu = fitLine(options.rows, timings.map((timing) => timing.cpuSeconds));
  const tableRows = options.users + 1 + options.articles + 1;

  const result = {
    probe: 'tfjs-cpu gather gradient (UnsortedSegmentSum)',
    framework: `@tensorflow/tfjs ${tf.version.tfjs}`,
    batch: options.batch,
    dim: options.dim,
    rowsTried: options.rows,
    wallSecondsByRows: timings.map((timing) => timing.wallSeconds),
    cpuSecondsByRows: timings.map((timing) => timing.cpuSeconds),
    wallSecondsPerTableRow: wall.slope,
    cpuSecondsPerTableRow: cpu.slope,
    tableRows,
    // Both tables' gradients are computed every step, each with its own intercept.
    estimatedGatherGradientWallSecondsPerStep: wall.slope * tableRows + 2 * wall.intercept,
    estimatedGatherGradientCpuSecondsPerStep: cpu.slope * tableRows + 2 * cpu.intercept,
    loadAverage1m,
    note: 'estimate: a line fitted to small tables, evaluated at the full user + article table rows',
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const program = new Command()
  .name('tfjs-gather-grad-probe')
  .description("Estimate the seconds per step of tfjs's own gather gradient on the cpu backend.")
  .requiredOption('--users <n>', 'distinct users in the training data')
  .requiredOption('--articles <n>', 'distinct articles in the training data')
  .option('--batch <n>', 'examples per step', '1024')
  .option('--dim <n>', 'embedding width', '64')
  .option('--rows <list>', 'comma-separated table sizes to time', '128,256,512')
  .parse(process.argv);
const raw = program.opts<Record<string, string>>();

const parsed = OptionsSchema.safeParse({
  users: Number(raw.users),
  articles: Number(raw.articles),
  batch: Number(raw.batch),
  dim: Number(raw.dim),
  rows: raw.rows!.split(',').map(Number),
});
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`tfjs-gather-grad-probe: --${String(issue.path[0])} is invalid: ${issue.message}\n`);
  process.exitCode = 2;
} else {
  await probe(parsed.data);
}
