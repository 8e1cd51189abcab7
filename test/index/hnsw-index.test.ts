import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadIndex } from '../../src/index/create-index.js';
import { VectorIndexError } from '../../src/index/errors.js';
import { HnswIndex } from '../../src/index/hnsw-index.js';
import { clusteredQueries, clusteredVectors, syntheticIds } from './synthetic-vectors.js';

const BASE = { count: 500, dimension: 16, clusters: 10, spread: 0.5, seed: 21 };

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'readnext-hnsw-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function buildSample(seed = 1): HnswIndex {
  const index = new HnswIndex(BASE.dimension, { seed });
  index.build(syntheticIds(BASE.count), clusteredVectors(BASE));
  return index;
}

/** Rewrites one data file and patches its length and checksum in the manifest. */
async function replaceDataFile(dir: string, name: string, contents: Buffer): Promise<void> {
  await writeFile(path.join(dir, name), contents);
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    files: Record<string, { bytes: number; sha256: string }>;
  };
  manifest.files[name] = { bytes: contents.length, sha256: createHash('sha256').update(contents).digest('hex') };
  await writeFile(manifestPath, JSON.stringify(manifest));
}

describe('HnswIndex', () => {
  it('grows its capacity past the initial size', () => {
    const index = new HnswIndex(2, { initialCapacity: 16 });
    for (let i = 0; i < 100; i++) index.upsert(`v${i}`, Float32Array.from([1, i / 100]));
    expect(index.size()).toBe(100);
    expect(index.slotCount()).toBe(100);
    // query [0, 1] scores v_i by i / 100, so v99 is first.
    expect(index.search(Float32Array.from([0, 1]), 1)[0].id).toBe('v99');
  });

  it('reuses the slots of removed vectors for new ids', () => {
    const index = buildSample();
    for (let i = 0; i < 16; i++) expect(index.remove(`a${i}`)).toBe(true);
    expect(index.slotCount()).toBe(BASE.count);

    // fresh_i = 100 × unit vector i, far above any catalogue score (components are about ±1).
    for (let i = 0; i < 16; i++) {
      const vector = new Float32Array(16);
      vector[i] = 100;
      index.upsert(`fresh${i}`, vector);
    }
    expect(index.size()).toBe(BASE.count);
    expect(index.slotCount()).toBe(BASE.count);
    const query = new Float32Array(16);
    query[5] = 1;
    expect(index.search(query, 1)).toEqual([{ id: 'fresh5', score: 100 }]);
  });

  it('builds the same graph from the same seed', () => {
    const queries = clusteredQueries(BASE, 10, 8);
    const first = buildSample(9);
    const second = buildSample(9);
    for (let q = 0; q < 10; q++) {
      const query = queries.subarray(q * 16, (q + 1) * 16);
      expect(second.search(query, 10)).toEqual(first.search(query, 10));
    }
  });

  it('stores parameters and seed in the manifest and restores them', async () => {
    const index = new HnswIndex(4, { params: { M: 8, efConstruction: 50, efSearch: 30 }, seed: 77 });
    index.upsert('a', Float32Array.from([1, 2, 3, 4]));
    const dir = path.join(root, 'params');
    await index.save(dir);

    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      format: 'readnext-vector-index',
      formatVersion: 1,
      kind: 'hnsw',
      metric: 'inner_product',
      dimension: 4,
      count: 1,
      params: { M: 8, efConstruction: 50, efSearch: 30, seed: 77, capacity: 16, slots: 1 },
    });
    const loaded = (await loadIndex(dir)) as HnswIndex;
    expect(loaded.params).toEqual({ M: 8, efConstruction: 50, efSearch: 30 });
    expect(loaded.seed).toBe(77);
  });

  it('rejects a label table from another save', async () => {
    const first = path.join(root, 'first');
    const second = path.join(root, 'second');
    await buildSample().save(first);
    const other = buildSample();
    for (let i = 0; i < 30; i++) other.remove(`a${i}`);
    for (let i = 0; i < 30; i++) other.upsert(`b${i}`, Float32Array.from({ length: 16 }, () => i));
    await other.save(second);

    // Same count, different labels: b0 … b29 got the new labels 500 … 529 in the second save.
    await replaceDataFile(first, 'labels.json', await readFile(path.join(second, 'labels.json')));
    const caught = await loadIndex(first).then(
      () => null,
      (error: unknown) => error as VectorIndexError,
    );
    expect(caught?.code).toBe('INDEX_CORRUPT');
    expect(caught?.message).toContain('no node with label 500');
  });

  it('rejects invalid parameters', () => {
    expect(() => new HnswIndex(4, { params: { M: 1 } })).toThrow('invalid HNSW parameter M');
    expect(() => new HnswIndex(4, { params: { efSearch: 0 } })).toThrow('invalid HNSW parameter efSearch');
    expect(() => new HnswIndex(4, { seed: -1 })).toThrow('invalid seed -1');
  });

  it('rejects writes while a save is in progress', async () => {
    const index = buildSample();
    const saving = index.save(path.join(root, 'busy'));
    let caught: unknown = null;
    try {
      index.upsert('late', new Float32Array(16));
    } catch (error) {
      caught = error;
    }
    expect((caught as VectorIndexError).code).toBe('INDEX_BUSY');
    await saving;
    index.upsert('late', new Float32Array(16));
    expect(index.has('late')).toBe(true);
  });
});
