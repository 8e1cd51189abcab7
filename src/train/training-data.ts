import type { Article, InteractionTable, User } from '../data/types.js';
import { buildArticleFeatures, type ArticleFeatures } from '../features/article-features.js';
import { buildHistories, buildLeaveOneOutHistories, HISTORY_PADDING, type Histories } from '../features/history.js';
import { buildVocabularies, type Vocabularies } from '../features/vocabularies.js';
import { OOV_INDEX } from '../features/vocabulary.js';
import { ModelError } from '../models/errors.js';
import type { VocabularySizes } from '../models/query-tower.js';
import { TrailingPopularity } from '../models/trailing-popularity.js';
import type { TwoTowerConfig } from '../models/two-tower-config.js';
import type { Bags } from '../models/weighted-bag.js';

/**
 * Everything the training loop derives from the training rows once, before the first epoch.
 * Codes index the table's dictionaries (`train.userIds`, `train.articleIds`); vocabulary
 * indices (0 = OOV) index the embedding tables.
 */
export interface TrainingData {
  train: InteractionTable;
  cutoff: number;
  vocabularies: Vocabularies;
  sizes: VocabularySizes;
  /** Encoded content of every article code of the dictionary (including test-only articles). */
  articleFeatures: ArticleFeatures;
  /** [article codes] articles-vocabulary index of each code. */
  articleIndex: Int32Array;
  /** [user codes] users-vocabulary index of each code. */
  userIndex: Int32Array;
  /** Categories-vocabulary indices of each user code's preferred topics (one bag per user code). */
  topicsOfUser: Bags;
  /** Per-row histories of the training table (article codes, strictly earlier events). */
  histories: Histories;
  /** Training rows with click != 0 (the positives), in time order. */
  positiveRows: Int32Array;
  /** [article codes] share of the positives that each article receives: the logQ sampling probability. */
  samplingProbability: Float32Array;
  /** Trailing-window counts over the positives, for the time term. */
  trailing: TrailingPopularity;
  /** [article codes] publication time (ms): metadata, else first training interaction; NaN unknown. */
  publishedAt: Float64Array;
}

/** Builds the vocabularies, features, histories and counts the model trains on. */
export function prepareTrainingData(
  train: InteractionTable,
  articles: ReadonlyMap<string, Article>,
  users: ReadonlyMap<string, User>,
  cutoff: number,
  config: TwoTowerConfig,
): TrainingData {
  const positiveList: number[] = [];
  for (let row = 0; row < train.size; row++) if (train.click[row] !== 0) positiveList.push(row);
  if (positiveList.length === 0) {
    throw new ModelError(
      'MODEL_INVALID_DATA',
      `The training data has ${train.size} rows but none is a positive (click != 0); the model needs clicked or plain event rows.`,
    );
  }
  const positiveRows = Int32Array.from(positiveList);

  const vocabularies = buildVocabularies(train, articles, users);
  const sizes: VocabularySizes = {
    users: vocabularies.users.size,
    articles: vocabularies.articles.size,
    categories: vocabularies.categories.size,
    tags: vocabularies.tags.size,
    authors: vocabularies.authors.size,
  };
  const textOn = config.features.text;
  const articleFeatures = buildArticleFeatures(
    train.articleIds,
    articles,
    vocabularies,
    {
      textBuckets: config.textBuckets,
      maxTextTokens: textOn ? config.maxTextTokens : 0,
      maxTitleTokens: textOn ? 32 : 0,
    },
    train,
  );

  const articleIndex = vocabularies.articles.lookupAll(train.articleIds);
  const userIndex = vocabularies.users.lookupAll(train.userIds);
  const topicLists = train.userIds.map((id) => topicIndices(users.get(id), vocabularies));
  const topicsOfUser = listsToBags(topicLists);
  // Without the history feature no batch reads histories, so skip the O(rows x N) buffer.
  const buildRowHistories = config.historyScope === 'leave-one-out' ? buildLeaveOneOutHistories : buildHistories;
  const histories: Histories = config.features.history
    ? buildRowHistories(train, { length: config.historyLength })
    : { length: 1, items: new Int32Array(0), lengths: new Int32Array(train.size) };

  const counts = new Float64Array(train.articleIds.length);
  const positiveArticles = new Int32Array(positiveRows.length);
  const positiveTimes = new Float64Array(positiveRows.length);
  positiveRows.forEach((row, k) => {
    counts[train.article[row]]++;
    positiveArticles[k] = train.article[row];
    positiveTimes[k] = train.timestamp[row];
  });
  const samplingProbability = Float32Array.from(counts, (count) => count / positiveRows.length);
  const windowMs = config.timeTerm.windowHours * 3_600_000;
  const trailing = TrailingPopularity.build(train.articleIds.length, positiveArticles, positiveTimes, windowMs);

  return {
    train,
    cutoff,
    vocabularies,
    sizes,
    articleFeatures,
    articleIndex,
    userIndex,
    topicsOfUser,
    histories,
    positiveRows,
    samplingProbability,
    trailing,
    publishedAt: articleFeatures.publishedAt,
  };
}

/** Categories-vocabulary indices of a user's preferred topics; unknown topics are dropped. */
export function topicIndices(user: User | undefined, vocabularies: Vocabularies): number[] {
  if (user === undefined) return [];
  const out: number[] = [];
  for (const topic of user.preferredTopics) {
    const index = vocabularies.categories.lookup(topic);
    if (index !== OOV_INDEX && !out.includes(index)) out.push(index);
  }
  return out;
}

/** Articles-vocabulary indices of one history row, dropping padding and OOV articles. */
export function historyIndices(histories: Histories, row: number, articleIndex: Int32Array, out: number[]): void {
  const n = histories.length;
  const length = histories.lengths[row];
  for (let k = 0; k < length; k++) {
    const code = histories.items[row * n + k];
    if (code === HISTORY_PADDING) continue;
    const index = articleIndex[code];
    if (index !== OOV_INDEX) out.push(index);
  }
}

function listsToBags(lists: readonly number[][]): Bags {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, b) => (offsets[b + 1] = offsets[b] + list.length));
  const indices = new Int32Array(offsets[lists.length]);
  lists.forEach((list, b) => indices.set(list, offsets[b]));
  return { indices, offsets };
}
