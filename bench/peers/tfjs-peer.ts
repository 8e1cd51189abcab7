/**
 * Training peer: the id-only two-tower model in @tensorflow/tfjs (cpu or wasm backend).
 * Prints one JSON line (PeerResult, or {peer, skipped} when the backend lacks a kernel).
 *
 *   npx tsx bench/peers/tfjs-peer.ts --data FILE --backend cpu --embedding-gradient scatter \
 *     --epochs 1 --batch 1024 --dim 64 --seed 42 --max-steps 20
 */
import { loadavg } from 'node:os';

import * as tf from '@tensorflow/tfjs';
import { Command, Option } from 'commander';

import { loadTrainingExamples, type TrainingExamples } from './interactions-csv.js';
import { PeerError } from './peer-error.js';
import { parseTrainingOptions, type TrainingOptions } from './peer-options.js';
import { summarizeLosses, type PeerResult, type PeerSkipped } from './peer-result.js';
import { ARTICLE_TABLE_SALT, hashedNormalTable, shuffledOrder, USER_TABLE_SALT } from './portable-random.js';
import { TfjsTwoTower, type EmbeddingGradient } from './tfjs-two-tower.js';

const LEARNING_RATE = 0.1;
const INITIAL_ACCUMULATOR = 0.1;

type Backend = 'cpu' | 'wasm';

