import { z } from 'zod';

import type { Article, InteractionTable } from '../data/types.js';
import { FeatureError, describeIssues } from './errors.js';
import { hashTokens, tokenize } from './tokenizer.js';
import type { Vocabularies } from './vocabularies.js';
import { OOV_INDEX } from './vocabulary.js';

const articleFeatureSchema = z.strictObject({
  /** Hash buckets for title and text n-grams; the text embedding table has this many rows. */
  textBuckets: z.int().min(1).max(0x7fffffff).default(1 << 15),
  /** Known tags kept per article, in the article's tag order. */
  maxTags: z.int().min(0).default(10),
  maxTitleTokens: z.int().min(0).default(32),
  /** Body tokens kept, because the start of an article best describes its subject. */
  maxTextTokens: z.int().min(0).default(256),
  /** Weight of each title n-gram relative to a body n-gram (weight 1). */
  titleWeight: z.number().positive().default(2),
  hashSeed: z.int().min(0).max(0xffffffff).default(0),
  bigrams: z.boolean().default(true),
});

export type ArticleFeatureOptions = z.input<typeof articleFeatureSchema>;
/** Fully resolved settings; saved with a model so serving encodes articles identically. */
export type ArticleFeatureConfig = z.output<typeof articleFeatureSchema>;

/** Source of an article's `publishedAt`. */
export const PUBLISHED_AT_UNKNOWN = 0;
export const PUBLISHED_AT_METADATA = 1;
export const PUBLISHED_AT_FIRST_INTERACTION = 2;

/**
 * Encoded content of every article code, what the candidate tower consumes. Variable-length
 * features are CSR: the values of article a are values[offsets[a] .. offsets[a + 1]).
 * Index 0 of each vocabulary is the OOV row. It also encodes a missing value, and
 * `hasMetadata` distinguishes the two.
 */
export interface ArticleFeatures {
  /** Number of articles (codes 0 .. count - 1 of the dictionary the features were built for). */
  count: number;
  config: ArticleFeatureConfig;
  /** [count] 1 when the article has a row in the article table. */
  hasMetadata: Uint8Array;
  /** [count] categories vocabulary index. */
  category: Int32Array;
  /** [count] authors vocabulary index. */
  author: Int32Array;
  /** [count + 1] offsets into `tags`. */
  tagOffsets: Int32Array;
  /** [nnz] tags vocabulary indices, distinct per article, OOV tags dropped. */
  tags: Int32Array;
  /** [count + 1] offsets into `textBuckets` / `textWeights`. */
  textOffsets: Int32Array;
  /** [nnz] distinct hash buckets of the title and body n-grams, ascending per article. */
  textBuckets: Int32Array;
  /** [nnz] summed weight of each bucket: titleWeight per title n-gram + 1 per body n-gram. */
  textWeights: Float32Array;
  /** [count] publication time in ms since the epoch; NaN when unknown. */
  publishedAt: Float64Array;
  /** [count] PUBLISHED_AT_METADATA, PUBLISHED_AT_FIRST_INTERACTION or PUBLISHED_AT_UNKNOWN. */
  publishedAtSource: Uint8Array;
}

/** The features of one article, as `encodeArticle` returns them for a single request. */
export interface EncodedArticle {
  category: number;
  author: number;
  tags: Int32Array;
  textBuckets: Int32Array;
  textWeights: Float32Array;
}

type ContentVocabularies = Pick<Vocabularies, 'categories' | 'tags' | 'authors'>;

/** Validates the options once; throws FeatureError FEATURES_INVALID_OPTIONS naming the bad field. */
export function parseArticleFeatureOptions(options: ArticleFeatureOptions = {}): ArticleFeatureConfig {
  const parsed = articleFeatureSchema.safeParse(options);
  if (!parsed.success) {
    throw new FeatureError(
      'FEATURES_INVALID_OPTIONS',
      `Invalid article feature options ${JSON.stringify(options)}: ${describeIssues(parsed.error.issues)}.`,
      { options },
    );
  }
  return parsed.data;
}

/**
 * Encodes one article (or a missing one: everything OOV and empty). Used for new articles at
 * serving time, with the vocabularies and config saved with the model.
 */
export function encodeArticle(
  article: Article | undefined,
  vocabularies: ContentVocabularies,
  config: ArticleFeatureConfig,
): EncodedArticle {
  if (!article) {
    return { category: OOV_INDEX, author: OOV_INDEX, tags: new Int32Array(0), textBuckets: new Int32Array(0), textWeights: new Float32Array(0) };
  }

  const tags: number[] = [];
  for (const tag of article.tags) {
    if (tags.length >= config.maxTags) break;
    const index = vocabularies.tags.lookup(tag);
    if (index !== OOV_INDEX && !tags.includes(index)) tags.push(index);
  }

  const weights = new Map<number, number>();
  const hashing = { buckets: config.textBuckets, seed: config.hashSeed, bigrams: config.bigrams };
  addWeighted(weights, hashTokens(tokenize(article.title, { maxTokens: config.maxTitleTokens }), hashing), config.titleWeight);
  addWeighted(weights, hashTokens(tokenize(article.text, { maxTokens: config.maxTextTokens }), hashing), 1);
  const buckets = Int32Array.from(weights.keys()).sort();

  return {
    category: article.category === null ? OOV_INDEX : vocabularies.categories.lookup(article.category),
    author: article.author === null ? OOV_INDEX : vocabularies.authors.lookup(article.author),
    tags: Int32Array.from(tags),
    textBuckets: buckets,
    textWeights: Float32Array.from(buckets, (bucket) => weights.get(bucket) ?? 0),
  };
}

