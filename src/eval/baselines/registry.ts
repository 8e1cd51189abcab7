import type { Recommender } from '../../models/recommender.js';
import { EvaluationError } from '../errors.js';
import { Bpr, type BprOptions } from './bpr.js';
import { Ease, type EaseOptions } from './ease.js';
import { ItemKnn, type ItemKnnOptions } from './item-knn.js';
import { MostPopular } from './most-popular.js';
import { RecentPopularity, type RecentPopularityOptions } from './recent-popularity.js';

/** Options accepted by each shipped baseline, keyed by its name. */
export interface BaselineOptions {
  'most-popular': Record<string, never>;
  'recent-popularity': RecentPopularityOptions;
  'item-knn': ItemKnnOptions;
  ease: EaseOptions;
  bpr: BprOptions;
}

export type BaselineName = keyof BaselineOptions;

/** Names of the shipped baselines, cheapest first. */
export const BASELINE_NAMES: readonly BaselineName[] = ['most-popular', 'recent-popularity', 'item-knn', 'ease', 'bpr'];

/** Creates a shipped baseline by name; options are validated by the baseline's own schema. */
export function createBaseline<Name extends BaselineName>(name: Name, options?: BaselineOptions[Name]): Recommender {
  switch (name) {
    case 'most-popular':
      return new MostPopular();
    case 'recent-popularity':
      return new RecentPopularity(options as RecentPopularityOptions | undefined);
    case 'item-knn':
      return new ItemKnn(options as ItemKnnOptions | undefined);
    case 'ease':
      return new Ease(options as EaseOptions | undefined);
    case 'bpr':
      return new Bpr(options as BprOptions | undefined);
    default:
      throw new EvaluationError('EVAL_INVALID_OPTIONS', `Unknown baseline "${String(name)}"; use one of ${BASELINE_NAMES.join(', ')}.`, {
        name,
      });
  }
}

/** Returns whether `name` is a shipped baseline's name. */
export function isBaselineName(name: string): name is BaselineName {
  return (BASELINE_NAMES as readonly string[]).includes(name);
}
