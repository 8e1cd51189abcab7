import type { Dataset } from '../../data/types.js';
import { splitByTime } from '../../features/time-split.js';
import { BASELINE_NAMES } from '../baselines/registry.js';
import type { Recommender } from '../../models/recommender.js';
import { buildProtocolModels, type BaselineSpec, type TwoTowerSpec } from './protocol-models.js';
import {
  resolveProtocolOptions,
  summarizeDataset,
  type ProtocolName,
  type ProtocolOptions,
  type ProtocolProgress,
  type ProtocolResult,
  type ResolvedProtocolOptions,
} from './protocol-types.js';
import { RecentWindow } from './recent-window.js';
import { runPlan } from './run-protocol.js';

/** Every shipped baseline with its default options. */
export const ALL_BASELINES: readonly BaselineSpec[] = BASELINE_NAMES.map((name) => ({ name }));

/** A protocol that splits one data set at a global time and compares two-tower models with the baselines. */
export interface TimeSplitProtocol {
  protocol: ProtocolName;
  title: string;
  description: string;
  /** Loads the data set; returns the folder read (null for generated data) with it. */
  load(options: ResolvedProtocolOptions): Promise<{ dataset: Dataset; folder: string | null }>;
  /** Share of rows (by time) before the cutoff. */
  trainQuantile: number;
  twoTowers: readonly TwoTowerSpec[];
  baselines?: readonly BaselineSpec[];
  /** Test users when the caller does not set maxTestUsers; all when undefined. */
  defaultMaxTestUsers?: number;
  /** When set, the two-tower models train on this many ms before the cutoff only (see RecentWindow). */
  trainingWindowMs?: number;
  notes?: string[];
}

/**
 * Runs a time-split protocol: load, split at the `trainQuantile` of interaction times, evaluate
 * every model in the warm and live candidate settings, and compare each two-tower model with
 * every baseline on recall@10 and NDCG@10.
 */
export async function runTimeSplitProtocol(
  definition: TimeSplitProtocol,
  input: ProtocolOptions,
  onProgress: (event: ProtocolProgress) => void = () => {},
): Promise<ProtocolResult> {
  const startedAt = Date.now();
  const options = resolveProtocolOptions(input);
  const { dataset, folder } = await definition.load(options);
  onProgress({ type: 'loaded', dataset: summarizeDataset(dataset, folder), seconds: (Date.now() - startedAt) / 1000 });

  const split = splitByTime(dataset.interactions, { quantile: definition.trainQuantile });
  const baselines = definition.baselines ?? ALL_BASELINES;
  return runPlan(
    {
      protocol: definition.protocol,
      title: definition.title,
      description: definition.description,
      dataset,
      folder,
      split,
      splitKind: 'time',
      splitDescription:
        `Global time split at the ${definition.trainQuantile * 100}th percentile of interaction times: ` +
        'training rows are strictly before the cutoff, test rows at or after it.',
      models: windowed(buildProtocolModels(definition.twoTowers, baselines, options, onProgress), definition),
      evaluation: { candidates: 'both', ks: [1, 5, 10, 50, 100], k: 10 },
      defaultMaxTestUsers: definition.defaultMaxTestUsers,
      comparison: { models: definition.twoTowers.map((spec) => spec.name), baselines: baselines.map((spec) => spec.name) },
      notes: definition.notes,
    },
    options,
    onProgress,
    startedAt,
  );
}

/** Wraps the protocol's two-tower models in its training window, when it has one. */
function windowed(models: Recommender[], definition: TimeSplitProtocol): Recommender[] {
  const windowMs = definition.trainingWindowMs;
  if (windowMs === undefined) return models;
  const twoTowerNames = new Set(definition.twoTowers.map((spec) => spec.name));
  return models.map((model) => (twoTowerNames.has(model.name) ? new RecentWindow(model, windowMs) : model));
}
