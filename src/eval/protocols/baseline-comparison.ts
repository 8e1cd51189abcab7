import type { CandidateSetting } from '../candidate-settings.js';
import type { EvaluationResult, ModelResult, SettingResult } from '../evaluate.js';

/** Metrics the acceptance comparison covers. */
export const COMPARED_METRICS = ['recall', 'ndcg'] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

/** Whether one model beats every baseline on one metric in one candidate setting. */
export interface BaselineComparison {
  model: string;
  setting: CandidateSetting;
  /** 'recall' or 'ndcg' at the evaluation's k. */
  metric: ComparedMetric;
  k: number;
  /** The model's value; NaN when it failed. */
  value: number;
  /** Best baseline that finished, or null when none did. */
  bestBaseline: { name: string; value: number } | null;
  /** True only when the model finished and is strictly above every finished baseline. */
  beatsAllBaselines: boolean;
  /** Baselines that failed (EASE over its item limit, say); they are not compared. */
  failedBaselines: string[];
}

/**
 * Compares `model` with every other model of the result (the baselines) on recall@k and
 * NDCG@k in each setting. A tie is not a win, and a failed baseline is listed instead of
 * counted, so "beats all baselines" means all baselines that ran.
 */
export function compareWithBaselines(result: EvaluationResult, model: string, baselines: readonly string[]): BaselineComparison[] {
  const own = result.models.find((entry) => entry.name === model);
  const others = result.models.filter((entry) => baselines.includes(entry.name));
  const failedBaselines = others.filter((entry) => entry.status === 'failed').map((entry) => entry.name);
  const settings: CandidateSetting[] = result.options.candidates === 'both' ? ['warm', 'live'] : [result.options.candidates];

  const comparisons: BaselineComparison[] = [];
  for (const setting of settings) {
    for (const metric of COMPARED_METRICS) {
      const value = metricOf(own, setting, metric);
      let bestBaseline: BaselineComparison['bestBaseline'] = null;
      for (const baseline of others) {
        const baselineValue = metricOf(baseline, setting, metric);
        if (Number.isNaN(baselineValue)) continue;
        if (bestBaseline === null || baselineValue > bestBaseline.value) bestBaseline = { name: baseline.name, value: baselineValue };
      }
      comparisons.push({
        model,
        setting,
        metric,
        k: result.options.k,
        value,
        bestBaseline,
        beatsAllBaselines: !Number.isNaN(value) && bestBaseline !== null && value > bestBaseline.value,
        failedBaselines,
      });
    }
  }
  return comparisons;
}

function metricOf(model: ModelResult | undefined, setting: CandidateSetting, metric: ComparedMetric): number {
  if (model === undefined || model.status !== 'ok') return NaN;
  const measured: SettingResult | undefined = model.settings.find((entry) => entry.setting === setting);
  return measured === undefined ? NaN : measured.ranking[metric];
}
