import type { FitData, Recommender, ScoringRequest } from '../models/recommender.js';
import { ModelError } from '../models/errors.js';
import type { TwoTowerConfigInput } from '../models/two-tower-config.js';
import { TwoTowerServingModel, type ServingCatalogue } from '../models/two-tower-serving.js';
import type { InBatchSoftmaxImplementation } from '../tensor/in-batch-softmax-variants.js';
import type { MatmulBackendName } from '../tensor/matmul.js';
import { RecentCounts } from './recent-counts.js';
import { trainTwoTower, type TrainResult } from './train-two-tower.js';
import type { TrainingEvent } from './training-events.js';
import type { TrainingOptions } from './training-options.js';

export interface TwoTowerRecommenderOptions {
  /** Name in evaluation results (default "two-tower-<preset>"). */
  name?: string;
  config?: TwoTowerConfigInput;
  /** Training options; the seed defaults to the one `fit` receives. */
  training?: TrainingOptions;
  onEvent?: (event: TrainingEvent) => void;
  softmaxImplementation?: InBatchSoftmaxImplementation;
  matmulBackend?: MatmulBackendName;
}

/**
 * The two-tower model behind the `Recommender` interface, for the evaluation runner: `fit`
 * trains (see trainTwoTower), `score` returns query · candidate + time term at the request time.
 * The time term's trailing counts include the request's `recent` rows when the runner passes them.
 * Articles unseen in training are scored from their content (their id is OOV). A user unknown
 * at training time is scored with the OOV user row plus whatever history the request carries;
 * the OOV row is trained through user-id dropout.
 */
export class TwoTowerRecommender implements Recommender {
  readonly name: string;
  result: TrainResult | null = null;
  /** Reused counts of the events a request carries after the cutoff; rebuilt by `fit`. */
  private recentCounts: RecentCounts | null = null;

  constructor(readonly options: TwoTowerRecommenderOptions = {}) {
    this.name = options.name ?? `two-tower-${options.config?.preset ?? 'hybrid'}`;
  }

  /** Mean training loss per epoch, for the evaluation report. */
  get trainingHistory(): { epoch: number; loss: number }[] {
    return (this.result?.history ?? []).map((epoch) => ({ epoch: epoch.epoch, loss: epoch.loss }));
  }

  async fit(data: FitData): Promise<void> {
    if (this.result !== null) await this.result.model.dispose();
    this.result = await trainTwoTower({
      train: data.train,
      articles: data.articles,
      users: data.users,
      cutoff: data.cutoff,
      config: this.options.config,
      options: { seed: data.seed, ...this.options.training },
      onEvent: this.options.onEvent,
      softmaxImplementation: this.options.softmaxImplementation,
      matmulBackend: this.options.matmulBackend,
    });
    this.recentCounts = new RecentCounts(data.train.articleIds.length, this.result.data.trailing.windowMs);
  }

  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    const result = this.requireResult();
    const { data, scorer, model } = result;
    const historyIndices: number[] = [];
    if (model.config.features.history) {
      const recent = request.history.subarray(Math.max(0, request.history.length - model.config.historyLength));
      for (const code of recent) {
        const index = code < data.articleIndex.length ? data.articleIndex[code] : 0;
        if (index !== 0) historyIndices.push(index);
      }
    }
    const userKnown = request.user < data.userIndex.length;
    const topics = data.topicsOfUser;
    const topicIndices = userKnown ? topics.indices.subarray(topics.offsets[request.user], topics.offsets[request.user + 1]) : new Int32Array(0);
    const query = model.embedQueries({
      size: 1,
      users: Int32Array.of(userKnown ? data.userIndex[request.user] : 0),
      history: { indices: Int32Array.from(historyIndices), offsets: Int32Array.of(0, historyIndices.length) },
      topics: { indices: Int32Array.from(topicIndices), offsets: Int32Array.of(0, topicIndices.length) },
    });
    const dictionarySize = data.train.articleIds.length;
    for (let k = 0; k < candidates.length; k++) {
      if (candidates[k] >= dictionarySize) {
        throw new ModelError(
          'MODEL_INVALID_DATA',
          `Candidate article code ${candidates[k]} is outside the training dictionary of ${dictionarySize} articles; ` +
            'split train and test from one table so they share dictionaries.',
        );
      }
    }

    // Events after the cutoff (live feed) join the training counts of the time term's window.
    const recent = request.recent;
    const recentCounts = this.recentCounts;
    if (recent === undefined || recentCounts === null || model.timeTerm === null) {
      scorer.score(query, request.time, candidates, out);
      return;
    }
    try {
      scorer.score(query, request.time, candidates, out, recentCounts.count(recent, request.time));
    } finally {
      recentCounts.clear();
    }
  }

  /**
   * The trained model as a ServingModel. The catalogue is every article with a positive
   * training interaction plus every article with metadata published before the cutoff (or
   * with no publication time); the trailing counts are taken at the cutoff.
   */
  toServingModel(version: string): TwoTowerServingModel {
    const { data, model, scorer } = this.requireResult();
    const dim = model.config.dim;
    const seen = new Uint8Array(data.train.articleIds.length);
    for (const row of data.positiveRows) seen[data.train.article[row]] = 1;
    const codes: number[] = [];
    for (let code = 0; code < seen.length; code++) {
      const hasMetadata = data.articleFeatures.hasMetadata[code] === 1;
      const published = data.publishedAt[code];
      if (seen[code] === 1 || (hasMetadata && (Number.isNaN(published) || published < data.cutoff))) codes.push(code);
    }
    const catalogue: ServingCatalogue = {
      articleIds: codes.map((code) => data.train.articleIds[code]),
      embeddings: new Float32Array(codes.length * dim),
      publishedAt: Float64Array.from(codes, (code) => data.publishedAt[code]),
      trailingCounts: Float64Array.from(codes, (code) => data.trailing.countAt(code, data.cutoff)),
      popularityTime: data.cutoff,
    };
    codes.forEach((code, row) => catalogue.embeddings.set(scorer.embeddings.subarray(code * dim, (code + 1) * dim), row * dim));
    return new TwoTowerServingModel(model, data.vocabularies, data.articleFeatures.config, catalogue, version);
  }

  /** Training settings and per-epoch summaries, as saved in the model directory. */
  trainingRecord(): unknown {
    const { options, history, bestEpoch, stoppedEarly, data } = this.requireResult();
    return { options, history, bestEpoch, stoppedEarly, cutoff: data.cutoff, trainRows: data.train.size, positives: data.positiveRows.length };
  }

  async dispose(): Promise<void> {
    await this.result?.model.dispose();
    this.result = null;
  }

  private requireResult(): TrainResult {
    if (this.result === null) throw new ModelError('MODEL_NOT_FITTED', `${this.name}: call fit before score.`);
    return this.result;
  }
}
