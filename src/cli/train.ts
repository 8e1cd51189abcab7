import path from 'node:path';

import { type Command, InvalidArgumentError, Option } from 'commander';

import { loadDataset } from '../data/load-dataset.js';
import { DATASET_FORMATS, type DatasetFormat } from '../data/load-options.js';
import type { Dataset } from '../data/types.js';
import { createBaseline } from '../eval/baselines/registry.js';
import { evaluate } from '../eval/evaluate.js';
import { splitByTime } from '../features/time-split.js';
import { MODEL_PRESETS, type ModelPreset } from '../models/two-tower-config.js';
import { saveTwoTower } from '../models/two-tower-file.js';
import { TwoTowerRecommender } from '../train/two-tower-recommender.js';
import { exitOnKnownError } from './cli-errors.js';
import { parseSeed } from './generate.js';
import { createTrainingReporter, formatEvaluation } from './training-progress.js';

interface TrainCommandOptions {
  format: DatasetFormat | 'auto';
  out: string;
  config: ModelPreset;
  epochs: number;
  dim: number;
  batch: number;
  lr?: number;
  optimizer: 'adagrad' | 'adam';
  seed: number;
  cutoffQuantile: number;
  validationShare: number;
  patience: number;
  temperature?: number;
  logq?: boolean;
  timeWindowHours?: number;
  testUsers: number;
}

/** `readnext train`: loads a data folder, trains the two-tower model, evaluates it on the time split and saves it. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train the two-tower retrieval model on a data folder and save it as a model directory.')
    .argument('<folder>', 'data folder (canonical CSV/JSONL or a public data set folder)')
    .addOption(new Option('--format <format>', 'input layout; auto picks it from the files present').choices([...DATASET_FORMATS, 'auto']).default('auto'))
    .requiredOption('--out <dir>', 'model directory to write (replaced atomically when it exists)')
    .addOption(new Option('--config <preset>', 'id-only: user and article ids only; hybrid: ids, history, content and time term').choices(MODEL_PRESETS).default('hybrid'))
    .option('--epochs <n>', 'maximum epochs (early stopping may end sooner)', parseInteger(1, 1000), 10)
    .option('--dim <n>', 'embedding dimension d of queries and candidates', parseInteger(1, 1024), 64)
    .option('--batch <n>', 'rows per training step, also the in-batch negatives', parseInteger(2, 65536), 1024)
    .option('--lr <rate>', 'learning rate (default 0.1 for adagrad, 0.001 for adam)', parsePositive)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['adagrad', 'adam']).default('adagrad'))
    .option('--seed <n>', 'seed of the weights, shuffling, dropout and samples, an integer in [0, 4294967295]', parseSeed, 42)
    .option('--cutoff-quantile <q>', 'share of interactions (by time) used for training; the rest is the test period. 1 trains on everything', parseQuantile, 0.9)
    .option('--validation-share <share>', 'latest share of the training positives held out for early stopping; 0 disables', parseShare, 0.05)
    .option('--patience <n>', 'epochs without a better validation top-10 accuracy before stopping', parseInteger(1, 1000), 2)
    .option('--temperature <t>', 'softmax temperature (logits are dot products divided by it)', parsePositive)
    .option('--no-logq', 'turn off the logQ sampling correction')
    .option('--time-window-hours <h>', 'trailing popularity window of the time term, in hours', parsePositive)
    .option('--test-users <n>', 'test users sampled for the evaluation after training', parseInteger(1, 10_000_000), 2000)
    .action(async function (this: Command, folder: string, options: TrainCommandOptions) {
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const reporter = createTrainingReporter(out);
      try {
        const started = performance.now();
        const dataset = await loadDataset(folder, { format: options.format });
        const loadSeconds = (performance.now() - started) / 1000;
        out(`loaded ${dataset.name}: ${dataset.interactions.size.toLocaleString('en-US')} interactions, ` +
          `${dataset.interactions.userIds.length.toLocaleString('en-US')} users, ${dataset.interactions.articleIds.length.toLocaleString('en-US')} articles in ${loadSeconds.toFixed(1)} s`);

        const recommender = new TwoTowerRecommender({
          config: {
            preset: options.config,
            dim: options.dim,
            ...(options.temperature !== undefined && { temperature: options.temperature }),
            ...(options.logq === false && { logQ: false }),
            ...(options.timeWindowHours !== undefined && { timeTerm: { windowHours: options.timeWindowHours } }),
          },
          training: {
            epochs: options.epochs,
            batchSize: options.batch,
            optimizer: options.optimizer,
            learningRate: options.lr,
            seed: options.seed,
            validationShare: options.validationShare,
            patience: options.patience,
          },
          onEvent: reporter.onEvent,
        });
        const trainStarted = performance.now();
        await fitAndEvaluate(recommender, dataset, options, out);
        const trainSeconds = (performance.now() - trainStarted) / 1000;

        const serving = recommender.toServingModel(path.basename(path.resolve(options.out)));
        await saveTwoTower(options.out, serving, {
          ...(recommender.trainingRecord() as object),
          dataset: { name: dataset.name, folder: path.resolve(folder), format: options.format },
        });
        out(`saved ${options.out}: ${serving.articleIds.length.toLocaleString('en-US')} catalogue articles, d = ${serving.dimension}; ` +
          `train + evaluate ${trainSeconds.toFixed(1)} s, total ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await recommender.dispose();
      } catch (error) {
        reporter.stop();
        exitOnKnownError(this, error);
      }
    });
}

/**
 * With a cutoff quantile below 1: splits by time, fits the model and the most-popular baseline
 * through the evaluation runner and prints their test metrics. With 1: fits on every row.
 */
async function fitAndEvaluate(recommender: TwoTowerRecommender, dataset: Dataset, options: TrainCommandOptions, out: (line: string) => void): Promise<void> {
  const table = dataset.interactions;
  if (options.cutoffQuantile >= 1) {
    const cutoff = table.timestamp[table.size - 1] + 1;
    await recommender.fit({ train: table, articles: dataset.articles, users: dataset.users, cutoff, seed: options.seed });
    return;
  }
  const split = splitByTime(table, { quantile: options.cutoffQuantile });
  const result = await evaluate({
    split,
    articles: dataset.articles,
    users: dataset.users,
    models: [recommender, createBaseline('most-popular')],
    options: { maxTestUsers: options.testUsers, seed: options.seed },
  });
  for (const line of formatEvaluation(result)) out(line);
}

function parseInteger(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], got "${value}".`);
    }
    return parsed;
  };
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0) || !Number.isFinite(parsed)) throw new InvalidArgumentError(`expected a number > 0, got "${value}".`);
  return parsed;
}

function parseQuantile(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) throw new InvalidArgumentError(`expected a number in (0, 1], got "${value}".`);
  return parsed;
}

function parseShare(value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed < 1)) throw new InvalidArgumentError(`expected a number in [0, 1), got "${value}".`);
  return parsed;
}
