import os from 'node:os';

import type { Article, InteractionTable, User } from '../data/types.js';
import { resolveTwoTowerConfig, type TwoTowerConfig, type TwoTowerConfigInput } from '../models/two-tower-config.js';
import { TwoTowerModel } from '../models/two-tower-model.js';
import type { InBatchSoftmaxImplementation } from '../tensor/in-batch-softmax-variants.js';
import type { MatmulBackendName } from '../tensor/matmul.js';
import { Adagrad, Adam, type Optimizer } from '../tensor/optimizers.js';
import { Rng } from '../tensor/random.js';
import { buildTrainingBatch } from './batch-builder.js';
import { CodeScorer } from './code-scorer.js';
import { prepareTrainingData, type TrainingData } from './training-data.js';
import type { EpochSummary, TrainingEvent } from './training-events.js';
import { resolveTrainingOptions, type ResolvedTrainingOptions, type TrainingOptions } from './training-options.js';
import { validationTopK } from './validation.js';

export interface TrainInput {
  /** Training rows only (every timestamp < cutoff). */
  train: InteractionTable;
  articles: ReadonlyMap<string, Article>;
  users: ReadonlyMap<string, User>;
  /** Split time (ms); the model uses nothing at or after it. */
  cutoff: number;
  config?: TwoTowerConfigInput;
  options?: TrainingOptions;
  onEvent?: (event: TrainingEvent) => void;
  /** Default 'fused-wasm'. */
  softmaxImplementation?: InBatchSoftmaxImplementation;
  /**
   * Threads of the fused softmax kernel (default: 2 where the machine has 2 or more cores,
   * else 1). The kernel is most of a step; on 2 idle cores, 2 threads made the id-only step
   * 1.5 times faster (docs/benchmarks.md). Results depend on the thread count in the last
   * bits, since the candidate gradient is summed per thread.
   */
  softmaxThreads?: number;
  /** Default 'wasm'. */
  matmulBackend?: MatmulBackendName;
}

export interface TrainResult {
  model: TwoTowerModel;
  data: TrainingData;
  config: TwoTowerConfig;
  options: ResolvedTrainingOptions;
  history: EpochSummary[];
  /** Epoch whose weights the model has (the best on validation, or the last one). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Scorer over the dictionary with the final weights. */
  scorer: CodeScorer;
}

/**
 * Trains the two-tower model: seeded shuffling into batches, one optimizer step per batch,
 * per-epoch loss and validation top-K accuracy on the latest held-out positives, early
 * stopping with the best epoch's weights restored. Deterministic for a given seed and data.
 */
