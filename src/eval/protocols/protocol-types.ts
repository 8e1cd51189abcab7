import { z } from 'zod';

import type { Dataset } from '../../data/types.js';
import type { TrainingEvent } from '../../train/training-events.js';
import type { CandidateSetting } from '../candidate-settings.js';
import type { EvaluationProgress, EvaluationResult } from '../evaluate.js';
import { parseOptions } from '../parse-options.js';
import type { SplitKind } from '../split.js';
import type { BaselineComparison } from './baseline-comparison.js';

/** The reproducible evaluations `readnext evaluate --protocol` runs, one per data set. */
export const PROTOCOL_NAMES = ['tfrs-ml100k', 'globo', 'deskdrop', 'ml-latest', 'demo'] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

export const protocolOptionsSchema = z.strictObject({
  /** Folder of the protocol's data set; unused by 'demo', which generates its data. */
  dataDir: z.string().min(1).optional(),
  /** Seed of the split (random splits), the test-user sample and every model. */
  seed: z.int().min(0).max(0xffffffff).default(42),
  /** Maximum test users, drawn uniformly with `seed`; the protocol's default when absent. */
  maxTestUsers: z.int().min(1).optional(),
  /** Overrides the epochs of every two-tower model of the protocol. */
  epochs: z.int().min(1).max(1000).optional(),
  /** Names of the models to run (a subset of the protocol's list); all when absent. */
  models: z.array(z.string().min(1)).min(1).optional(),
  /** Pass each request the test rows before its time (the evaluation option `liveFeed`). */
  liveFeed: z.boolean().default(false),
});

export type ProtocolOptions = z.input<typeof protocolOptionsSchema>;
export type ResolvedProtocolOptions = z.output<typeof protocolOptionsSchema>;

export function resolveProtocolOptions(options: ProtocolOptions = {}): ResolvedProtocolOptions {
  return parseOptions(protocolOptionsSchema, options, 'protocol');
}

/** Progress of a protocol run, for the CLI; the library never prints. */
export type ProtocolProgress =
  | { type: 'loaded'; dataset: DatasetSummary; seconds: number }
  | { type: 'split'; split: SplitSummary }
  | { type: 'evaluation'; event: EvaluationProgress }
  | { type: 'training'; model: string; event: TrainingEvent };

export interface DatasetSummary {
  name: string;
  /** Folder read, or null for generated data. */
  folder: string | null;
  interactions: number;
  /** Rows with click != 0, the positives every model trains and is tested on. */
  positives: number;
  users: number;
  articles: number;
  /** Articles with a metadata row (title, category, ...). */
  articlesWithMetadata: number;
  firstInteraction: string;
  lastInteraction: string;
}

export interface SplitSummary {
  kind: SplitKind;
  /** One sentence on how the rows were split. */
  description: string;
  /** ISO time of the cutoff; for a random split, a time after every row. */
  cutoff: string;
  trainRows: number;
  testRows: number;
}

/** A published or independently measured number the protocol is compared with. */
export interface ReferenceValue {
  /** Model name in this result the reference applies to. */
  model: string;
  metric: string;
  low: number;
  high: number;
  /** Source of the range. */
  source: string;
}

export interface ProtocolResult {
  protocol: ProtocolName;
  title: string;
  /** Description of what the protocol measures and how, in a few sentences. */
  description: string;
  /** ISO time the run started. */
  startedAt: string;
  seconds: number;
  options: ResolvedProtocolOptions;
  dataset: DatasetSummary;
  split: SplitSummary;
  evaluation: EvaluationResult;
  /** The model every baseline is compared with, when the protocol has one. */
  comparisons: BaselineComparison[];
  references: ReferenceValue[];
  /** Caveats a reader needs next to the numbers (tuning data, missing metadata, ...). */
  notes: string[];
  /** Settings evaluated, in order. */
  settings: CandidateSetting[];
}

/** Summarises a loaded data set for the report. */
export function summarizeDataset(dataset: Dataset, folder: string | null): DatasetSummary {
  const table = dataset.interactions;
  let positives = 0;
  for (let row = 0; row < table.size; row++) if (table.click[row] !== 0) positives++;
  let articlesWithMetadata = 0;
  for (const id of table.articleIds) if (dataset.articles.has(id)) articlesWithMetadata++;
  return {
    name: dataset.name,
    folder,
    interactions: table.size,
    positives,
    users: table.userIds.length,
    articles: table.articleIds.length,
    articlesWithMetadata,
    firstInteraction: table.size > 0 ? new Date(table.timestamp[0]).toISOString() : '',
    lastInteraction: table.size > 0 ? new Date(table.timestamp[table.size - 1]).toISOString() : '',
  };
}
