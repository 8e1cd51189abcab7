import type { Recommender } from '../../models/recommender.js';
import type { TwoTowerConfigInput } from '../../models/two-tower-config.js';
import type { TrainingOptions } from '../../train/training-options.js';
import { TwoTowerRecommender } from '../../train/two-tower-recommender.js';
import { createBaseline, type BaselineName, type BaselineOptions } from '../baselines/registry.js';
import { EvaluationError } from '../errors.js';
import type { ProtocolProgress, ResolvedProtocolOptions } from './protocol-types.js';
import { RecentWindow } from './recent-window.js';

/** A two-tower model as a protocol trains it. */
export interface TwoTowerSpec {
  name: string;
  config: TwoTowerConfigInput;
  training: TrainingOptions;
}

/** A shipped baseline with the options a protocol gives it. */
export interface BaselineSpec<Name extends BaselineName = BaselineName> {
  name: Name;
  options?: BaselineOptions[Name];
}

/**
 * Builds the protocol's models: the two-tower models first, then the baselines, keeping only
 * the names in `options.models` when it is set. `options.epochs` replaces every two-tower
 * model's epoch count, and training progress is forwarded to `onProgress`.
 *
 * Throws EvaluationError EVAL_INVALID_OPTIONS for a requested name the protocol does not have.
 */
export function buildProtocolModels(
  twoTowers: readonly TwoTowerSpec[],
  baselines: readonly BaselineSpec[],
  options: ResolvedProtocolOptions,
  onProgress: (event: ProtocolProgress) => void,
): Recommender[] {
  const available = [...twoTowers.map((spec) => spec.name), ...baselines.map((spec) => spec.name)];
  const requested = options.models ?? available;
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new EvaluationError(
      'EVAL_INVALID_OPTIONS',
      `Unknown model ${unknown.map((name) => `"${name}"`).join(', ')} for this protocol; choose from ${available.join(', ')}.`,
      { unknown, available },
    );
  }

  const models: Recommender[] = [];
  for (const spec of twoTowers) {
    if (!requested.includes(spec.name)) continue;
    const training = options.epochs === undefined ? spec.training : { ...spec.training, epochs: options.epochs };
    models.push(
      new TwoTowerRecommender({
        name: spec.name,
        config: spec.config,
        training,
        onEvent: (event) => onProgress({ type: 'training', model: spec.name, event }),
      }),
    );
  }
  for (const spec of baselines) {
    if (requested.includes(spec.name)) models.push(createBaseline(spec.name, spec.options));
  }
  return models;
}

/** Releases the wasm memory of the two-tower models after a run. */
export async function disposeModels(models: readonly Recommender[]): Promise<void> {
  for (const model of models) {
    const inner = model instanceof RecentWindow ? model.inner : model;
    if (inner instanceof TwoTowerRecommender) await inner.dispose();
  }
}