export async function trainTwoTower(input: TrainInput): Promise<TrainResult> {
  const config = resolveTwoTowerConfig(input.config);
  const options = resolveTrainingOptions(input.options);
  const emit = input.onEvent ?? (() => {});

  const data = prepareTrainingData(input.train, input.articles, input.users, input.cutoff, config);
  const { fitRows, validationRows } = splitValidation(data.positiveRows, options);

  const model = await TwoTowerModel.create({
    config,
    seed: options.seed,
    sizes: data.sizes,
    softmaxImplementation: input.softmaxImplementation,
    softmaxThreads: input.softmaxThreads ?? Math.min(2, os.availableParallelism()),
    matmulBackend: input.matmulBackend,
  });
  const optimizer: Optimizer =
    options.optimizer === 'adagrad' ? new Adagrad({ learningRate: options.learningRate }) : new Adam({ learningRate: options.learningRate });
  const tables = [...model.namedTables().values()];
  const denseParameters = model.denseParameters();

  const master = new Rng(options.seed ^ 0x7a11);
  const shuffleRng = new Rng(master.nextUint32());
  const dropoutRng = new Rng(master.nextUint32());
  const stepsPerEpoch = Math.ceil(fitRows.length / options.batchSize);
  emit({ type: 'start', epochs: options.epochs, stepsPerEpoch, examples: fitRows.length, validationRows: validationRows.length });

  const scorer = new CodeScorer(model, data);
  const history: EpochSummary[] = [];
  let best = { epoch: 0, score: -Infinity, weights: null as Map<string, Float32Array> | null };
  let stoppedEarly = false;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const order = shuffleRng.shuffle(fitRows.slice());
    let epochLoss = 0;
    let windowLoss = 0;
    let windowRows = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const rows = order.subarray(step * options.batchSize, Math.min(order.length, (step + 1) * options.batchSize));
      // A one-row batch has no negatives, so it would only train the time term; skip it.
      if (rows.length < 2) continue;
      const batch = buildTrainingBatch(data, rows, config, model.timeTerm, dropoutRng);
      const loss = model.trainStep(batch);
      for (const table of tables) optimizer.applySparse(table);
      for (const parameter of denseParameters) optimizer.applyDense(parameter);
      if (!Number.isFinite(loss)) {
        throw new Error(`Training diverged: loss is ${loss} at epoch ${epoch}, step ${step + 1}; lower the learning rate.`);
      }
      epochLoss += loss;
      windowLoss += loss;
      windowRows += rows.length;
      if ((step + 1) % options.stepEventInterval === 0 || step + 1 === stepsPerEpoch) {
        emit({ type: 'step', epoch, step: step + 1, stepsPerEpoch, loss: windowLoss / windowRows });
        windowLoss = 0;
        windowRows = 0;
      }
    }
    const trainSeconds = (performance.now() - started) / 1000;

    const validationStarted = performance.now();
    scorer.refresh();
    const validation = validationRows.length > 0 ? validationTopK(scorer, data, validationRows, options.validationKs) : undefined;
    const validationSeconds = (performance.now() - validationStarted) / 1000;
    const score = validation === undefined ? epoch : validation[`top${options.validationKs[0]}`];
    const improved = score > best.score;
    if (improved) best = { epoch, score, weights: validation === undefined ? null : model.snapshotWeights() };

    const summary: EpochSummary = {
      epoch,
      loss: epochLoss / fitRows.length,
      validation,
      trainSeconds,
      validationSeconds,
      examplesPerSecond: fitRows.length / trainSeconds,
      best: improved,
    };
    history.push(summary);
    emit({ type: 'epoch', summary });

    if (validation !== undefined && epoch - best.epoch >= options.patience && epoch < options.epochs) {
      stoppedEarly = true;
      emit({ type: 'early-stop', epoch, bestEpoch: best.epoch });
      break;
    }
  }

  if (best.weights !== null && best.epoch !== history.length) {
    model.restoreWeights(best.weights);
    scorer.refresh();
  }
  return { model, data, config, options, history, bestEpoch: best.epoch, stoppedEarly, scorer };
}

/**
 * Holds out `validationShare` of the positives (which are in time order): the latest ones, or
 * for 'random' a seeded uniform draw. Returns the rest as fit rows, in time order, and at most
 * `maxValidationRows` of the held-out rows, drawn with a seeded shuffle and sorted.
 */
export function splitValidation(
  positives: Int32Array,
  options: Pick<ResolvedTrainingOptions, 'validationShare' | 'validationSplit' | 'maxValidationRows' | 'seed'>,
): { fitRows: Int32Array; validationRows: Int32Array } {
  const held = Math.floor(positives.length * options.validationShare);
  if (held === 0) return { fitRows: positives, validationRows: new Int32Array(0) };

  let fitRows: Int32Array;
  let heldOut: Int32Array;
  if (options.validationSplit === 'latest') {
    fitRows = positives.slice(0, positives.length - held);
    heldOut = positives.slice(positives.length - held);
  } else {
    // NOTE: held-out rows stay in the reading histories of later fit rows, so their articles
    // reach the query tower. A 'random' validation score is therefore slightly optimistic.
    const positions = new Rng(options.seed ^ 0x7e1d).shuffle(Int32Array.from(positives.keys()));
    const heldPositions = positions.subarray(0, held).sort();
    heldOut = Int32Array.from(heldPositions, (position) => positives[position]);
    const isHeld = new Uint8Array(positives.length);
    for (const position of heldPositions) isHeld[position] = 1;
    fitRows = positives.filter((_, position) => isHeld[position] === 0);
  }

  const sample = new Rng(options.seed ^ 0x5a1d).shuffle(heldOut).slice(0, options.maxValidationRows).sort();
  return { fitRows, validationRows: sample };
}
