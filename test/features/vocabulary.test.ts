import { describe, expect, it } from 'vitest';

import type { Article, User } from '../../src/data/types.js';
import { FeatureError } from '../../src/features/errors.js';
import { sliceRows } from '../../src/features/table-rows.js';
import { buildVocabularies, vocabulariesFromJSON, vocabulariesToJSON } from '../../src/features/vocabularies.js';
import { OOV_INDEX, Vocabulary } from '../../src/features/vocabulary.js';
import { makeTable } from './table-fixture.js';

function catchFeatureError(action: () => unknown): FeatureError {
  try {
    action();
  } catch (error) {
    if (error instanceof FeatureError) return error;
    throw error;
  }
  throw new Error('expected a FeatureError, nothing was thrown');
}

describe('Vocabulary', () => {
  it('maps unknown keys to the OOV row', () => {
    const vocabulary = Vocabulary.build(['b', 'a', 'b']);
    expect(OOV_INDEX).toBe(0);
    expect(vocabulary.lookup('never seen')).toBe(0);
    expect(vocabulary.has('never seen')).toBe(false);
    expect(vocabulary.key(0)).toBeNull();
    expect(vocabulary.count(0)).toBe(0);
    expect(vocabulary.size).toBe(3);
  });

  it('orders keys by count then key', () => {
    // Counts: c 3, a 2, b 2, d 1. Ties broken by key: a before b.
    const vocabulary = Vocabulary.build(['d', 'b', 'c', 'a', 'c', 'b', 'a', 'c']);
    expect(vocabulary.keys()).toEqual(['c', 'a', 'b', 'd']);
    expect(vocabulary.lookup('c')).toBe(1);
    expect(vocabulary.lookup('a')).toBe(2);
    expect(vocabulary.lookup('b')).toBe(3);
    expect(vocabulary.lookup('d')).toBe(4);
    expect(vocabulary.count(1)).toBe(3);
    expect(Array.from(vocabulary.lookupAll(['d', 'zzz', 'c']))).toEqual([4, 0, 1]);
  });

  it('drops keys below minCount', () => {
    const vocabulary = Vocabulary.build(['x', 'x', 'y', 'z', 'z', 'z'], { minCount: 2 });
    expect(vocabulary.keys()).toEqual(['z', 'x']);
    expect(vocabulary.lookup('y')).toBe(OOV_INDEX);
  });

  it('keeps the most frequent keys under maxSize', () => {
    const vocabulary = Vocabulary.build(['x', 'x', 'y', 'z', 'z', 'z'], { maxSize: 1 });
    expect(vocabulary.keys()).toEqual(['z']);
    expect(vocabulary.size).toBe(2);
  });

  it('round-trips through JSON', () => {
    const vocabulary = Vocabulary.build(['ação', '数据', 'ação', 'emoji 🚀'], { minCount: 1 });
    const restored = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary)));
    expect(restored.keys()).toEqual(vocabulary.keys());
    expect(restored.lookup('ação')).toBe(1);
    expect(restored.lookup('数据')).toBe(vocabulary.lookup('数据'));
    expect(restored.count(1)).toBe(2);
    expect(restored.minCount).toBe(1);
  });

  it('rejects malformed JSON', () => {
    const good = Vocabulary.build(['a', 'b']).toJSON();
    expect(catchFeatureError(() => Vocabulary.fromJSON({ ...good, format: 'other' })).code).toBe('FEATURES_INVALID_VOCABULARY');
    expect(catchFeatureError(() => Vocabulary.fromJSON({ ...good, version: 2 })).code).toBe('FEATURES_INVALID_VOCABULARY');
    const duplicate = catchFeatureError(() => Vocabulary.fromJSON({ ...good, keys: ['a', 'a'] }));
    expect(duplicate.message).toContain('"a" twice');
    const ragged = catchFeatureError(() => Vocabulary.fromJSON({ ...good, counts: [1] }));
    expect(ragged.message).toContain('2 keys but 1 counts');
  });

  it('rejects invalid options', () => {
    expect(catchFeatureError(() => Vocabulary.build(['a'], { minCount: 0 })).code).toBe('FEATURES_INVALID_OPTIONS');
    expect(() => Vocabulary.build(['a']).key(2)).toThrow(RangeError);
  });
});