interface TfjsPeerOptions extends TrainingOptions {
  backend: Backend;
  embeddingGradient: EmbeddingGradient;
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv);
  const peer = `tfjs-${options.backend}${options.embeddingGradient === 'scatter' ? '-scatter' : ''}`;

  await tf.setBackend(options.backend === 'wasm' ? await loadWasmBackend() : 'cpu');
  await tf.ready();

  const loadStart = performance.now();
  const examples = await loadTrainingExamples(options.data);
  const model = new TfjsTwoTower({
    userTable: hashedNormalTable(examples.users + 1, options.dim, options.initStd, options.seed, USER_TABLE_SALT),
    userRows: examples.users + 1,
    articleTable: hashedNormalTable(examples.articles + 1, options.dim, options.initStd, options.seed, ARTICLE_TABLE_SALT),
    articleRows: examples.articles + 1,
    dim: options.dim,
    learningRate: LEARNING_RATE,
    initialAccumulator: INITIAL_ACCUMULATOR,
    embeddingGradient: options.embeddingGradient,
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;

  let run: TrainingRun;
  try {
    run = train(model, examples, options);
  } catch (error) {
    const missingKernel = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(String(error));
    if (missingKernel === null) throw error;
    const skipped: PeerSkipped = {
      peer,
      skipped:
        `@tensorflow/tfjs ${tf.version.tfjs} backend '${missingKernel[2]}' has no '${missingKernel[1]}' kernel, ` +
        `which the '${options.embeddingGradient}' embedding gradient needs: ${String(error)}`,
    };
    process.stdout.write(`${JSON.stringify(skipped)}\n`);
    return;
  } finally {
    model.dispose();
  }

  const result: PeerResult = {
    peer,
    framework: `@tensorflow/tfjs ${tf.version.tfjs}`,
    backend: options.backend,
    embeddingGradient: options.embeddingGradient,
    data: options.data,
    examplesPerEpoch: examples.size,
    users: examples.users,
    articles: examples.articles,
    dim: options.dim,
    batch: options.batch,
    epochs: options.epochs,
    seed: options.seed,
    initStd: options.initStd,
    ...run.timing,
    ...summarizeLosses(run.losses),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    threads: options.backend === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1,
    blas: await describeMatmul(options.backend),
    loadSeconds,
    loadAverage1m: run.loadAverage1m,
    note: run.timing.extrapolated
      ? `measured ${run.timing.stepsRun} of ${run.timing.stepsPerEpoch * options.epochs} steps; ` +
        'secondsPerEpoch is extrapolated as examplesPerEpoch / examplesPerSecond'
      : 'measured in full',
    ...(options.traceLosses ? { losses: run.losses } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

interface TrainingRun {
  losses: number[];
  loadAverage1m: number;
  timing: Pick<
    PeerResult,
    | 'stepsPerEpoch'
    | 'stepsRun'
    | 'examplesRun'
    | 'extrapolated'
    | 'trainSeconds'
    | 'trainCpuSeconds'
    | 'secondsPerEpoch'
    | 'examplesPerSecond'
  >;
}

/**
 * Runs the epochs (or the first maxSteps steps) and times only the steps: the epoch orders are
 * computed before the clock starts, as pytorch_peer.py does.
 */
function train(model: TfjsTwoTower, examples: TrainingExamples, options: TrainingOptions): TrainingRun {
  const stepsPerEpoch = Math.ceil(examples.size / options.batch);
  const totalSteps = stepsPerEpoch * options.epochs;
  const stepLimit = Math.min(totalSteps, options.maxSteps ?? totalSteps);
  const epochsNeeded = Math.ceil(stepLimit / stepsPerEpoch);
  const orders = Array.from({ length: epochsNeeded }, (_, epoch) => shuffledOrder(examples.size, options.seed, epoch));

  const losses: number[] = [];
  const users = new Int32Array(options.batch);
  const articles = new Int32Array(options.batch);
  let examplesRun = 0;
  const loadAverage1m = loadavg()[0]!;
  const cpuStart = process.cpuUsage();
  const start = performance.now();

  for (const order of orders) {
    for (let begin = 0; begin < examples.size && losses.length < stepLimit; begin += options.batch) {
      const size = Math.min(options.batch, examples.size - begin);
      for (let i = 0; i < size; i++) {
        users[i] = examples.userRow[order[begin + i]!]!;
        articles[i] = examples.articleRow[order[begin + i]!]!;
      }

      const loss = model.trainStep(users.subarray(0, size), articles.subarray(0, size));
      if (!Number.isFinite(loss)) {
        throw new PeerError(
          'PEER_LOSS_NOT_FINITE',
          `loss is ${loss} at step ${losses.length + 1}; the tables diverged, so check --init-std and the data.`,
        );
      }
      losses.push(loss);
      examplesRun += size;
    }
  }

  const trainSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const examplesPerSecond = examplesRun / trainSeconds;
  return {
    losses,
    loadAverage1m,
    timing: {
      stepsPerEpoch,
      stepsRun: losses.length,
      examplesRun,
      extrapolated: losses.length < totalSteps,
      trainSeconds,
      trainCpuSeconds: (cpu.user + cpu.system) / 1e6,
      secondsPerEpoch: examples.size / examplesPerSecond,
      examplesPerSecond,
    },
  };
}

async function loadWasmBackend(): Promise<Backend> {
  // Importing the package registers the 'wasm' backend with the shared tfjs-core engine.
  await import('@tensorflow/tfjs-backend-wasm');
  return 'wasm';
}

async function describeMatmul(backend: Backend): Promise<string> {
  if (backend === 'cpu') return 'none: the tfjs cpu backend multiplies matrices in plain JavaScript loops';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `XNNPACK compiled to WebAssembly (SIMD ${simd ? 'on' : 'off'})`;
}

function parseArguments(argv: string[]): TfjsPeerOptions {
  const program = new Command()
    .name('tfjs-peer')
    .description('Train the id-only two-tower model with @tensorflow/tfjs and print one JSON line of results.')
    .requiredOption('--data <file>', 'interactions CSV (user_id,article_id,timestamp,click,read_time,like)')
    .option('--epochs <n>', 'passes over the examples', '1')
    .option('--batch <n>', 'examples per step', '1024')
    .option('--dim <n>', 'embedding width', '64')
    .option('--seed <n>', 'seed of the example order and the initial tables (uint32)', '42')
    .option('--max-steps <n>', 'stop after this many steps and extrapolate the epoch time')
    .option('--init-std <x>', 'standard deviation of the normal initial tables', '0.05')
    .option('--trace-losses', 'add every step loss to the result line', false)
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['cpu', 'wasm']).default('cpu'))
    .addOption(
      new Option('--embedding-gradient <kind>', "tfjs's own gather gradient, or a scatterND custom gradient")
        .choices(['autograd', 'scatter'])
        .default('autograd'),
    )
    .parse(argv);
  const raw = program.opts<Record<string, string | boolean | undefined>>();

  const training = parseTrainingOptions({
    data: raw.data,
    epochs: Number(raw.epochs),
    batch: Number(raw.batch),
    dim: Number(raw.dim),
    seed: Number(raw.seed),
    maxSteps: raw.maxSteps === undefined ? undefined : Number(raw.maxSteps),
    initStd: Number(raw.initStd),
    traceLosses: raw.traceLosses === true,
  });
  return { ...training, backend: raw.backend as Backend, embeddingGradient: raw.embeddingGradient as EmbeddingGradient };
}

try {
  await main();
} catch (error) {
  // PeerError messages name the value and the fix; anything else is a bug, so keep its stack.
  process.stderr.write(error instanceof PeerError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = error instanceof PeerError ? 2 : 1;
}
