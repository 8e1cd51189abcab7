import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import hnswlib from 'hnswlib-node';
import { z } from 'zod';

import { checkBuildInput, checkId, checkK, checkOversample, checkVector } from './argument-checks.js';
import { VectorIndexError } from './errors.js';
import { expectKind, type IndexManifest, readVerifiedManifest, writeIndexDirectory } from './index-file.js';
import { DEFAULT_INDEX_SEED, type HnswParams, hnswParamsSchema, resolveHnswParams } from './hnsw-params.js';
import { compareHits, type SearchHit, type SearchOptions, type VectorIndex } from './vector-index.js';

const GRAPH_FILE = 'graph.hnsw';
const LABELS_FILE = 'labels.json';

/** Smallest initial capacity, so tiny indexes do not resize on every insert. */
const MIN_CAPACITY = 16;

type NativeIndex = InstanceType<typeof hnswlib.HierarchicalNSW>;

export interface HnswIndexOptions {
  params?: Partial<HnswParams>;
  /**
   * Seed of hnswlib's level generator (default DEFAULT_INDEX_SEED). The same seed and insert
   * order give the same graph.
   */
  seed?: number;
  /** Vectors to allocate room for up front; the graph doubles its capacity when it fills up. */
  initialCapacity?: number;
}

/**
 * Approximate inner-product search on an HNSW graph (hnswlib-node 3, space 'ip').
 *
 * hnswlib stores integer labels, so each string id gets a label from a counter that only
 * increases: a label is never reused for another id. Removal marks the node deleted, and the
 * next new id takes over a deleted node's slot (hnswlib's replace-deleted mode), so capacity
 * grows only when no deleted slot is free. Upserting a present id updates its vector in place.
 *
 * Scores come from hnswlib's distance `1 − q·v`, computed in float32, so they carry float32
 * precision (about 7 significant digits) rather than the exact index's float64 sums.
 *
 * NOTE: hnswlib does not persist its level generator, so vectors inserted after `load` draw
 * levels from a fresh generator and the graph can differ from one built without saving.
 */
export class HnswIndex implements VectorIndex {
  readonly kind = 'hnsw' as const;
  readonly dimension: number;
  readonly seed: number;
  private currentParams: Readonly<HnswParams>;

  private readonly native: NativeIndex;
  private readonly labelOf = new Map<string, number>();
  /** Id per label; undefined for removed or replaced labels. */
  private idOfLabel: (string | undefined)[] = [];
  private nextLabel = 0;
  /** True while `save` writes the graph on a worker thread; mutations would race with it. */
  private saving = false;

  constructor(dimension: number, options: HnswIndexOptions = {}) {
    if (!Number.isInteger(dimension) || dimension <= 0) {
      throw new VectorIndexError('INDEX_INVALID_ARGUMENT', `invalid dimension ${dimension}: it must be a positive integer`);
    }
    const seed = options.seed ?? DEFAULT_INDEX_SEED;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new VectorIndexError('INDEX_INVALID_ARGUMENT', `invalid seed ${seed}: it must be an integer in 0 … 4294967295`);
    }
    this.dimension = dimension;
    this.currentParams = Object.freeze(resolveHnswParams(options.params));
    this.seed = seed;

