import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type ArticleInput, isArticleAvailable } from '../../src/store/articles.js';
import { Store } from '../../src/store/store.js';
import { catchStoreError, TestClock, useTempDir } from './helpers.js';

const tempDir = useTempDir('readnext-articles-');
let clock: TestClock;
let store: Store;

beforeEach(() => {
  clock = new TestClock(10_000);
  store = Store.open(path.join(tempDir(), 'readnext.db'), { now: clock.now });
});

afterEach(() => {
  store.close();
});

function article(articleId: string, overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    articleId,
    title: `Title ${articleId}`,
    text: 'Body text',
    category: 'politics',
    tags: ['election', 'eu'],
    author: 'A. Writer',
    publishedAt: 5_000,
    ...overrides,
  };
}

describe('articles', () => {
  it('round-trips every field', () => {
    const stored = store.articles.upsert(article('a1', { category: null, author: null, publishedAt: null }));
    expect(stored).toEqual({
      articleId: 'a1',
      title: 'Title a1',
      text: 'Body text',
      category: null,
      tags: ['election', 'eu'],
      author: null,
      publishedAt: null,
      hidden: false,
      expiresAt: null,
      updatedAt: 10_000,
    });
    expect(store.articles.get('missing')).toBeNull();
  });

  it('counts inserts and updates in a batch', () => {
    store.articles.upsert(article('a1'));
    expect(store.articles.upsertMany([article('a1', { title: 'New' }), article('a2')])).toEqual({ inserted: 1, updated: 1 });
    expect(store.articles.get('a1')?.title).toBe('New');
    expect(store.articles.count()).toBe(2);
  });

  it('keeps editorial state when a feed re-ingests an article', () => {
    store.articles.upsert(article('a1'));
    store.articles.hide('a1');
    store.articles.setExpiry('a1', 90_000);

    const updated = store.articles.upsert(article('a1', { title: 'Edited' }));
    expect(updated.title).toBe('Edited');
    expect(updated.hidden).toBe(true);
    expect(updated.expiresAt).toBe(90_000);

    const cleared = store.articles.upsert(article('a1', { hidden: false, expiresAt: null }));
    expect(cleared.hidden).toBe(false);
    expect(cleared.expiresAt).toBeNull();
  });

  it('excludes hidden and expired articles from the available ids', () => {
    store.articles.upsertMany([article('keep'), article('hide-me'), article('expires', { expiresAt: 20_000 })]);
    store.articles.hide('hide-me');

    expect(store.articles.availableIds(19_999)).toEqual(['expires', 'keep']);
    // Expiry is exclusive: at exactly 20,000 ms the article is no longer available.
    expect(store.articles.availableIds(20_000)).toEqual(['keep']);
    expect(isArticleAvailable(store.articles.get('expires')!, 19_999)).toBe(true);
    expect(isArticleAvailable(store.articles.get('expires')!, 20_000)).toBe(false);
    expect(isArticleAvailable(store.articles.get('hide-me')!, 0)).toBe(false);

    store.articles.hide('hide-me', false);
    expect(store.articles.availableIds(20_000)).toEqual(['hide-me', 'keep']);
  });

  it('rejects hiding an unknown article and invalid rows', () => {
    expect(catchStoreError(() => store.articles.hide('nope')).code).toBe('STORE_NOT_FOUND');
    expect(catchStoreError(() => store.articles.setExpiry('nope', 5)).code).toBe('STORE_NOT_FOUND');

    const error = catchStoreError(() => store.articles.upsertMany([article('ok'), article('bad', { tags: 'x' as unknown as string[] })]));
    expect(error.code).toBe('STORE_INVALID_INPUT');
    expect(error.message).toContain('article 1 (article_id "bad")');
    expect(error.message).toContain('field tags');
    expect(store.articles.count()).toBe(0);
  });

  it('lists changes since a time, including hides and expiry changes', () => {
    store.articles.upsertMany([article('a'), article('b')]);
    clock.time = 11_000;
    store.articles.upsert(article('c'));
    clock.time = 12_000;
    store.articles.hide('a');

    expect(store.articles.changedSince(11_000).map((a) => [a.articleId, a.updatedAt])).toEqual([
      ['c', 11_000],
      ['a', 12_000],
    ]);
    expect(store.articles.changedSince(12_001)).toEqual([]);
  });

  it('pages the change feed with a cursor and no repeats', () => {
    store.articles.upsertMany(['a', 'b', 'c', 'd', 'e'].map((id) => article(id)));
    const first = store.articles.changedSince(0, { limit: 2 });
    expect(first.map((a) => a.articleId)).toEqual(['a', 'b']);
    const last = first[first.length - 1];
    const second = store.articles.changedSince(last.updatedAt, { afterArticleId: last.articleId, limit: 2 });
    expect(second.map((a) => a.articleId)).toEqual(['c', 'd']);
  });

  it('never moves the change feed backwards when the clock does', () => {
    store.articles.upsert(article('a'));
    clock.time = 4_000;
    const later = store.articles.upsert(article('b'));
    expect(later.updatedAt).toBe(10_000);
    expect(store.articles.changedSince(10_000).map((a) => a.articleId)).toEqual(['a', 'b']);
  });
});

describe('users', () => {
  it('upserts and reads profiles', () => {
    store.users.upsert({ userId: 'u1', preferredTopics: ['sport'], signupDate: 1_600_000_000_000 });
    store.users.upsertMany([
      { userId: 'u1', preferredTopics: ['sport', 'tech'], signupDate: null },
      { userId: 'u2', preferredTopics: [], signupDate: 7 },
    ]);
    expect(store.users.get('u1')).toEqual({ userId: 'u1', preferredTopics: ['sport', 'tech'], signupDate: null });
    expect(store.users.get('u2')).toEqual({ userId: 'u2', preferredTopics: [], signupDate: 7 });
    expect(store.users.get('u3')).toBeNull();
    expect(store.users.count()).toBe(2);
    expect(catchStoreError(() => store.users.upsert({ userId: '', preferredTopics: [], signupDate: null })).message).toContain(
      'field userId',
    );
  });
});
