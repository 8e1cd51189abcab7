import type { Dataset } from '../../data/types.js';
import type { Recommender } from '../../models/recommender.js';
import { evaluate, type EvaluationProgress } from '../evaluate.js';
import type { EvaluationOptions } from '../evaluation-options.js';
import type { EvaluationSplit, SplitKind } from '../split.js';
import { compareWithBaselines } from './baseline-comparison.js';
import { disposeModels } from './protocol-models.js';
import {
  summarizeDataset,
  type ProtocolName,
  type ProtocolProgress,
  type ProtocolResult,
  type ReferenceValue,
  type ResolvedProtocolOptions,
} from './protocol-types.js';

/** Everything a protocol decides before the shared evaluation run. */
export interface ProtocolPlan {
  protocol: ProtocolName;
  title: string;
  description: string;
  dataset: Dataset;
  /** Folder the data came from; null for generated data. */
  folder: string | null;
  split: EvaluationSplit;
  splitKind: SplitKind;
  splitDescription: string;
  models: Recommender[];
  /** Runner options other than the seed, the user sample and the live feed, which come from the protocol options. */
  evaluation: Omit<EvaluationOptions, 'seed' | 'maxTestUsers' | 'liveFeed'>;
  /** Test users when the caller does not set maxTestUsers; undefined evaluates all. */
  defaultMaxTestUsers?: number;
  /** The models compared with every baseline, and the baselines' names. */
  comparison?: { models: string[]; baselines: string[] };
  references?: ReferenceValue[];
  notes?: string[];
}

/**
 * Runs a planned protocol: evaluates every model on the split, compares the protocol's own
 * models with the baselines and frees the models' memory. `startedAt` is the time (ms) the
 * protocol began, so loading counts in `seconds`.
 */
export async function runPlan(
  plan: ProtocolPlan,
  options: ResolvedProtocolOptions,
  onProgress: (event: ProtocolProgress) => void,
  startedAt: number,
): Promise<ProtocolResult> {
  const split = {
    kind: plan.splitKind,
    description: plan.splitDescription,
    cutoff: new Date(plan.split.cutoff).toISOString(),
    trainRows: plan.split.train.size,
    testRows: plan.split.test.size,
  };
  onProgress({ type: 'split', split });

  try {
    const evaluation = await evaluate({
      split: plan.split,
      splitKind: plan.splitKind,
      articles: plan.dataset.articles,
      users: plan.dataset.users,
      models: plan.models,
      options: {
        ...plan.evaluation,
        seed: options.seed,
        maxTestUsers: options.maxTestUsers ?? plan.defaultMaxTestUsers,
        liveFeed: options.liveFeed,
      },
      onProgress: (event: EvaluationProgress) => onProgress({ type: 'evaluation', event }),
    });

    const present = new Set(plan.models.map((model) => model.name));
    const baselines = plan.comparison?.baselines.filter((name) => present.has(name)) ?? [];
    const compared = plan.comparison?.models.filter((name) => present.has(name)) ?? [];
    const comparisons = baselines.length === 0 ? [] : compared.flatMap((model) => compareWithBaselines(evaluation, model, baselines));

    return {
      protocol: plan.protocol,
      title: plan.title,
      description: plan.description,
      startedAt: new Date(startedAt).toISOString(),
      seconds: (Date.now() - startedAt) / 1000,
      options,
      dataset: summarizeDataset(plan.dataset, plan.folder),
      split,
      evaluation,
      comparisons,
      references: plan.references ?? [],
      notes: plan.notes ?? [],
      settings: evaluation.options.candidates === 'both' ? ['warm', 'live'] : [evaluation.options.candidates],
    };
  } finally {
    await disposeModels(plan.models);
  }
}
