import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';
import { catchStoreError, TestClock, useTempDir } from './helpers.js';

const tempDir = useTempDir('readnext-store-');

describe('Store', () => {
  it('keeps every table across close and reopen', () => {
    const file = path.join(tempDir(), 'nested', 'dir', 'readnext.db');
    const clock = new TestClock(7_000);
    const first = Store.open(file, { now: clock.now });
    expect(first.openedAtSchemaVersion).toBe(0);
    expect(first.journalMode()).toBe('wal');
    first.events.insertMany([
      { eventId: 'e1', userId: 'u1', articleId: 'a1', type: 'click', timestamp: 300 },
      { eventId: 'e2', userId: 'u1', articleId: 'a2', type: 'read', timestamp: 100, readTime: 12 },
    ]);
    first.articles.upsert({
      articleId: 'a1',
      title: 'T',
      text: 'X',
      category: null,
      tags: [],
      author: null,
      publishedAt: null,
    });
    first.articles.hide('a1');
    first.users.upsert({ userId: 'u1', preferredTopics: ['tech'], signupDate: 1 });
    first.modelVersions.register({ version: 'v1', path: '/m/v1' });
    first.modelVersions.activate('v1');
    first.close();

    const second = Store.open(file, { now: clock.now });
    try {
      expect(second.openedAtSchemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(second.events.history('u1').map((e) => e.eventId)).toEqual(['e2', 'e1']);
      expect(second.events.insert({ eventId: 'e1', userId: 'u1', articleId: 'a1', type: 'click', timestamp: 300 }).inserted).toBe(0);
      expect(second.articles.get('a1')?.hidden).toBe(true);
      expect(second.users.get('u1')?.preferredTopics).toEqual(['tech']);
      expect(second.modelVersions.active()?.version).toBe('v1');
    } finally {
      second.close();
    }
  });

  it('applies each migration once', () => {
    const file = path.join(tempDir(), 'readnext.db');
    Store.open(file).close();
    Store.open(file).close();
    const raw = new Database(file, { readonly: true });
    try {
      const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      expect(rows.map((row) => row.version)).toEqual([1]);
    } finally {
      raw.close();
    }
  });

  it('rejects a database from a newer schema', () => {
    const file = path.join(tempDir(), 'readnext.db');
    Store.open(file).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)").run();
    raw.close();

    const error = catchStoreError(() => Store.open(file));
    expect(error.code).toBe('STORE_SCHEMA_TOO_NEW');
    expect(error.message).toContain('schema version 99');
  });

  it('rejects a file that is not a SQLite database', async () => {
    const file = path.join(tempDir(), 'not-a-db.db');
    await writeFile(file, 'this is a text file, long enough to have a header page of some kind...'.repeat(20));
    const error = catchStoreError(() => Store.open(file));
    expect(error.code).toBe('STORE_OPEN_FAILED');
    expect(error.message).toContain(file);
  });

  it('opens a private in-memory database', () => {
    const store = Store.open(':memory:');
    try {
      expect(store.journalMode()).toBe('memory');
      store.users.upsert({ userId: 'u', preferredTopics: [], signupDate: null });
      expect(store.users.count()).toBe(1);
    } finally {
      store.close();
    }
  });

  it('rolls back every write of a failed transaction', () => {
    const store = Store.open(path.join(tempDir(), 'readnext.db'));
    try {
      expect(() =>
        store.transaction(() => {
          store.users.upsert({ userId: 'u1', preferredTopics: [], signupDate: null });
          store.modelVersions.register({ version: 'v1', path: '/m' });
          store.modelVersions.register({ version: 'v1', path: '/m' });
        }),
      ).toThrow('already registered');
      expect(store.users.count()).toBe(0);
      expect(store.modelVersions.list()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
