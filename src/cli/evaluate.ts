import { InvalidArgumentError, type Command } from 'commander';

import { PROTOCOLS, PROTOCOL_NAMES, type ProtocolName, type ProtocolProgress, type ProtocolResult } from '../eval/protocols/index.js';
import { writeReport } from '../eval/report/write-report.js';
import { exitOnKnownError } from './cli-errors.js';
import { parseSeed } from './generate.js';
import { createTrainingReporter, formatEvaluation } from './training-progress.js';

interface EvaluateCommandOptions {
  protocol: ProtocolName;
  data?: string;
  out: string;
  seed: number;
  maxTestUsers?: number;
  epochs?: number;
  models?: string[];
  liveFeed?: boolean;
}

/**
 * `readnext evaluate`: runs one evaluation protocol (load, split, train and evaluate every model)
 * and writes results.json and a self-contained report.html into --out.
 */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Run an evaluation protocol on a public data set and write results.json and report.html.')
    .requiredOption('--protocol <name>', `protocol to run: ${PROTOCOL_NAMES.join(', ')}`, parseProtocol)
    .option('--data <dir>', 'data set folder (every protocol but demo): ml-100k, Globo.com, DeskDrop or ml-latest-small as downloaded')
    .requiredOption('--out <dir>', 'output folder for results.json and report.html (created if missing; both files are overwritten)')
    .option('--seed <n>', 'seed of the split, the test-user sample and every model, an integer in [0, 4294967295]', parseSeed, 42)
    .option('--max-test-users <n>', "test users to evaluate, drawn with the seed (default: the protocol's own, all for most)", parsePositiveInt)
    .option('--epochs <n>', 'epochs of every two-tower model (default: the protocol setting)', parsePositiveInt)
    .option('--models <names>', 'comma-separated subset of the protocol models to run (default: all)', parseList)
    .option(
      '--live-feed',
      'give each test request the test interactions before its time, as a deployed service would have ingested them ' +
        '(time-aware models count them; default: training rows only)',
    )
    .action(async function (this: Command, options: EvaluateCommandOptions) {
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const trainingReporter = createTrainingReporter(out);
      try {
        const result = await PROTOCOLS[options.protocol](
          { dataDir: options.data, seed: options.seed, maxTestUsers: options.maxTestUsers, epochs: options.epochs, models: options.models, liveFeed: options.liveFeed === true },
          (event) => reportProgress(event, out, trainingReporter.onEvent),
        );
        trainingReporter.stop();
        out('');
        for (const line of formatEvaluation(result.evaluation)) out(line);
        for (const line of formatComparisons(result)) out(line);
        const files = await writeReport(result, options.out);
        out(`\nwrote ${files.results} and ${files.report} (${result.seconds.toFixed(0)} s)`);
      } catch (error) {
        trainingReporter.stop();
        exitOnKnownError(this, error);
      }
    });
}

function reportProgress(event: ProtocolProgress, out: (line: string) => void, onTraining: ReturnType<typeof createTrainingReporter>['onEvent']): void {
  switch (event.type) {
    case 'loaded': {
      const { dataset } = event;
      out(
        `loaded ${dataset.name}: ${dataset.interactions.toLocaleString('en-US')} interactions, ${dataset.users.toLocaleString('en-US')} users, ` +
          `${dataset.articles.toLocaleString('en-US')} articles in ${event.seconds.toFixed(1)} s`,
      );
      break;
    }
    case 'split':
      out(`split: ${event.split.description} ${event.split.trainRows.toLocaleString('en-US')} train / ${event.split.testRows.toLocaleString('en-US')} test rows`);
      break;
    case 'training':
      onTraining(event.event);
      break;
    case 'evaluation': {
      const progress = event.event;
      if (progress.type === 'fit-start') out(`fitting ${progress.model}`);
      else if (progress.type === 'fit-end') out(`fitted ${progress.model} in ${progress.seconds.toFixed(1)} s`);
      else if (progress.type === 'model-failed') out(`${progress.model} failed: ${progress.code}: ${progress.message}`);
      break;
    }
  }
}

/** Formats one line per compared model, setting and metric, ending in "beats all baselines: yes" or "no". */
export function formatComparisons(result: ProtocolResult): string[] {
  return result.comparisons.map((entry) => {
    const best = entry.bestBaseline === null ? 'no baseline finished' : `best baseline ${entry.bestBaseline.name} ${entry.bestBaseline.value.toFixed(3)}`;
    const metric = `${entry.metric === 'ndcg' ? 'NDCG' : 'recall'}@${entry.k}`;
    return `  ${entry.model} ${entry.setting} ${metric} ${entry.value.toFixed(3)} vs ${best}: beats all baselines: ${entry.beatsAllBaselines ? 'yes' : 'no'}`;
  });
}

function parseProtocol(value: string): ProtocolName {
  if (!(PROTOCOL_NAMES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown protocol "${value}"; use one of ${PROTOCOL_NAMES.join(', ')}.`);
  }
  return value as ProtocolName;
}

function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected an integer >= 1, got "${value}".`);
  }
  return parsed;
}

function parseList(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0) throw new InvalidArgumentError(`expected comma-separated model names, got "${value}".`);
  return names;
}
