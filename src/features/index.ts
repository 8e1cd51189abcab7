/** The features layer: time split, vocabularies, tokenizer and hashing, histories, article features. */
export { splitByTime, randomSplit, quantileCutoff, DEFAULT_SPLIT_QUANTILE } from './time-split.js';
export type { TimeSplit, TimeSplitOptions, RandomSplitOptions } from './time-split.js';
export { Vocabulary, OOV_INDEX, VOCABULARY_FORMAT, VOCABULARY_VERSION } from './vocabulary.js';
export type { VocabularyJson, VocabularyOptions } from './vocabulary.js';
export { buildVocabularies, vocabulariesToJSON, vocabulariesFromJSON, VOCABULARY_NAMES } from './vocabularies.js';
export type { Vocabularies, VocabularyName, BuildVocabulariesOptions } from './vocabularies.js';
export { tokenize, hashTokens, hashTextFeatures, parseHashingOptions } from './tokenizer.js';
export type { TokenizeOptions, HashingOptions } from './tokenizer.js';
export { murmur3_32, hashString } from './murmur3.js';
export { buildHistories, buildLeaveOneOutHistories, historyBefore, HISTORY_PADDING } from './history.js';
export type { Histories, HistoryOptions } from './history.js';
export {
  buildArticleFeatures,
  encodeArticle,
  parseArticleFeatureOptions,
  PUBLISHED_AT_UNKNOWN,
  PUBLISHED_AT_METADATA,
  PUBLISHED_AT_FIRST_INTERACTION,
} from './article-features.js';
export type { ArticleFeatures, ArticleFeatureConfig, ArticleFeatureOptions, EncodedArticle } from './article-features.js';
export { takeRows, sliceRows, isSortedByTime, timeOrder } from './table-rows.js';
export { FeatureError, type FeatureErrorCode } from './errors.js';
