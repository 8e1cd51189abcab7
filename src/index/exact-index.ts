import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { checkBuildInput, checkId, checkK, checkOversample, checkVector } from './argument-checks.js';
import { VectorIndexError } from './errors.js';
import {
  assertLittleEndianHost,
  expectKind,
  type IndexManifest,
  readVerifiedManifest,
  writeIndexDirectory,
} from './index-file.js';
import { selectTopK } from './top-k.js';
import type { SearchHit, SearchOptions, VectorIndex } from './vector-index.js';

const VECTORS_FILE = 'vectors.f32';
const IDS_FILE = 'ids.json';

/**
 * Brute-force inner-product search: every query scores every stored vector, so results are
 * exact. Vectors live in one contiguous Float32Array [capacity × dimension], row-major, with
 * rows 0 … size-1 in use. Removing an id moves the last row into its place, so the live rows
 * stay contiguous and a search is one pass over memory.
 *
 * Cost per query: size × dimension multiply-adds plus O(size log k) selection. Storage:
 * 4 × dimension bytes per vector (256 B at d = 64).
 */
export class ExactIndex implements VectorIndex {
  readonly kind = 'exact' as const;
  readonly dimension: number;

  /** [capacity × dimension] row-major; rows at and beyond `rowIds.length` are unused. */
  private vectors: Float32Array;
  /** Id of each live row. */
  private rowIds: string[] = [];
  /** Row of each id. */
  private readonly rowOf = new Map<string, number>();
  /** Scratch scores [capacity], reused across searches to avoid an allocation per query. */
  private scores: Float64Array;

  /**
   * @param dimension vector length d, a positive integer
   * @param initialCapacity rows to allocate up front; the storage doubles when it fills up
   */
  constructor(dimension: number, initialCapacity = 1024) {
    if (!Number.isInteger(dimension) || dimension <= 0) {
      throw new VectorIndexError('INDEX_INVALID_ARGUMENT', `invalid dimension ${dimension}: it must be a positive integer`);
    }
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.dimension = dimension;
    this.vectors = new Float32Array(capacity * dimension);
    this.scores = new Float64Array(capacity);
  }

  size(): number {
    return this.rowIds.length;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  ids(): string[] {
    return [...this.rowIds];
  }

  getVector(id: string): Float32Array | null {
    const row = this.rowOf.get(id);
    if (row === undefined) return null;
    return this.vectors.slice(row * this.dimension, (row + 1) * this.dimension);
  }

  upsert(id: string, vector: Float32Array): void {
    checkId(id);
    checkVector(vector, this.dimension, `vector of id ${JSON.stringify(id)}`);

    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.rowIds.length;
      this.ensureCapacity(row + 1);
      this.rowIds.push(id);
      this.rowOf.set(id, row);
    }
    this.vectors.set(vector, row * this.dimension);
  }

  build(ids: readonly string[], vectors: Float32Array): void {
    checkBuildInput(ids, vectors, this.dimension, this.size());

    this.ensureCapacity(ids.length);
    this.vectors.set(vectors, 0);
    this.rowIds = [...ids];
    ids.forEach((id, row) => this.rowOf.set(id, row));
  }

  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;