describe('buildVocabularies', () => {
  const article = (articleId: string, category: string | null, tags: string[], author: string | null): Article => ({
    articleId,
    title: '',
    text: '',
    category,
    tags,
    author,
    publishedAt: null,
  });
  const articles = new Map<string, Article>([
    ['a1', article('a1', 'Rust', ['async', 'tokio', 'async'], 'Ana')],
    ['a2', article('a2', 'Rust', ['async'], 'Bo')],
    ['a3', article('a3', 'Go', ['channels'], 'Ana')],
    // Only shown, never clicked: its metadata must not enter the vocabularies.
    ['a4', article('a4', 'Security', ['tls'], 'Cy')],
    // Only read in the test period.
    ['a5', article('a5', 'Cloud', ['s3'], 'Di')],
  ]);
  const users = new Map<string, User>([
    ['u1', { userId: 'u1', preferredTopics: ['Go', 'Kotlin'], signupDate: null }],
    ['u9', { userId: 'u9', preferredTopics: ['Python'], signupDate: null }],
  ]);
  const full = makeTable([
    { user: 'u1', article: 'a1', time: 1 },
    { user: 'u2', article: 'a1', time: 2 },
    { user: 'u1', article: 'a2', time: 3 },
    { user: 'u2', article: 'a3', time: 4 },
    { user: 'u3', article: 'a4', time: 5, click: 0 },
    { user: 'u1', article: 'a5', time: 9 },
  ]);
  const train = sliceRows(full, 0, 5);

  it('counts training positives only', () => {
    const vocabularies = buildVocabularies(train, articles, users);
    // u1: 2 clicks, u2: 2 clicks; u3 only has an unclicked row.
    expect(vocabularies.users.keys()).toEqual(['u1', 'u2']);
    expect(vocabularies.articles.keys()).toEqual(['a1', 'a2', 'a3']);
    expect(vocabularies.articles.count(1)).toBe(2);
    expect(vocabularies.tags.keys()).toEqual(['async', 'channels', 'tokio']);
    expect(vocabularies.tags.count(1)).toBe(2);
    expect(vocabularies.authors.keys()).toEqual(['Ana', 'Bo']);
    expect(vocabularies.authors.lookup('Cy')).toBe(OOV_INDEX);
    expect(vocabularies.authors.lookup('Di')).toBe(OOV_INDEX);
  });

  it('merges profile topics into categories', () => {
    const vocabularies = buildVocabularies(train, articles, users);
    // Rust: a1 + a2 = 2; Go: article a3 + topic of u1 = 2; Kotlin: topic of u1 = 1.
    // u9 has no training rows, so Python is not counted.
    expect(vocabularies.categories.keys()).toEqual(['Go', 'Rust', 'Kotlin']);
    expect(vocabularies.categories.lookup('Python')).toBe(OOV_INDEX);
    expect(vocabularies.categories.lookup('Security')).toBe(OOV_INDEX);
  });

  it('counts unclicked rows when asked', () => {
    const vocabularies = buildVocabularies(train, articles, users, { positivesOnly: false });
    expect(vocabularies.users.has('u3')).toBe(true);
    expect(vocabularies.categories.has('Security')).toBe(true);
  });

  it('applies per-vocabulary minCount', () => {
    const vocabularies = buildVocabularies(train, articles, users, { minCount: { tags: 2, users: 1 } });
    expect(vocabularies.tags.keys()).toEqual(['async']);
    expect(vocabularies.users.keys()).toEqual(['u1', 'u2']);
  });

  it('round-trips all vocabularies', () => {
    const vocabularies = buildVocabularies(train, articles, users);
    const restored = vocabulariesFromJSON(JSON.parse(JSON.stringify(vocabulariesToJSON(vocabularies))));
    expect(restored.categories.keys()).toEqual(vocabularies.categories.keys());
    expect(restored.articles.lookup('a3')).toBe(3);
    const missing = catchFeatureError(() => vocabulariesFromJSON({ users: vocabularies.users.toJSON() }));
    expect(missing.message).toContain('"articles" vocabulary is missing');
  });

  it('rejects invalid options', () => {
    expect(catchFeatureError(() => buildVocabularies(train, articles, users, { minCount: 0 })).code).toBe('FEATURES_INVALID_OPTIONS');
  });
});
