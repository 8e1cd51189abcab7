import cliProgress from 'cli-progress';

import type { EvaluationResult } from '../eval/evaluate.js';
import type { EpochSummary, TrainingEvent } from '../train/training-events.js';

/**
 * Turns training events into a per-epoch progress bar (stderr, terminals only) and one summary
 * line per epoch (stdout), so piped output stays readable.
 */
export function createTrainingReporter(write: (line: string) => void): { onEvent: (event: TrainingEvent) => void; stop: () => void } {
  const interactive = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const onEvent = (event: TrainingEvent) => {
    switch (event.type) {
      case 'start':
        write(
          `training on ${event.examples.toLocaleString('en-US')} positives, ${event.stepsPerEpoch} steps per epoch, ` +
            `up to ${event.epochs} epochs, ${event.validationRows} validation rows`,
        );
        break;
      case 'step':
        if (!interactive) break;
        if (bar === null) {
          bar = new cliProgress.SingleBar(
            { format: `epoch ${event.epoch} [{bar}] {value}/{total} steps | loss {loss}`, stream: process.stderr, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(event.stepsPerEpoch, 0, { loss: '-' });
        }
        bar.update(event.step, { loss: event.loss.toFixed(4) });
        break;
      case 'epoch':
        stop();
        write(formatEpoch(event.summary));
        break;
      case 'early-stop':
        write(`early stop after epoch ${event.epoch}: no better validation score since epoch ${event.bestEpoch}; restored its weights`);
        break;
    }
  };
  return { onEvent, stop };
}

/** One line per epoch: loss, validation top-K, time and throughput. */
export function formatEpoch(summary: EpochSummary): string {
  const validation =
    summary.validation === undefined
      ? ''
      : ` | validation ${Object.entries(summary.validation)
          .map(([key, value]) => `${key.replace('top', 'top-')} ${value.toFixed(3)}`)
          .join(', ')}`;
  return (
    `epoch ${summary.epoch}: loss ${summary.loss.toFixed(4)}${validation} | ${summary.trainSeconds.toFixed(1)} s ` +
    `(${Math.round(summary.examplesPerSecond).toLocaleString('en-US')} examples/s)${summary.best ? ' *' : ''}`
  );
}

/** Test-period lines per model and setting: top-K accuracy and recall/NDCG at k. */
export function formatEvaluation(result: EvaluationResult): string[] {
  const lines = [
    `test: ${result.testRows.toLocaleString('en-US')} rows after the cutoff ${new Date(result.cutoff).toISOString()}, ` +
      `${result.testUsers.evaluated} of ${result.testUsers.eligible} users evaluated`,
  ];
  for (const model of result.models) {
    if (model.status === 'failed') {
      lines.push(`  ${model.name}: failed (${model.error?.code}: ${model.error?.message})`);
      continue;
    }
    for (const setting of model.settings) {
      const topK = setting.topKAccuracy.values.map((value) => `top-${value.k} ${value.accuracy.toFixed(3)}`).join(', ');
      lines.push(
        `  ${model.name.padEnd(20)} ${setting.setting.padEnd(4)} | ${topK} | recall@${setting.ranking.k} ${setting.ranking.recall.toFixed(3)}, ` +
          `NDCG@${setting.ranking.k} ${setting.ranking.ndcg.toFixed(3)}`,
      );
    }
  }
  return lines;
}