/**
 * Encodes every article code of `articleIds` (a table dictionary). Articles without a row in
 * `articles` get OOV indices and empty lists.
 *
 * Publication time comes from the metadata. When that is missing and `firstSeen` is given,
 * the time of the article's first row in `firstSeen` is used instead. Pass the training rows as
 * `firstSeen`, never the full table, or test-period times leak into the features. Its
 * dictionary must be `articleIds`.
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS for invalid options and FEATURES_SHAPE_MISMATCH
 * when `firstSeen` uses another article dictionary.
 */
export function buildArticleFeatures(
  articleIds: readonly string[],
  articles: ReadonlyMap<string, Article>,
  vocabularies: ContentVocabularies,
  options: ArticleFeatureOptions = {},
  firstSeen?: InteractionTable,
): ArticleFeatures {
  const config = parseArticleFeatureOptions(options);
  const count = articleIds.length;
  const firstTimes = firstSeen ? firstInteractionTimes(firstSeen, articleIds) : undefined;

  const features: ArticleFeatures = {
    count,
    config,
    hasMetadata: new Uint8Array(count),
    category: new Int32Array(count),
    author: new Int32Array(count),
    tagOffsets: new Int32Array(count + 1),
    tags: new Int32Array(0),
    textOffsets: new Int32Array(count + 1),
    textBuckets: new Int32Array(0),
    textWeights: new Float32Array(0),
    publishedAt: new Float64Array(count).fill(NaN),
    publishedAtSource: new Uint8Array(count),
  };

  const tagLists: Int32Array[] = [];
  const bucketLists: Int32Array[] = [];
  const weightLists: Float32Array[] = [];
  for (let code = 0; code < count; code++) {
    const article = articles.get(articleIds[code]);
    const encoded = encodeArticle(article, vocabularies, config);
    features.hasMetadata[code] = article ? 1 : 0;
    features.category[code] = encoded.category;
    features.author[code] = encoded.author;
    tagLists.push(encoded.tags);
    bucketLists.push(encoded.textBuckets);
    weightLists.push(encoded.textWeights);
    features.tagOffsets[code + 1] = features.tagOffsets[code] + encoded.tags.length;
    features.textOffsets[code + 1] = features.textOffsets[code] + encoded.textBuckets.length;

    if (article && article.publishedAt !== null) {
      features.publishedAt[code] = article.publishedAt;
      features.publishedAtSource[code] = PUBLISHED_AT_METADATA;
    } else if (firstTimes && !Number.isNaN(firstTimes[code])) {
      features.publishedAt[code] = firstTimes[code];
      features.publishedAtSource[code] = PUBLISHED_AT_FIRST_INTERACTION;
    }
  }

  features.tags = concatInt32(tagLists, features.tagOffsets[count]);
  features.textBuckets = concatInt32(bucketLists, features.textOffsets[count]);
  features.textWeights = new Float32Array(features.textOffsets[count]);
  weightLists.forEach((weights, code) => features.textWeights.set(weights, features.textOffsets[code]));
  return features;
}

/** [articleIds.length] earliest timestamp of each article code in `table`, NaN when absent. */
function firstInteractionTimes(table: InteractionTable, articleIds: readonly string[]): Float64Array {
  const sameDictionary =
    table.articleIds === articleIds ||
    (table.articleIds.length === articleIds.length && table.articleIds.every((id, code) => id === articleIds[code]));
  if (!sameDictionary) {
    throw new FeatureError(
      'FEATURES_SHAPE_MISMATCH',
      `The interaction table passed for first-seen times has an article dictionary of ${table.articleIds.length} ids ` +
        `that differs from the ${articleIds.length} article ids being encoded; pass a table split from the same data set.`,
      { tableArticles: table.articleIds.length, articles: articleIds.length },
    );
  }
  const first = new Float64Array(articleIds.length).fill(NaN);
  for (let row = 0; row < table.size; row++) {
    const code = table.article[row];
    const time = table.timestamp[row];
    if (Number.isNaN(first[code]) || time < first[code]) first[code] = time;
  }
  return first;
}

function addWeighted(weights: Map<number, number>, buckets: Int32Array, weight: number): void {
  for (const bucket of buckets) weights.set(bucket, (weights.get(bucket) ?? 0) + weight);
}

function concatInt32(lists: Int32Array[], total: number): Int32Array {
  const out = new Int32Array(total);
  let offset = 0;
  for (const list of lists) {
    out.set(list, offset);
    offset += list.length;
  }
  return out;
}
