import type { Article, User } from '../data/types.js';
import type { Recommender, ScoringRequest } from '../models/recommender.js';
import { ArticleMask } from './article-mask.js';
import type { CandidateSetting } from './candidate-settings.js';
import { EvaluationError, type EvaluationErrorCode } from './errors.js';
import { buildEvaluationContext, type EvaluationContext } from './evaluation-context.js';
import { resolveEvaluationOptions, type EvaluationOptions, type ResolvedEvaluationOptions } from './evaluation-options.js';
import { LiveFeed } from './live-feed.js';
import { beyondAccuracy, type BeyondAccuracyResult } from './metrics/beyond-accuracy.js';
import { TopKAccuracy, type TopKAccuracyResult } from './metrics/top-k-accuracy.js';
import { UserRankingMetrics, type UserRankingResult } from './metrics/user-ranking.js';
import { validateSplit, type EvaluationSplit, type SplitKind } from './split.js';
import { selectTopK } from './top-k-selection.js';
import { buildTestUsers, sampleTestUsers, type TestUser } from './test-users.js';
import { trainingHistoryOf, type EpochLoss } from './training-history.js';

export interface EvaluationInput {
  split: EvaluationSplit;
  /** Default 'time'. A 'random' split is evaluated in the warm setting only (see SplitKind). */
  splitKind?: SplitKind;
  /** Article metadata keyed by raw article id; may cover part of the catalogue. */
  articles: Map<string, Article>;
  /** User profiles keyed by raw user id, passed to every fit; empty when absent. */
  users?: Map<string, User>;
  /** Models to fit and evaluate; names must be distinct. */
  models: readonly Recommender[];
  options?: EvaluationOptions;
  /** Called as each model starts and finishes; the CLI uses it for progress output. */
  onProgress?: (event: EvaluationProgress) => void;
}

export type EvaluationProgress =
  | { type: 'fit-start'; model: string }
  | { type: 'fit-end'; model: string; seconds: number }
  | { type: 'setting-end'; model: string; setting: CandidateSetting; seconds: number }
  | { type: 'model-failed'; model: string; code: EvaluationErrorCode; message: string };

/** Shared inputs of every model's measurement in one evaluation, built once by `evaluate`. */
interface EvaluationRun {
  context: EvaluationContext;
  users: readonly TestUser[];
  settings: readonly CandidateSetting[];
  /** Test rows served to each request when `liveFeed` is on, else null. */
  feed: LiveFeed | null;
}

/** Metrics of one model in one candidate setting. */
export interface SettingResult {
  setting: CandidateSetting;
  /** Mean number of candidates per request. */
  meanCandidates: number;
  /** Articles any request could get (see EvaluationContext.catalogue). */
  catalogueSize: number;
  /** Share of test interactions whose article was a candidate: the ceiling for top-K accuracy. */
  reachableInteractionShare: number;
  topKAccuracy: TopKAccuracyResult;
  ranking: UserRankingResult;
  beyondAccuracy: BeyondAccuracyResult;
  /** Wall time of scoring and measuring every test user, in seconds. */
  seconds: number;
}

export interface ModelResult {
  name: string;
  status: 'ok' | 'failed';
  /** Set when status is 'failed': the EvaluationError the model raised in fit or score. */
  error?: { code: EvaluationErrorCode; message: string };
  fitSeconds: number;
  /** Per-epoch losses when the model reports them (see training-history.ts). */
  trainingHistory?: EpochLoss[];
  settings: SettingResult[];
}

export interface EvaluationResult {
  options: ResolvedEvaluationOptions;
  splitKind: SplitKind;
  cutoff: number;
  trainRows: number;
  testRows: number;
  testUsers: {
    /** Users with a positive test interaction and enough history. */
    eligible: number;
    /** Users evaluated after sampling. */
    evaluated: number;
    /** Evaluated users with no positive training interaction (cold at the cutoff). */
    withoutHistory: number;
  };
  models: ModelResult[];
}

/**
 * Fits each model on the training rows and measures it on the test users.
 *
 * Each test user is one request: at their first positive test interaction, with their positive
 * training interactions as history. Every candidate is scored exactly (no index), and the
 * recommended list comes from a partial top-k selection. With `liveFeed`, each request also
 * carries every test row strictly before its time (see ScoringRequest.recent).
 *
 * A model that raises an EvaluationError (EASE over its item limit, say) is recorded as failed,
 * and the other models still run. Any other error propagates because it is a bug.
 */
