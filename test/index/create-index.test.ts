import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildIndex } from '../../src/index/build-index.js';
import { chooseIndexKind, createIndex, DEFAULT_EXACT_THRESHOLD, loadIndex } from '../../src/index/create-index.js';
import { VectorIndexError } from '../../src/index/errors.js';
import { HnswIndex } from '../../src/index/hnsw-index.js';
import { clusteredVectors, syntheticIds } from './synthetic-vectors.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'readnext-create-index-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createIndex', () => {
  it('picks exact below the threshold and HNSW from it', () => {
    expect(DEFAULT_EXACT_THRESHOLD).toBe(20_000);
    expect(chooseIndexKind(19_999)).toBe('exact');
    expect(chooseIndexKind(20_000)).toBe('hnsw');
    expect(createIndex({ dimension: 8, expectedSize: 6_200 }).kind).toBe('exact');
    expect(createIndex({ dimension: 8, expectedSize: 20_000 }).kind).toBe('hnsw');
    expect(createIndex({ dimension: 8, expectedSize: 500, exactThreshold: 100 }).kind).toBe('hnsw');
    expect(createIndex({ dimension: 8 }).kind).toBe('exact');
  });

  it('honours a forced kind and passes HNSW options', () => {
    const index = createIndex({ dimension: 8, expectedSize: 10, kind: 'hnsw', hnsw: { efSearch: 40 }, seed: 5 });
    expect(index).toBeInstanceOf(HnswIndex);
    expect((index as HnswIndex).params).toEqual({ M: 16, efConstruction: 200, efSearch: 40 });
    expect((index as HnswIndex).seed).toBe(5);
    expect(createIndex({ dimension: 8, expectedSize: 1e6, kind: 'exact' }).kind).toBe('exact');
  });

  it('rejects invalid options naming the field', () => {
    const attempts: [Parameters<typeof createIndex>[0], string][] = [
      [{ dimension: 0 }, 'dimension'],
      [{ dimension: 4, expectedSize: -1 }, 'expectedSize'],
      [{ dimension: 4, kind: 'ivf' as 'exact' }, 'kind'],
      [{ dimension: 4, seed: 1.5 }, 'seed'],
      [{ dimension: 4, kind: 'hnsw', hnsw: { M: 500 } }, 'M'],
    ];
    for (const [options, field] of attempts) {
      let caught: unknown = null;
      try {
        createIndex(options);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(VectorIndexError);
      expect((caught as VectorIndexError).code).toBe('INDEX_INVALID_ARGUMENT');
      expect((caught as VectorIndexError).message).toContain(field);
    }
  });

  it('loads each kind from its manifest', async () => {
    for (const kind of ['exact', 'hnsw'] as const) {
      const index = createIndex({ dimension: 3, kind });
      index.upsert('x', Float32Array.from([1, 2, 3]));
      const dir = path.join(root, kind);
      await index.save(dir);
      const loaded = await loadIndex(dir, { dimension: 3 });
      expect(loaded.kind).toBe(kind);
      expect(loaded.search(Float32Array.from([1, 1, 1]), 1)).toEqual([{ id: 'x', score: 6 }]);
    }
  });
});

describe('loadIndex', () => {
  it('rejects a manifest naming a file outside the directory', async () => {
    const dir = path.join(root, 'crafted');
    await createIndex({ dimension: 2 }).save(dir);
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: Record<string, unknown> };
    manifest.files['../outside.bin'] = { bytes: 0, sha256: '0'.repeat(64) };
    await writeFile(manifestPath, JSON.stringify(manifest));

    const caught = await loadIndex(dir).then(
      () => null,
      (error: unknown) => error as VectorIndexError,
    );
    expect(caught?.code).toBe('INDEX_CORRUPT');
    expect(caught?.message).toContain('files');
  });
});

describe('buildIndex', () => {
  const base = { count: 2_000, dimension: 16, clusters: 20, spread: 0.5, seed: 4 };
  const vectors = clusteredVectors(base);
  const ids = syntheticIds(base.count);

  it('reports HNSW recall against exact search', () => {
    const { index, report } = buildIndex(ids, vectors, { dimension: 16, exactThreshold: 1_000, recallQueries: 50 });
    expect(index.kind).toBe('hnsw');
    expect(report.kind).toBe('hnsw');
    expect(report.count).toBe(2_000);
    expect(report.buildMs).toBeGreaterThan(0);
    expect(report.recall?.k).toBe(10);
    expect(report.recall?.queryCount).toBe(50);
    expect(report.recall?.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('skips recall for exact search and when disabled', () => {
    expect(buildIndex(ids, vectors, { dimension: 16 }).report.recall).toBeNull();
    const { report } = buildIndex(ids, vectors, { dimension: 16, kind: 'hnsw', recallQueries: 0 });
    expect(report.recall).toBeNull();
  });

  it('rejects duplicate ids naming the id', () => {
    const repeated = [...ids];
    repeated[1_500] = 'a12';
    expect(() => buildIndex(repeated, vectors, { dimension: 16, kind: 'hnsw' })).toThrow(
      'duplicate id "a12" at positions 12 and 1500',
    );
  });
});