    // Move the last row into the hole so rows 0 … size-1 stay contiguous.
    const last = this.rowIds.length - 1;
    if (row !== last) {
      const d = this.dimension;
      this.vectors.copyWithin(row * d, last * d, (last + 1) * d);
      const movedId = this.rowIds[last];
      this.rowIds[row] = movedId;
      this.rowOf.set(movedId, row);
    }
    this.rowIds.pop();
    this.rowOf.delete(id);
    return true;
  }

  search(query: Float32Array, k: number, options: SearchOptions = {}): SearchHit[] {
    checkVector(query, this.dimension, 'query');
    checkK(k);
    checkOversample(options.oversample);
    const count = this.rowIds.length;
    if (k === 0 || count === 0) return [];

    // The filter runs before scoring, so rejected rows cost no dot product.
    let candidates: Int32Array | null = null;
    let candidateCount = count;
    if (options.filter) {
      candidates = new Int32Array(count);
      candidateCount = 0;
      for (let row = 0; row < count; row++) {
        if (options.filter(this.rowIds[row])) candidates[candidateCount++] = row;
      }
    }

    scoreRows(this.vectors, this.dimension, query, candidates, candidateCount, this.scores);
    const rows = selectTopK(this.scores, candidates, candidateCount, k, this.rowIds);
    return rows.map((row) => ({ id: this.rowIds[row], score: this.scores[row] }));
  }

  async save(dir: string): Promise<void> {
    assertLittleEndianHost();
    const count = this.size();
    // Snapshot rows and ids now, so an upsert or remove during the write cannot mix two states.
    // A remove moves rows, which would silently re-map ids.
    const vectorBytes = Buffer.from(this.vectors.slice(0, count * this.dimension).buffer);
    const ids = JSON.stringify(this.rowIds);

    await writeIndexDirectory(dir, { kind: 'exact', dimension: this.dimension, count, params: {} }, async (staging) => {
      await writeFile(path.join(staging, VECTORS_FILE), vectorBytes);
      await writeFile(path.join(staging, IDS_FILE), ids);
      return [VECTORS_FILE, IDS_FILE];
    });
  }

  /**
   * Reads an index written by `save`, verifying the manifest, file lengths and checksums.
   * `verified` skips the verification when the caller has just done it (see `loadIndex`).
   */
  static async load(dir: string, verified?: IndexManifest): Promise<ExactIndex> {
    assertLittleEndianHost();
    const manifest = verified ?? (await readVerifiedManifest(dir));
    expectKind(manifest, 'exact', dir);
    const { dimension, count } = manifest;
    requireFile(manifest.files, VECTORS_FILE, dir);
    requireFile(manifest.files, IDS_FILE, dir);

    const ids = parseIdList(await readFile(path.join(dir, IDS_FILE), 'utf8'), count, path.join(dir, IDS_FILE));
    const bytes = await readFile(path.join(dir, VECTORS_FILE));
    if (bytes.length !== count * dimension * 4) {
      throw new VectorIndexError(
        'INDEX_CORRUPT',
        `${path.join(dir, VECTORS_FILE)} has ${bytes.length} bytes but ${count} vectors of dimension ${dimension} need ${count * dimension * 4}; save the index again`,
      );
    }

    const index = new ExactIndex(dimension, Math.max(count, 1));
    // Copy through a byte view: the file buffer may not be 4-byte aligned for a Float32Array.
    new Uint8Array(index.vectors.buffer).set(bytes);
    index.rowIds = ids;
    ids.forEach((id, row) => index.rowOf.set(id, row));
    return index;
  }

  private ensureCapacity(rows: number): void {
    const capacity = this.vectors.length / this.dimension;
    if (rows <= capacity) return;

    const grown = Math.max(rows, capacity * 2);
    const vectors = new Float32Array(grown * this.dimension);
    vectors.set(this.vectors.subarray(0, this.rowIds.length * this.dimension));
    this.vectors = vectors;
    this.scores = new Float64Array(grown);
  }
}

/**
 * Writes `query · row` into `scores[row]` for each candidate row (all rows 0 … count-1 when
 * `candidates` is null). Eight accumulators break the add dependency chain, and a float64 copy
 * of the query saves one conversion per multiply. Together they scored 6,200 × 64 in 0.36 ms
 * against 0.67 ms for four accumulators on the float32 query (one run, Node 20, 2 shared
 * cores). The remainder loop covers dimensions not divisible by 8.
 */
function scoreRows(
  vectors: Float32Array,
  dimension: number,
  query: Float32Array,
  candidates: Int32Array | null,
  count: number,
  scores: Float64Array,
): void {
  const q = Float64Array.from(query);
  const unrolled = dimension - (dimension % 8);
  for (let i = 0; i < count; i++) {
    const row = candidates === null ? i : candidates[i];
    const offset = row * dimension;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    let j = 0;
    for (let o = offset; j < unrolled; j += 8, o += 8) {
      s0 += vectors[o] * q[j];
      s1 += vectors[o + 1] * q[j + 1];
      s2 += vectors[o + 2] * q[j + 2];
      s3 += vectors[o + 3] * q[j + 3];
      s4 += vectors[o + 4] * q[j + 4];
      s5 += vectors[o + 5] * q[j + 5];
      s6 += vectors[o + 6] * q[j + 6];
      s7 += vectors[o + 7] * q[j + 7];
    }
    for (; j < dimension; j++) s0 += vectors[offset + j] * q[j];
    scores[row] = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
  }
}

function requireFile(files: Record<string, unknown>, name: string, dir: string): void {
  if (!(name in files)) {
    throw new VectorIndexError('INDEX_CORRUPT', `manifest at ${dir} does not list ${name}; save the index again`);
  }
}

/** Parses the id file: a JSON array of `count` distinct non-empty strings. */
export function parseIdList(text: string, count: number, filePath: string): string[] {
  let ids: unknown;
  try {
    ids = JSON.parse(text);
  } catch (error) {
    throw new VectorIndexError('INDEX_CORRUPT', `${filePath} is not valid JSON (${(error as Error).message}); save the index again`, {
      cause: error,
    });
  }
  if (!Array.isArray(ids) || ids.length !== count) {
    const found = Array.isArray(ids) ? `${ids.length} ids` : 'no array';
    throw new VectorIndexError('INDEX_CORRUPT', `${filePath} contains ${found} but the manifest lists ${count}; save the index again`);
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0 || seen.has(id)) {
      throw new VectorIndexError(
        'INDEX_CORRUPT',
        `${filePath} contains an empty, non-string or repeated id ${JSON.stringify(id)}; save the index again`,
      );
    }
    seen.add(id);
  }
  return ids as string[];
}
