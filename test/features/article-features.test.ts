import { describe, expect, it } from 'vitest';

import type { Article } from '../../src/data/types.js';
import {
  PUBLISHED_AT_FIRST_INTERACTION,
  PUBLISHED_AT_METADATA,
  PUBLISHED_AT_UNKNOWN,
  buildArticleFeatures,
  encodeArticle,
  parseArticleFeatureOptions,
} from '../../src/features/article-features.js';
import { FeatureError } from '../../src/features/errors.js';
import { Vocabulary } from '../../src/features/vocabulary.js';
import { makeTable } from './table-fixture.js';

const vocabularies = {
  // Indices: Rust 1, Go 2.
  categories: Vocabulary.build(['Rust', 'Rust', 'Go']),
  // Indices: async 1, tokio 2, channels 3.
  tags: Vocabulary.build(['async', 'async', 'async', 'tokio', 'tokio', 'channels']),
  // Indices: Ana 1.
  authors: Vocabulary.build(['Ana']),
};

const articles = new Map<string, Article>([
  [
    'a1',
    {
      articleId: 'a1',
      title: 'Rust async',
      text: 'async tokio',
      category: 'Rust',
      tags: ['tokio', 'unknown-tag', 'async', 'tokio', 'channels'],
      author: 'Ana',
      publishedAt: 1_000,
    },
  ],
  [
    'a2',
    { articleId: 'a2', title: '', text: '', category: null, tags: ['zzz'], author: null, publishedAt: null },
  ],
]);

const options = { textBuckets: 64, maxTags: 2, titleWeight: 2 };

describe('buildArticleFeatures', () => {
  const articleIds = ['a1', 'a2', 'a3'];
  // First appearance interns a1, a2, a3 in that order, so the dictionary equals articleIds.
  // Rows need not be sorted: the earliest time per article wins.
  const table = makeTable([
    { user: 'u', article: 'a1', time: 5_000 },
    { user: 'u', article: 'a2', time: 300 },
    { user: 'u', article: 'a3', time: 500 },
    { user: 'u', article: 'a2', time: 200 },
  ]);
  const features = buildArticleFeatures(articleIds, articles, vocabularies, options, table);

  it('encodes ids through the vocabularies', () => {
    expect(features.count).toBe(3);
    expect(Array.from(features.hasMetadata)).toEqual([1, 1, 0]);
    expect(Array.from(features.category)).toEqual([1, 0, 0]);
    expect(Array.from(features.author)).toEqual([1, 0, 0]);
  });

  it('keeps known distinct tags up to maxTags', () => {
    // a1: tokio (2), unknown-tag dropped, async (1); maxTags 2 stops there. a2: zzz is OOV.
    expect(Array.from(features.tagOffsets)).toEqual([0, 2, 2, 2]);
    expect(Array.from(features.tags)).toEqual([2, 1]);
  });

  it('weights title n-grams above body n-grams', () => {
    // murmur3 % 64: rust 58, async 19, "rust async" 3, tokio 26, "async tokio" 4.
    // Title (weight 2): 58, 19, 3. Body (weight 1): 19, 26, 4. Bucket 19 sums to 3.
    expect(Array.from(features.textOffsets)).toEqual([0, 5, 5, 5]);
    expect(Array.from(features.textBuckets)).toEqual([3, 4, 19, 26, 58]);
    expect(Array.from(features.textWeights)).toEqual([2, 1, 3, 1, 2]);
  });

  it('falls back to the first interaction time', () => {
    expect(Array.from(features.publishedAt)).toEqual([1_000, 200, 500]);
    expect(Array.from(features.publishedAtSource)).toEqual([
      PUBLISHED_AT_METADATA,
      PUBLISHED_AT_FIRST_INTERACTION,
      PUBLISHED_AT_FIRST_INTERACTION,
    ]);
  });

  it('leaves publication time unknown without interactions', () => {
    const withoutTable = buildArticleFeatures(articleIds, articles, vocabularies, options);
    expect(withoutTable.publishedAt[0]).toBe(1_000);
    expect(withoutTable.publishedAt[1]).toBeNaN();
    expect(withoutTable.publishedAtSource[2]).toBe(PUBLISHED_AT_UNKNOWN);
  });

  it('stores the resolved config', () => {
    expect(features.config).toEqual({
      textBuckets: 64,
      maxTags: 2,
      maxTitleTokens: 32,
      maxTextTokens: 256,
      titleWeight: 2,
      hashSeed: 0,
      bigrams: true,
    });
  });

  it('rejects a table with another dictionary', () => {
    let error: unknown;
    try {
      buildArticleFeatures(['a1', 'a2'], articles, vocabularies, options, table);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FeatureError);
    expect((error as FeatureError).code).toBe('FEATURES_SHAPE_MISMATCH');
  });
});

describe('encodeArticle', () => {
  it('matches the batch encoding', () => {
    const config = parseArticleFeatureOptions(options);
    const encoded = encodeArticle(articles.get('a1'), vocabularies, config);
    expect(encoded.category).toBe(1);
    expect(Array.from(encoded.tags)).toEqual([2, 1]);
    expect(Array.from(encoded.textBuckets)).toEqual([3, 4, 19, 26, 58]);
  });

  it('truncates the body to maxTextTokens', () => {
    const config = parseArticleFeatureOptions({ ...options, maxTextTokens: 1 });
    const encoded = encodeArticle(articles.get('a1'), vocabularies, config);
    // Body keeps only "async" (19), so no body bigram: title 58, 19, 3 plus body 19.
    expect(Array.from(encoded.textBuckets)).toEqual([3, 19, 58]);
    expect(Array.from(encoded.textWeights)).toEqual([2, 3, 2]);
  });

  it('encodes a missing article as empty', () => {
    const encoded = encodeArticle(undefined, vocabularies, parseArticleFeatureOptions());
    expect(encoded.category).toBe(0);
    expect(encoded.author).toBe(0);
    expect(encoded.tags.length).toBe(0);
    expect(encoded.textBuckets.length).toBe(0);
  });

  it('rejects invalid options', () => {
    expect(() => parseArticleFeatureOptions({ titleWeight: 0 })).toThrow(FeatureError);
    expect(() => parseArticleFeatureOptions({ textBuckets: 0 })).toThrow(FeatureError);
  });
});