export async function evaluate(input: EvaluationInput): Promise<EvaluationResult> {
  const options = resolveEvaluationOptions(input.options);
  const { split } = input;
  const splitKind = input.splitKind ?? 'time';
  const articleIds = validateSplit(split, splitKind);
  checkDistinctNames(input.models);
  if (splitKind === 'random' && options.candidates !== 'warm') {
    throw new EvaluationError(
      'EVAL_INVALID_OPTIONS',
      `A random split supports only the warm candidate setting, got candidates "${options.candidates}": ` +
        'availability times mean nothing when training rows come after test rows. Pass candidates: "warm".',
      { candidates: options.candidates },
    );
  }
  if (splitKind === 'random' && options.liveFeed) {
    throw new EvaluationError(
      'EVAL_INVALID_OPTIONS',
      'A random split does not support liveFeed: its test rows are spread over the training period, so the rows ' +
        '"before a request" would include events the model already trained around. Use a time split or liveFeed: false.',
      { liveFeed: options.liveFeed },
    );
  }

  const eligible = buildTestUsers(split.train, split.test, options.minHistory);
  const users = sampleTestUsers(eligible, options.maxTestUsers, options.seed);
  const context = buildEvaluationContext(split, articleIds, input.articles, users, options.headShare);
  const settings: CandidateSetting[] = options.candidates === 'both' ? ['warm', 'live'] : [options.candidates];
  const feed = options.liveFeed ? new LiveFeed(split.test) : null;

  const models: ModelResult[] = [];
  for (const model of input.models) {
    models.push(await evaluateModel(model, input, options, { context, users, settings, feed }));
  }

  return {
    options,
    splitKind,
    cutoff: split.cutoff,
    trainRows: split.train.size,
    testRows: split.test.size,
    testUsers: {
      eligible: eligible.length,
      evaluated: users.length,
      withoutHistory: users.filter((user) => user.history.length === 0).length,
    },
    models,
  };
}

async function evaluateModel(
  model: Recommender,
  input: EvaluationInput,
  options: ResolvedEvaluationOptions,
  run: EvaluationRun,
): Promise<ModelResult> {
  const { context, users, settings, feed } = run;
  const report = input.onProgress ?? (() => {});
  const result: ModelResult = { name: model.name, status: 'ok', fitSeconds: 0, settings: [] };
  try {
    report({ type: 'fit-start', model: model.name });
    const fitStart = performance.now();
    await model.fit({
      train: input.split.train,
      articles: input.articles,
      users: input.users ?? new Map<string, User>(),
      cutoff: input.split.cutoff,
      seed: options.seed,
    });
    result.fitSeconds = (performance.now() - fitStart) / 1000;
    report({ type: 'fit-end', model: model.name, seconds: result.fitSeconds });

    const history = trainingHistoryOf(model);
    if (history !== undefined) result.trainingHistory = [...history];

    for (const setting of settings) {
      const measured = evaluateSetting(model, setting, options, context, users, feed);
      result.settings.push(measured);
      report({ type: 'setting-end', model: model.name, setting, seconds: measured.seconds });
    }
  } catch (error) {
    if (!(error instanceof EvaluationError)) throw error;
    result.status = 'failed';
    result.error = { code: error.code, message: error.message };
    report({ type: 'model-failed', model: model.name, code: error.code, message: error.message });
  }
  return result;
}

/**
 * Scores every test user in one setting and measures accuracy and the recommended lists. With a
 * live feed, each request also carries the test rows strictly before its time.
 */
function evaluateSetting(
  model: Recommender,
  setting: CandidateSetting,
  options: ResolvedEvaluationOptions,
  context: EvaluationContext,
  users: readonly TestUser[],
  feed: LiveFeed | null,
): SettingResult {
  const start = performance.now();
  const topKAccuracy = new TopKAccuracy(options.ks);
  const ranking = new UserRankingMetrics(options.k, options.recallCurveKs);
  const historyMask = new ArticleMask(context.articleIds.length);
  const lists: Int32Array[] = [];
  let scoreBuffer = new Float32Array(0);
  let candidateTotal = 0;
  let interactions = 0;
  let reachable = 0;

  for (const user of users) {
    const candidates = context.candidatesFor(setting, user);
    if (scoreBuffer.length < candidates.size) scoreBuffer = new Float32Array(candidates.size);
    const scores = scoreBuffer.subarray(0, candidates.size);
    const request: ScoringRequest = { user: user.user, time: user.requestTime, history: user.history };
    if (feed !== null) request.recent = feed.before(user.requestTime);
    model.score(request, candidates.articles, scores);

    historyMask.addAll(user.history);
    const excluded = options.excludeHistory ? historyMask : undefined;
    const excludedFromAccuracy = options.excludeHistoryInTopKAccuracy ? historyMask : undefined;
    topKAccuracy.update({ candidates, scores, excluded: excludedFromAccuracy }, user.testArticles);
    ranking.update({ candidates, scores, excluded }, user.testArticles);
    lists.push(selectTopK(candidates, scores, options.k, excluded));
    historyMask.clear();

    candidateTotal += candidates.size;
    interactions += user.testArticles.length;
    for (const article of user.testArticles) {
      if (candidates.indexOf(article) !== -1) reachable++;
    }
  }

  const catalogue = context.catalogue(setting);
  return {
    setting,
    meanCandidates: candidateTotal / users.length,
    catalogueSize: catalogue.size,
    reachableInteractionShare: reachable / interactions,
    topKAccuracy: topKAccuracy.result(),
    ranking: ranking.result(),
    beyondAccuracy: beyondAccuracy(lists, {
      catalogue,
      popularity: context.popularity,
      head: context.head,
      categories: context.categories,
      authors: context.authors,
      exposureGroups: options.exposureGroups,
    }),
    seconds: (performance.now() - start) / 1000,
  };
}

function checkDistinctNames(models: readonly Recommender[]): void {
  const seen = new Set<string>();
  for (const model of models) {
    if (seen.has(model.name)) {
      throw new EvaluationError(
        'EVAL_INVALID_OPTIONS',
        `Two models are named "${model.name}"; give each model a distinct name so results can be told apart.`,
        { name: model.name },
      );
    }
    seen.add(model.name);
  }
}