    this.native = new hnswlib.HierarchicalNSW('ip', dimension);
    const capacity = Math.max(MIN_CAPACITY, Math.floor(options.initialCapacity ?? 0));
    callNative('initIndex', () =>
      this.native.initIndex({
        maxElements: capacity,
        m: this.currentParams.M,
        efConstruction: this.currentParams.efConstruction,
        randomSeed: seed,
        allowReplaceDeleted: true,
      }),
    );
    this.native.setEf(this.currentParams.efSearch);
  }

  /** Graph parameters; `efSearch` reflects the latest `setEfSearch`. */
  get params(): Readonly<HnswParams> {
    return this.currentParams;
  }

  /**
   * Changes the search-time candidate list size without rebuilding: higher is slower with
   * higher recall. `save` stores the new value.
   */
  setEfSearch(efSearch: number): void {
    this.currentParams = Object.freeze(resolveHnswParams({ ...this.currentParams, efSearch }));
    this.native.setEf(efSearch);
  }

  size(): number {
    return this.labelOf.size;
  }

  has(id: string): boolean {
    return this.labelOf.has(id);
  }

  ids(): string[] {
    return [...this.labelOf.keys()];
  }

  /** Graph slots in use, including removed vectors not yet replaced by new ones. */
  slotCount(): number {
    return this.native.getCurrentCount();
  }

  getVector(id: string): Float32Array | null {
    const label = this.labelOf.get(id);
    if (label === undefined) return null;
    return Float32Array.from(callNative('getPoint', () => this.native.getPoint(label)));
  }

  upsert(id: string, vector: Float32Array): void {
    this.assertNotSaving('upsert');
    checkId(id);
    checkVector(vector, this.dimension, `vector of id ${JSON.stringify(id)}`);

    const existing = this.labelOf.get(id);
    if (existing !== undefined) {
      callNative('addPoint', () => this.native.addPoint(Array.from(vector), existing, false));
      return;
    }
    this.ensureCapacity(1);
    this.insertNew(id, Array.from(vector));
  }

  build(ids: readonly string[], vectors: Float32Array): void {
    this.assertNotSaving('build');
    checkBuildInput(ids, vectors, this.dimension, this.size());

    this.ensureCapacity(ids.length);
    const d = this.dimension;
    for (let row = 0; row < ids.length; row++) {
      this.insertNew(ids[row], Array.from(vectors.subarray(row * d, (row + 1) * d)));
    }
  }

  remove(id: string): boolean {
    this.assertNotSaving('remove');
    const label = this.labelOf.get(id);
    if (label === undefined) return false;

    callNative('markDelete', () => this.native.markDelete(label));
    this.labelOf.delete(id);
    this.idOfLabel[label] = undefined;
    return true;
  }

  search(query: Float32Array, k: number, options: SearchOptions = {}): SearchHit[] {
    checkVector(query, this.dimension, 'query');
    checkK(k);
    checkOversample(options.oversample);
    const size = this.size();
    if (k === 0 || size === 0) return [];

    // hnswlib rejects k above its capacity, and cannot return more than the live count anyway.
    const limit = Math.min(k, size);
    const point = Array.from(query);
    const { filter, oversample } = options;
    if (!filter) return this.nativeSearch(point, limit);

    if (oversample !== undefined) {
      const widened = Math.min(size, Math.ceil(limit * oversample));
      const passing = this.nativeSearch(point, widened).filter((hit) => filter(hit.id));
      if (passing.length >= limit) return passing.slice(0, limit);
      // Too few survived the filter: fall through to the filter applied inside the graph.
    }

    return this.nativeSearch(point, limit, (label) => {
      const id = this.idOfLabel[label];
      return id !== undefined && filter(id);
    });
  }

  async save(dir: string): Promise<void> {
    this.assertNotSaving('save');
    const labels = [...this.labelOf.values()];
    const ids = [...this.labelOf.keys()];
    const header = {
      kind: 'hnsw' as const,
      dimension: this.dimension,
      count: this.size(),
      params: {
        ...this.currentParams,
        seed: this.seed,
        capacity: this.native.getMaxElements(),
        slots: this.native.getCurrentCount(),
      },
    };

    this.saving = true;
    try {
      await writeIndexDirectory(dir, header, async (staging) => {
        await this.native.writeIndex(path.join(staging, GRAPH_FILE));
        await writeFile(path.join(staging, LABELS_FILE), JSON.stringify({ labels, ids }));
        return [GRAPH_FILE, LABELS_FILE];
      });
    } finally {
      this.saving = false;
    }
  }

  /**
   * Reads an index written by `save`, verifying the manifest, checksums and the label table.
   * `verified` skips the checksum pass when the caller has just done it (see `loadIndex`).
   */
  static async load(dir: string, verified?: IndexManifest): Promise<HnswIndex> {
    const manifest = verified ?? (await readVerifiedManifest(dir));
    expectKind(manifest, 'hnsw', dir);
    for (const name of [GRAPH_FILE, LABELS_FILE]) {
      if (!(name in manifest.files)) {
        throw new VectorIndexError('INDEX_CORRUPT', `manifest at ${dir} does not list ${name}; save the index again`);
      }
    }

    const stored = savedParamsSchema.safeParse(manifest.params);
    if (!stored.success) {
      const issue = stored.error.issues[0];
      throw new VectorIndexError(
        'INDEX_CORRUPT',
        `manifest at ${dir} has invalid HNSW parameter ${issue.path.join('.')}: ${issue.message}; save the index again`,
      );
    }
    const { seed, capacity, slots, ...params } = stored.data;
    const labelsPath = path.join(dir, LABELS_FILE);
    const table = parseLabelTable(await readFile(labelsPath, 'utf8'), manifest.count, slots, labelsPath);

    const index = new HnswIndex(manifest.dimension, { params, seed, initialCapacity: MIN_CAPACITY });
    const graphPath = path.join(dir, GRAPH_FILE);
    try {
      await index.native.readIndex(graphPath, true);
    } catch (error) {
      throw new VectorIndexError('INDEX_CORRUPT', `hnswlib cannot read ${graphPath} (${(error as Error).message}); save the index again`, {
        cause: error,
      });
    }
    index.native.setEf(params.efSearch);
    index.checkLoadedGraph(graphPath, slots, table.labels);
    // hnswlib loads an empty graph with capacity 0; restore the saved capacity.
    if (index.native.getMaxElements() < capacity) {
      callNative('resizeIndex', () => index.native.resizeIndex(capacity));
    }

    table.labels.forEach((label, i) => {
      index.labelOf.set(table.ids[i], label);
      index.idOfLabel[label] = table.ids[i];
    });
    index.nextLabel = table.labels.reduce((max, label) => Math.max(max, label + 1), 0);
    return index;
  }

  /** Throws `INDEX_CORRUPT` unless the graph read from disk matches the manifest and label table. */
  private checkLoadedGraph(graphPath: string, slots: number, labels: number[]): void {
    const mismatch = (property: string, found: number, listed: number): VectorIndexError =>
      new VectorIndexError(
        'INDEX_CORRUPT',
        `${graphPath} has ${property} ${found} but the manifest lists ${listed}; the files come from different saves, so save the index again`,
      );
    if (this.native.getNumDimensions() !== this.dimension) {
      throw mismatch('dimension', this.native.getNumDimensions(), this.dimension);
    }
    if (this.native.getCurrentCount() !== slots) throw mismatch('slot count', this.native.getCurrentCount(), slots);

    const graphLabels = new Set(this.native.getIdsList());
    const missing = labels.find((label) => !graphLabels.has(label));
    if (missing !== undefined) {
      throw new VectorIndexError(
        'INDEX_CORRUPT',
        `${graphPath} has no node with label ${missing} listed in ${LABELS_FILE}; the files come from different saves, so save the index again`,
      );
    }
  }

  private insertNew(id: string, point: number[]): void {
    const label = this.nextLabel;
    // replaceDeleted = true reuses a removed vector's slot when one exists, else appends.
    callNative('addPoint', () => this.native.addPoint(point, label, true));
    this.nextLabel += 1;
    this.labelOf.set(id, label);
    this.idOfLabel[label] = id;
  }

  /**
   * Grows the graph so `additional` new ids fit. New ids fill deleted slots first (replace-deleted
   * mode), so only the remainder needs free capacity.
   */
  private ensureCapacity(additional: number): void {
    const slots = this.native.getCurrentCount();
    const deletedSlots = slots - this.size();
    const appended = Math.max(0, additional - deletedSlots);
    const capacity = this.native.getMaxElements();
    if (slots + appended <= capacity) return;

    const grown = Math.max(slots + appended, capacity * 2);
    callNative('resizeIndex', () => this.native.resizeIndex(grown));
  }

  private nativeSearch(point: number[], k: number, allowLabel?: (label: number) => boolean): SearchHit[] {
    const result = callNative('searchKnn', () => this.native.searchKnn(point, k, allowLabel));
    const hits: SearchHit[] = [];
    for (let i = 0; i < result.neighbors.length; i++) {
      const id = this.idOfLabel[result.neighbors[i]];
      // hnswlib skips deleted nodes, so an unknown label would mean the maps are out of sync.
      if (id === undefined) {
        throw new VectorIndexError('INDEX_NATIVE_FAILURE', `hnswlib returned label ${result.neighbors[i]}, which maps to no id`);
      }
      hits.push({ id, score: 1 - result.distances[i] });
    }
    return hits.sort(compareHits);
  }

  private assertNotSaving(operation: string): void {
    if (this.saving) {
      throw new VectorIndexError('INDEX_BUSY', `cannot ${operation} while save() is writing the graph; await the save first`);
    }
  }
}

