import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ExactIndex } from '../../src/index/exact-index.js';
import { loadIndex } from '../../src/index/create-index.js';
import { VectorIndexError } from '../../src/index/errors.js';
import { measureRecall } from '../../src/index/recall.js';
import type { SearchHit, VectorIndex } from '../../src/index/vector-index.js';
import { clusteredQueries, clusteredVectors, syntheticIds } from './synthetic-vectors.js';

/**
 * The contract every VectorIndex implementation must pass, run once per implementation from
 * contract.test.ts. The exact index is the oracle for recall; everything else is checked on
 * hand-made vectors or against properties that hold for any correct index.
 */
export interface IndexContractOptions {
  /** Creates an empty index of the implementation under test. */
  create: (dimension: number) => VectorIndex;
  /** Lowest acceptable mean recall@10 against exact search on the seeded clustered data. */
  recallFloor: number;
  /** Largest acceptable |score − exact dot product|: float32 precision for HNSW. */
  scoreTolerance: number;
}

const DIMENSION = 32;
const CATALOGUE = {
  count: 3_000,
  dimension: DIMENSION,
  clusters: 40,
  spread: 0.6,
  seed: 11,
};
const QUERY_COUNT = 100;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function row(matrix: Float32Array, index: number, dimension = DIMENSION): Float32Array {
  return matrix.subarray(index * dimension, (index + 1) * dimension);
}

function expectSortedUnique(hits: SearchHit[]): void {
  expect(new Set(hits.map((hit) => hit.id)).size).toBe(hits.length);
  for (let i = 1; i < hits.length; i++) {
    expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
  }
}

function expectIndexError(run: () => unknown, code: string, messagePart: string): void {
  let caught: unknown = null;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(VectorIndexError);
  expect((caught as VectorIndexError).code).toBe(code);
  expect((caught as VectorIndexError).message).toContain(messagePart);
}

async function expectLoadError(dir: string, code: string): Promise<void> {
  const caught = await loadIndex(dir).then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(VectorIndexError);
  expect((caught as VectorIndexError).code).toBe(code);
}

