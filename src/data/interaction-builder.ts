/**
 * Accumulates validated interactions straight into growable typed arrays (no object per row),
 * then sorts them by time, merges exact duplicates and assigns dense codes.
 *
 * Exact duplicate: same user, article, timestamp, click, read_time and like after parsing
 * (NaN read times count as equal). Of each group of duplicates the first row in input order is
 * kept; the others are credited to their own file's `duplicatesMerged`.
 */
import { endianness } from 'node:os';

import type { TableCounter } from './ingest-report.js';
import type { InteractionTable } from './types.js';

const INITIAL_CAPACITY = 1024;

/**
 * V8 keeps a substring of 13+ characters as a view into its parent string, so interning a
 * slice of a 64 KiB chunk would keep the whole chunk alive. Round-tripping through a Buffer
 * stores an independent copy. Only new dictionary keys pay for it.
 */
function detachedCopy(id: string): string {
  return id.length < 13 ? id : Buffer.from(id, 'utf8').toString('utf8');
}

export class InteractionBuilder {
  private size = 0;
  private user = new Int32Array(INITIAL_CAPACITY);
  private article = new Int32Array(INITIAL_CAPACITY);
  private timestamp = new Float64Array(INITIAL_CAPACITY);
  private click = new Int8Array(INITIAL_CAPACITY);
  private readTime = new Float32Array(INITIAL_CAPACITY);
  private like = new Int8Array(INITIAL_CAPACITY);

  private readonly userCodes = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly articleCodes = new Map<string, number>();
  private readonly articleIds: string[] = [];
  private lastUserId: string | null = null;
  private lastUserCode = -1;

  /** Row index at which each file's rows start, and that file's counter, in load order. */
  private readonly fileStarts: number[] = [];
  private readonly fileCounters: TableCounter[] = [];

  get rowCount(): number {
    return this.size;
  }

  /** Attributes rows pushed from now on to `counter`'s file (for duplicate counts). */
  startFile(counter: TableCounter): void {
    this.fileStarts.push(this.size);
    this.fileCounters.push(counter);
  }

  /** Appends one validated row. Flags are 0, 1 or MISSING_FLAG; readTime is seconds or NaN. */
  push(userId: string, articleId: string, timestamp: number, click: number, readTime: number, like: number): void {
    if (this.size === this.user.length) this.grow();

    const row = this.size;
    // Logs often list one user's events together (Globo.com files are grouped by user), so the
    // previous user's code saves a map lookup.
    if (userId !== this.lastUserId) {
      this.lastUserCode = intern(userId, this.userCodes, this.userIds);
      this.lastUserId = userId;
    }
    this.user[row] = this.lastUserCode;
    this.article[row] = intern(articleId, this.articleCodes, this.articleIds);
    this.timestamp[row] = timestamp;
    this.click[row] = click;
    this.readTime[row] = readTime;
    this.like[row] = like;
    this.size = row + 1;
  }

  /**
   * Sorts, merges duplicates (updating each file's counter) and returns the table. Codes are
   * dense and follow first appearance in the time-sorted table. Ids of `extraUserIds` and
   * `extraArticleIds` without rows (profile-only users, content-only articles) get the codes
   * after those, in the given order.
   */
  finish(extraUserIds: Iterable<string>, extraArticleIds: Iterable<string>): InteractionTable {
    const order = sortByTime(this.timestamp, this.size);
    const kept = this.dropDuplicates(order);

    const userRemap = new Int32Array(this.userIds.length).fill(-1);
    const articleRemap = new Int32Array(this.articleIds.length).fill(-1);
    const userIds: string[] = [];
    const articleIds: string[] = [];
    const table: InteractionTable = {
      size: kept.length,
      userIds,
      articleIds,
      user: new Int32Array(kept.length),
      article: new Int32Array(kept.length),
      timestamp: new Float64Array(kept.length),
      click: new Int8Array(kept.length),
      readTime: new Float32Array(kept.length),
      like: new Int8Array(kept.length),
    };

    for (let i = 0; i < kept.length; i += 1) {
      const row = kept[i];
      table.user[i] = remap(this.user[row], userRemap, this.userIds, userIds);
      table.article[i] = remap(this.article[row], articleRemap, this.articleIds, articleIds);
      table.timestamp[i] = this.timestamp[row];
      table.click[i] = this.click[row];
      table.readTime[i] = this.readTime[row];
      table.like[i] = this.like[row];
    }

    appendUnseen(extraUserIds, this.userCodes, userIds);
    appendUnseen(extraArticleIds, this.articleCodes, articleIds);
    return table;
  }

  /**
   * Keeps the first row of each group of exact duplicates and counts the others per file.
   * Duplicates share a timestamp, so only rows within a run of equal times are compared.
   * Returns the kept rows, still in (timestamp, input index) order.
   */
  private dropDuplicates(order: Uint32Array): Uint32Array {
    const duplicate = new Uint8Array(this.size);
    const duplicatesPerFile = new Array<number>(this.fileCounters.length).fill(0);

    let start = 0;
    while (start < order.length) {
      let end = start + 1;
      while (end < order.length && this.timestamp[order[end]] === this.timestamp[order[start]]) end += 1;
      if (end - start > 1) this.markDuplicatesInRun(order.subarray(start, end), duplicate);
      start = end;
    }

    let keptCount = 0;
    for (let i = 0; i < order.length; i += 1) {
      const row = order[i];
      if (duplicate[row] === 1) {
        duplicatesPerFile[this.fileOf(row)] += 1;
        continue;
      }
      // Writing in place is safe: keptCount never passes i.
      order[keptCount] = row;
      keptCount += 1;
    }

    duplicatesPerFile.forEach((count, file) => {
      if (count > 0) this.fileCounters[file].mergeDuplicates(count);
    });
    return order.subarray(0, keptCount);
  }

