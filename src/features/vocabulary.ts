import { z } from 'zod';

import { FeatureError, describeIssues } from './errors.js';

/** Row of every embedding table reserved for keys outside the vocabulary (and for missing values). */
export const OOV_INDEX = 0;

export const VOCABULARY_FORMAT = 'readnext.vocabulary';
export const VOCABULARY_VERSION = 1;

const buildOptionsSchema = z.strictObject({
  /** Keys seen fewer times than this map to the OOV row. */
  minCount: z.int().min(1).default(1),
  /** Keep at most this many keys (the most frequent); unlimited when absent. */
  maxSize: z.int().min(0).optional(),
});

export type VocabularyOptions = z.input<typeof buildOptionsSchema>;

/** JSON form of a vocabulary; `keys[i]` has index i + 1 because index 0 is the OOV row. */
export interface VocabularyJson {
  format: typeof VOCABULARY_FORMAT;
  version: typeof VOCABULARY_VERSION;
  minCount: number;
  keys: string[];
  /** Occurrences of each key in the data the vocabulary was built from, parallel to `keys`. */
  counts: number[];
}

const vocabularyJsonSchema = z.strictObject({
  format: z.literal(VOCABULARY_FORMAT),
  version: z.literal(VOCABULARY_VERSION),
  minCount: z.int().min(1),
  keys: z.array(z.string()),
  counts: z.array(z.int().min(0)),
});

/**
 * A string -> index mapping for embedding lookups. Index 0 is the OOV row: `lookup` of a key
 * that is not in the vocabulary returns 0, so an unknown user or a new tag still gets a
 * (shared, trained) embedding instead of an error.
 *
 * Keys are ordered by count (most frequent first), ties by key in UTF-16 code unit order, so
 * the same counts always give the same indices whatever order the data came in.
 */
export class Vocabulary {
  private readonly index: Map<string, number>;

  private constructor(
    private readonly keyList: readonly string[],
    private readonly countList: readonly number[],
    readonly minCount: number,
  ) {
    this.index = new Map(keyList.map((key, i) => [key, i + 1]));
  }

  /**
   * Builds a vocabulary from every occurrence in `keys` (a key repeated n times has count n).
   * Throws FeatureError FEATURES_INVALID_OPTIONS for minCount < 1 or a negative maxSize.
   */
  static build(keys: Iterable<string>, options: VocabularyOptions = {}): Vocabulary {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return Vocabulary.fromCounts(counts, options);
  }

  /** Builds a vocabulary from precomputed counts; keys with a count below minCount are dropped. */
  static fromCounts(counts: ReadonlyMap<string, number>, options: VocabularyOptions = {}): Vocabulary {
    const parsed = buildOptionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new FeatureError(
        'FEATURES_INVALID_OPTIONS',
        `Vocabulary: invalid options ${JSON.stringify(options)}: ${describeIssues(parsed.error.issues)}. ` +
          `minCount must be an integer >= 1 and maxSize an integer >= 0.`,
        { options },
      );
    }
    const { minCount, maxSize } = parsed.data;

    const entries = [...counts].filter(([, count]) => count >= minCount);
    entries.sort(compareEntries);
    const selected = maxSize === undefined ? entries : entries.slice(0, maxSize);
    return new Vocabulary(
      selected.map(([key]) => key),
      selected.map(([, count]) => count),
      minCount,
    );
  }

  /**
   * Restores a vocabulary saved with `toJSON`. Throws FeatureError FEATURES_INVALID_VOCABULARY
   * when the value is not a version-1 vocabulary, keys repeat, or keys and counts differ in length.
   */
  static fromJSON(value: unknown): Vocabulary {
    const parsed = vocabularyJsonSchema.safeParse(value);
    if (!parsed.success) {
      throw new FeatureError(
        'FEATURES_INVALID_VOCABULARY',
        `Not a ${VOCABULARY_FORMAT} version ${VOCABULARY_VERSION} object: ${describeIssues(parsed.error.issues)}. ` +
          `The file is damaged or was written by another version; rebuild the vocabulary from training data.`,
      );
    }
    const { keys, counts, minCount } = parsed.data;
    if (keys.length !== counts.length) {
      throw new FeatureError(
        'FEATURES_INVALID_VOCABULARY',
        `Vocabulary has ${keys.length} keys but ${counts.length} counts; they must be parallel arrays. Rebuild the vocabulary.`,
        { keys: keys.length, counts: counts.length },
      );
    }
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) {
        throw new FeatureError(
          'FEATURES_INVALID_VOCABULARY',
          `Vocabulary lists the key ${JSON.stringify(key)} twice; each key must map to one index. Rebuild the vocabulary.`,
          { key },
        );
      }
      seen.add(key);
    }
    return new Vocabulary(keys, counts, minCount);
  }

  /** Number of embedding rows: the keys plus the OOV row. */
  get size(): number {
    return this.keyList.length + 1;
  }

  /** Index of `key`, or OOV_INDEX (0) when the key is not in the vocabulary. */
  lookup(key: string): number {
    return this.index.get(key) ?? OOV_INDEX;
  }

  /** Whether `key` has its own row (lookup would not return OOV_INDEX). */
  has(key: string): boolean {
    return this.index.has(key);
  }

  /** Indices of many keys at once: out[i] = lookup(keys[i]). */
  lookupAll(keys: readonly string[]): Int32Array {
    const out = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.lookup(keys[i]);
    return out;
  }

  /** Key at `index`; null for the OOV row. Throws RangeError outside [0, size). */
  key(index: number): string | null {
    this.checkIndex(index);
    return index === OOV_INDEX ? null : this.keyList[index - 1];
  }

  /** Count of the key at `index` in the build data; 0 for the OOV row. */
  count(index: number): number {
    this.checkIndex(index);
    return index === OOV_INDEX ? 0 : this.countList[index - 1];
  }

  /** Keys in index order, starting at index 1. */
  keys(): readonly string[] {
    return this.keyList;
  }

  toJSON(): VocabularyJson {
    return {
      format: VOCABULARY_FORMAT,
      version: VOCABULARY_VERSION,
      minCount: this.minCount,
      keys: [...this.keyList],
      counts: [...this.countList],
    };
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`Vocabulary index ${index} is outside [0, ${this.size}); index 0 is the OOV row.`);
    }
  }
}

/** Orders (key, count) pairs by count, highest first, then by key in UTF-16 code unit order. */
function compareEntries(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  if (a[0] === b[0]) return 0;
  return a[0] < b[0] ? -1 : 1;
}