export function runIndexContract(name: string, options: IndexContractOptions): void {
  describe(`${name} index contract`, () => {
    const vectors = clusteredVectors(CATALOGUE);
    const queries = clusteredQueries(CATALOGUE, QUERY_COUNT, 12);
    const ids = syntheticIds(CATALOGUE.count);
    let root: string;

    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), `readnext-index-${name}-`));
    });

    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    function buildCatalogue(): VectorIndex {
      const index = options.create(DIMENSION);
      index.build(ids, vectors);
      return index;
    }

    it('ranks a hand-made example', () => {
      const index = options.create(2);
      index.upsert('a', Float32Array.from([1, 0]));
      index.upsert('b', Float32Array.from([0, 1]));
      index.upsert('c', Float32Array.from([0.5, 0.75]));
      // query [1, 2]: a → 1, b → 2, c → 0.5 + 1.5 = 2 (tie with b, broken by id: b < c), so b, c, a.
      const hits = index.search(Float32Array.from([1, 2]), 3);
      expect(hits.map((hit) => hit.id)).toEqual(['b', 'c', 'a']);
      expect(hits[0].score).toBeCloseTo(2, 6);
      expect(hits[1].score).toBeCloseTo(2, 6);
      expect(hits[2].score).toBeCloseTo(1, 6);
    });

    it(`reaches recall@10 >= ${options.recallFloor} against exact search`, () => {
      const index = buildCatalogue();
      const exact = new ExactIndex(DIMENSION);
      exact.build(ids, vectors);
      const report = measureRecall(index, exact, queries, 10);
      expect(report.queryCount).toBe(QUERY_COUNT);
      expect(report.recall).toBeGreaterThanOrEqual(options.recallFloor);
    });

    it('returns sorted unique valid ids with true scores', () => {
      const index = buildCatalogue();
      const known = new Set(ids);
      for (let q = 0; q < 20; q++) {
        const hits = index.search(row(queries, q), 25);
        expect(hits).toHaveLength(25);
        expectSortedUnique(hits);
        for (const hit of hits) {
          expect(known.has(hit.id)).toBe(true);
          const expected = dot(row(queries, q), row(vectors, Number(hit.id.slice(1))));
          expect(Math.abs(hit.score - expected)).toBeLessThanOrEqual(options.scoreTolerance);
        }
      }
    });

    it('returns every id ranked when k exceeds the size', () => {
      const index = options.create(DIMENSION);
      const small = ids.slice(0, 7);
      index.build(small, vectors.subarray(0, 7 * DIMENSION));
      const hits = index.search(row(queries, 0), 50);
      expect(hits.map((hit) => hit.id).sort()).toEqual([...small].sort());
      expectSortedUnique(hits);
    });

    it('returns nothing for k = 0 and for an empty index', () => {
      const index = buildCatalogue();
      expect(index.search(row(queries, 0), 0)).toEqual([]);
      const empty = options.create(DIMENSION);
      expect(empty.size()).toBe(0);
      expect(empty.search(row(queries, 0), 10)).toEqual([]);
      expect(empty.search(row(queries, 0), 10, { filter: () => true })).toEqual([]);
    });

    it('never returns removed ids', () => {
      const index = buildCatalogue();
      const query = row(queries, 3);
      const removed = index.search(query, 10).map((hit) => hit.id);
      for (const id of removed) expect(index.remove(id)).toBe(true);
      expect(index.remove(removed[0])).toBe(false);
      expect(index.size()).toBe(CATALOGUE.count - 10);
      expect(index.has(removed[0])).toBe(false);
      expect(index.getVector(removed[0])).toBeNull();

      const after = index.search(query, 100).map((hit) => hit.id);
      expect(after).toHaveLength(100);
      for (const id of removed) expect(after).not.toContain(id);
    });

    it('replaces the vector on upsert of a present id', () => {
      const index = buildCatalogue();
      const query = row(queries, 5);
      const replacement = Float32Array.from(query, (value) => value * 10);
      index.upsert('a42', replacement);
      expect(index.size()).toBe(CATALOGUE.count);
      const hits = index.search(query, 5);
      expect(hits[0].id).toBe('a42');
      expect(Math.abs(hits[0].score - dot(query, replacement))).toBeLessThanOrEqual(options.scoreTolerance * 10);
      expect(hits.filter((hit) => hit.id === 'a42')).toHaveLength(1);
      expect(Array.from(index.getVector('a42') ?? [])).toEqual(Array.from(replacement));
    });

    it('re-adds a removed id', () => {
      const index = buildCatalogue();
      expect(index.remove('a7')).toBe(true);
      index.upsert('a7', row(vectors, 7));
      index.upsert('new-1', row(queries, 9));
      expect(index.size()).toBe(CATALOGUE.count + 1);
      expect(index.has('a7')).toBe(true);
      expect(index.search(row(queries, 9), 1)[0].id).toBe('new-1');
    });

    it('respects the filter, with and without oversampling', () => {
      const index = buildCatalogue();
      const even = (id: string): boolean => Number(id.slice(1)) % 2 === 0;
      for (const oversample of [undefined, 1, 3]) {
        const hits = index.search(row(queries, 1), 20, { filter: even, oversample });
        expect(hits).toHaveLength(20);
        expectSortedUnique(hits);
        for (const hit of hits) expect(even(hit.id)).toBe(true);
      }
      // Only three ids pass: all three come back even though k is 10.
      const few = new Set(['a1', 'a500', 'a2999']);
      const hits = index.search(row(queries, 1), 10, { filter: (id) => few.has(id), oversample: 2 });
      expect(hits.map((hit) => hit.id).sort()).toEqual([...few].sort());
    });

    it('rejects duplicate ids in a bulk build, naming the id', () => {
      const index = options.create(2);
      const input = Float32Array.from([1, 0, 0, 1, 1, 1]);
      expectIndexError(() => index.build(['x', 'y', 'x'], input), 'INDEX_DUPLICATE_ID', '"x" at positions 0 and 2');
      expect(index.size()).toBe(0);
    });

    it('rejects bad vectors, queries and k', () => {
      const index = options.create(2);
      expectIndexError(() => index.upsert('a', Float32Array.from([1, 2, 3])), 'INDEX_INVALID_VECTOR', 'length 3');
      expectIndexError(() => index.upsert('a', Float32Array.from([1, Number.NaN])), 'INDEX_INVALID_VECTOR', 'position 1');
      expectIndexError(() => index.upsert('', Float32Array.from([1, 2])), 'INDEX_INVALID_ARGUMENT', 'non-empty');
      expectIndexError(() => index.search(Float32Array.from([1]), 3), 'INDEX_INVALID_VECTOR', 'query has length 1');
      expectIndexError(() => index.search(Float32Array.from([1, 0]), 2.5), 'INDEX_INVALID_ARGUMENT', 'k 2.5');
      expectIndexError(
        () => index.search(Float32Array.from([1, 0]), 2, { filter: () => true, oversample: 0.5 }),
        'INDEX_INVALID_ARGUMENT',
        'oversample 0.5',
      );
      index.upsert('a', Float32Array.from([1, 2]));
      expectIndexError(() => index.build(['b'], Float32Array.from([3, 4])), 'INDEX_NOT_EMPTY', 'contains 1');
    });

    it('gives identical results after save and load', async () => {
      const index = buildCatalogue();
      index.remove('a10');
      index.upsert('a11', row(queries, 0));
      index.upsert('extra', row(queries, 1));
      const dir = path.join(root, 'roundtrip');
      await index.save(dir);

      const loaded = await loadIndex(dir);
      expect(loaded.kind).toBe(index.kind);
      expect(loaded.dimension).toBe(DIMENSION);
      expect(loaded.size()).toBe(index.size());
      expect(loaded.has('a10')).toBe(false);
      for (let q = 0; q < 30; q++) {
        expect(loaded.search(row(queries, q), 10)).toEqual(index.search(row(queries, q), 10));
      }

      // The loaded index stays writable.
      loaded.upsert('after-load', row(queries, 2));
      expect(loaded.search(row(queries, 2), 1)[0].id).toBe('after-load');
    });

    it('saves and loads an empty index', async () => {
      const dir = path.join(root, 'empty');
      await options.create(DIMENSION).save(dir);
      const loaded = await loadIndex(dir);
      expect(loaded.size()).toBe(0);
      expect(loaded.search(row(queries, 0), 5)).toEqual([]);
      loaded.build(ids.slice(0, 40), vectors.subarray(0, 40 * DIMENSION));
      expect(loaded.size()).toBe(40);
      expect(loaded.search(row(vectors, 3), 40)).toHaveLength(40);
    });

    it('overwrites an earlier save in the same directory', async () => {
      const dir = path.join(root, 'overwrite');
      await buildCatalogue().save(dir);
      const second = options.create(DIMENSION);
      second.upsert('only', row(queries, 0));
      await second.save(dir);
      const loaded = await loadIndex(dir);
      expect(loaded.ids()).toEqual(['only']);
    });

    it('rejects missing, truncated and altered files', async () => {
      const dir = path.join(root, 'damaged');
      await buildCatalogue().save(dir);
      const dataFiles = (await readdir(dir)).filter((file) => file !== 'manifest.json');
      const sizes = await Promise.all(dataFiles.map(async (file) => (await stat(path.join(dir, file))).size));
      const largest = path.join(dir, dataFiles[sizes.indexOf(Math.max(...sizes))]);
      const original = await readFile(largest);

      await truncate(largest, original.length - 100);
      await expectLoadError(dir, 'INDEX_CORRUPT');

      const altered = Buffer.from(original);
      altered[altered.length - 5] ^= 0xff;
      await writeFile(largest, altered);
      await expectLoadError(dir, 'INDEX_CORRUPT');

      await writeFile(largest, original);
      await expect(loadIndex(dir)).resolves.toBeDefined();

      await expectLoadError(path.join(root, 'no-such-index'), 'INDEX_NOT_FOUND');
    });

    it('rejects a manifest of another version or dimension', async () => {
      const dir = path.join(root, 'manifest');
      await buildCatalogue().save(dir);
      const manifestPath = path.join(dir, 'manifest.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;

      const caught = await loadIndex(dir, { dimension: 64 }).then(
        () => null,
        (error: unknown) => error as VectorIndexError,
      );
      expect(caught?.code).toBe('INDEX_DIMENSION_MISMATCH');
      expect(caught?.message).toContain('dimension 32 but the model produces 64');

      await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 99 }));
      await expectLoadError(dir, 'INDEX_FORMAT_UNSUPPORTED');

      await writeFile(manifestPath, JSON.stringify({ ...manifest, count: (manifest.count as number) + 1 }));
      await expectLoadError(dir, 'INDEX_CORRUPT');

      await writeFile(manifestPath, '{"format": "readnext-vector-index", "formatVer');
      await expectLoadError(dir, 'INDEX_CORRUPT');
    });
  });
}