  /** Marks every row of `run` (equal times, ascending input index) that repeats an earlier row. */
  private markDuplicatesInRun(run: Uint32Array, duplicate: Uint8Array): void {
    // Runs are short in practice (rows of one impression or one second); compare pairwise.
    if (run.length <= 32) {
      for (let j = 1; j < run.length; j += 1) {
        for (let i = 0; i < j; i += 1) {
          if (duplicate[run[i]] === 0 && this.sameValues(run[i], run[j])) {
            duplicate[run[j]] = 1;
            break;
          }
        }
      }
      return;
    }

    // Long runs: sort a copy by value, then by input index, so duplicates are adjacent and the first one is kept.
    const byValue = Uint32Array.from(run);
    const { user, article, click, like, readTime } = this;
    byValue.sort(
      (a, b) =>
        user[a] - user[b] ||
        article[a] - article[b] ||
        click[a] - click[b] ||
        like[a] - like[b] ||
        compareReadTime(readTime[a], readTime[b]) ||
        a - b,
    );
    for (let i = 1; i < byValue.length; i += 1) {
      if (this.sameValues(byValue[i], byValue[i - 1])) duplicate[byValue[i]] = 1;
    }
  }

  private sameValues(a: number, b: number): boolean {
    return (
      this.timestamp[a] === this.timestamp[b] &&
      this.user[a] === this.user[b] &&
      this.article[a] === this.article[b] &&
      this.click[a] === this.click[b] &&
      this.like[a] === this.like[b] &&
      compareReadTime(this.readTime[a], this.readTime[b]) === 0
    );
  }

  private fileOf(row: number): number {
    // Last file whose start is <= row (binary search over fileStarts).
    let low = 0;
    let high = this.fileStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.fileStarts[middle] <= row) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private grow(): void {
    const capacity = this.user.length * 2;
    this.user = resized(this.user, new Int32Array(capacity));
    this.article = resized(this.article, new Int32Array(capacity));
    this.timestamp = resized(this.timestamp, new Float64Array(capacity));
    this.click = resized(this.click, new Int8Array(capacity));
    this.readTime = resized(this.readTime, new Float32Array(capacity));
    this.like = resized(this.like, new Int8Array(capacity));
  }
}

function intern(id: string, codes: Map<string, number>, ids: string[]): number {
  const code = codes.get(id);
  if (code !== undefined) return code;

  const next = ids.length;
  const copy = detachedCopy(id);
  codes.set(copy, next);
  ids.push(copy);
  return next;
}

function remap(code: number, table: Int32Array, oldIds: readonly string[], newIds: string[]): number {
  let next = table[code];
  if (next === -1) {
    next = newIds.length;
    table[code] = next;
    newIds.push(oldIds[code]);
  }
  return next;
}

function appendUnseen(extraIds: Iterable<string>, seen: Map<string, number>, ids: string[]): void {
  const added = new Set<string>();
  for (const id of extraIds) {
    if (seen.has(id) || added.has(id)) continue;
    added.add(id);
    ids.push(id);
  }
}

/**
 * Returns row indices sorted by (timestamp, input index), i.e. a stable sort by time.
 *
 * A comparator sort of 3M indices takes seconds in V8. So when every time is a whole number of
 * ms and (time - min) fits next to the index in 64 bits, each row becomes one 64-bit key
 * `(time - min) << indexBits | index`, which a native sort orders about 10x faster. Otherwise
 * the comparator sort runs.
 */
export function sortByTime(timestamp: Float64Array, size: number): Uint32Array {
  const packed = sortByPackedKeys(timestamp, size);
  if (packed !== null) return packed;

  const order = new Uint32Array(size);
  for (let i = 0; i < size; i += 1) order[i] = i;
  order.sort((a, b) => timestamp[a] - timestamp[b] || a - b);
  return order;
}

function sortByPackedKeys(timestamp: Float64Array, size: number): Uint32Array | null {
  if (size === 0) return new Uint32Array(0);
  if (endianness() !== 'LE') return null;

  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i += 1) {
    const time = timestamp[i];
    if (!Number.isInteger(time)) return null;
    if (time < min) min = time;
    if (time > max) max = time;
  }

  const indexBits = Math.max(1, Math.ceil(Math.log2(size)));
  const lowTimeRange = 2 ** (32 - indexBits);
  // The high word is floor((time - min) / lowTimeRange) and must fit in 32 bits.
  if (indexBits > 32 || (max - min) / lowTimeRange >= 2 ** 32) return null;

  const keys = new BigUint64Array(size);
  // Little-endian view: word 2i is the low half of key i, word 2i + 1 the high half.
  const words = new Uint32Array(keys.buffer);
  const indexRange = 2 ** indexBits;
  for (let i = 0; i < size; i += 1) {
    const relative = timestamp[i] - min;
    words[2 * i] = (relative % lowTimeRange) * indexRange + i;
    words[2 * i + 1] = Math.floor(relative / lowTimeRange);
  }
  keys.sort();

  const order = new Uint32Array(size);
  for (let i = 0; i < size; i += 1) order[i] = words[2 * i] % indexRange;
  return order;
}

/** Orders read times with NaN (unknown) first and equal to itself, so NaN rows can be duplicates. */
function compareReadTime(a: number, b: number): number {
  const aMissing = Number.isNaN(a);
  const bMissing = Number.isNaN(b);
  if (aMissing && bMissing) return 0;
  if (aMissing) return -1;
  if (bMissing) return 1;
  return a - b;
}

function resized<T extends Int32Array | Float64Array | Int8Array | Float32Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