const savedParamsSchema = hnswParamsSchema.extend({
  seed: z.number().int().nonnegative(),
  capacity: z.number().int().positive(),
  slots: z.number().int().nonnegative(),
});

/** Parses `labels.json`: parallel arrays of `count` distinct labels (< slots) and distinct ids. */
function parseLabelTable(text: string, count: number, slots: number, filePath: string): { labels: number[]; ids: string[] } {
  const corrupt = (problem: string): VectorIndexError =>
    new VectorIndexError('INDEX_CORRUPT', `${filePath} ${problem}; save the index again`);

  let table: { labels?: unknown; ids?: unknown };
  try {
    table = JSON.parse(text) as typeof table;
  } catch (error) {
    throw corrupt(`is not valid JSON (${(error as Error).message})`);
  }
  const { labels, ids } = table ?? {};
  if (!Array.isArray(labels) || !Array.isArray(ids) || labels.length !== count || ids.length !== count) {
    throw corrupt(`does not contain ${count} labels and ${count} ids as the manifest lists`);
  }

  const seenLabels = new Set<number>();
  const seenIds = new Set<string>();
  for (let i = 0; i < count; i++) {
    const label: unknown = labels[i];
    const id: unknown = ids[i];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || seenLabels.has(label)) {
      throw corrupt(`contains an invalid or repeated label ${JSON.stringify(label)} at position ${i}`);
    }
    if (typeof id !== 'string' || id.length === 0 || seenIds.has(id)) {
      throw corrupt(`contains an empty, non-string or repeated id ${JSON.stringify(id)} at position ${i}`);
    }
    seenLabels.add(label);
    seenIds.add(id);
  }
  if (count > slots) throw corrupt(`lists ${count} ids but the graph has only ${slots} slots`);
  return { labels: labels as number[], ids: ids as string[] };
}

/** Runs a native hnswlib call, turning its plain Error into `INDEX_NATIVE_FAILURE` with the operation name. */
function callNative<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new VectorIndexError('INDEX_NATIVE_FAILURE', `hnswlib ${operation} failed: ${(error as Error).message}`, { cause: error });
  }
}
