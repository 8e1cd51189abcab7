import path from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Store } from '../../src/store/store.js';
import { catchStoreError, TestClock, useTempDir } from './helpers.js';

const tempDir = useTempDir('readnext-models-');
let clock: TestClock;
let store: Store;

beforeEach(() => {
  clock = new TestClock(1_000);
  store = Store.open(path.join(tempDir(), 'readnext.db'), { now: clock.now });
});

afterEach(() => {
  store.close();
});

describe('model versions', () => {
  it('registers inactive versions and rejects a repeated label', () => {
    const registered = store.modelVersions.register({ version: 'v1', path: '/models/v1', metrics: { 'recall@10': 0.21 } });
    expect(registered).toEqual({
      version: 'v1',
      path: '/models/v1',
      createdAt: 1_000,
      metrics: { 'recall@10': 0.21 },
      status: 'inactive',
      activatedAt: null,
    });
    const error = catchStoreError(() => store.modelVersions.register({ version: 'v1', path: '/elsewhere' }));
    expect(error.code).toBe('STORE_DUPLICATE');
    expect(store.modelVersions.get('v1')?.path).toBe('/models/v1');
  });

  it('keeps exactly one version active', () => {
    store.modelVersions.register({ version: 'v1', path: '/m/v1', createdAt: 100 });
    store.modelVersions.register({ version: 'v2', path: '/m/v2', createdAt: 200 });
    expect(store.modelVersions.active()).toBeNull();

    clock.time = 5_000;
    expect(store.modelVersions.activate('v1').previous).toBeNull();
    clock.time = 6_000;
    const swap = store.modelVersions.activate('v2');
    expect(swap.previous).toBe('v1');
    expect(swap.activated).toMatchObject({ version: 'v2', status: 'active', activatedAt: 6_000 });

    const list = store.modelVersions.list();
    expect(list.map((m) => [m.version, m.status, m.activatedAt])).toEqual([
      ['v2', 'active', 6_000],
      ['v1', 'inactive', 5_000],
    ]);
    expect(store.modelVersions.active()?.version).toBe('v2');
  });

  it('rejects activating an unknown version and keeps the active one', () => {
    store.modelVersions.register({ version: 'v1', path: '/m/v1' });
    store.modelVersions.activate('v1');
    const error = catchStoreError(() => store.modelVersions.activate('v9'));
    expect(error.code).toBe('STORE_NOT_FOUND');
    expect(error.message).toContain('"v9"');
    expect(store.modelVersions.active()?.version).toBe('v1');
  });

  it('stays exclusive across two connections to one file', () => {
    const other = Store.open(store.path, { now: clock.now });
    try {
      store.modelVersions.register({ version: 'v1', path: '/m/v1' });
      store.modelVersions.register({ version: 'v2', path: '/m/v2' });
      store.modelVersions.activate('v1');
      other.modelVersions.activate('v2');
      expect(store.modelVersions.active()?.version).toBe('v2');
      expect(store.modelVersions.list().filter((m) => m.status === 'active')).toHaveLength(1);
    } finally {
      other.close();
    }
  });

  it('has a database constraint against a second active row', () => {
    store.modelVersions.register({ version: 'v1', path: '/m/v1' });
    store.modelVersions.register({ version: 'v2', path: '/m/v2' });
    store.modelVersions.activate('v1');
    const raw = new Database(store.path);
    try {
      expect(() => raw.prepare("UPDATE model_versions SET status = 'active' WHERE version = 'v2'").run()).toThrow(
        /UNIQUE constraint failed/,
      );
    } finally {
      raw.close();
    }
  });
});
