import { z } from 'zod';

import { FeatureError, describeIssues } from './errors.js';
import { hashString } from './murmur3.js';

/**
 * Text to tokens to hashed n-gram buckets, for the content side of the candidate tower.
 *
 * Tokenization, in order:
 * 1. Unicode NFKC normalization (full-width "ＡＢＣ" -> "ABC", ligature "ﬁ" -> "fi", composed
 *    accents), then removal of variation selectors (the invisible U+FE0F after many emoji).
 * 2. Lowercasing with String.prototype.toLowerCase, which is locale-independent.
 * 3. Tokens are runs of letters and digits (\p{L}, \p{N}) that may contain combining marks
 *    (\p{Mn}, \p{Mc}), so "ação" and Devanagari words stay whole. Everything else separates
 *    tokens and is dropped: spaces, punctuation, symbols, emoji. "don't" gives "don" and "t".
 * 4. Han, Hiragana and Katakana characters (Script_Extensions, so the prolonged sound mark ー
 *    counts) become one token each, because those scripts do not separate words with spaces;
 *    with bigrams on, adjacent characters also form character bigrams ("数据" -> 数, 据, "数 据").
 *    NOTE: other scripts written without spaces (Thai, Lao, Khmer, Myanmar) yield one token per
 *    space-separated run. A dictionary segmenter (Intl.Segmenter) would split them better, but
 *    its output depends on the ICU version bundled with Node, and a saved model needs
 *    tokenization that never changes under it.
 */

const TOKEN_RUN = /[\p{L}\p{N}][\p{L}\p{N}\p{Mn}\p{Mc}]*/gu;
const SPACELESS_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;
const VARIATION_SELECTORS = /\p{Variation_Selector}/gu;

export interface TokenizeOptions {
  /** Keep only the first maxTokens tokens; all when absent. */
  maxTokens?: number;
}

/** Splits `text` into normalized tokens as described at the top of this file. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const maxTokens = options.maxTokens ?? Infinity;
  if (maxTokens !== Infinity && (!Number.isInteger(maxTokens) || maxTokens < 0)) {
    throw new FeatureError('FEATURES_INVALID_OPTIONS', `tokenize: maxTokens must be an integer >= 0, got ${maxTokens}.`, {
      maxTokens,
    });
  }

  const normalized = text.normalize('NFKC').replace(VARIATION_SELECTORS, '').toLowerCase();
  const tokens: string[] = [];
  for (const match of normalized.matchAll(TOKEN_RUN)) {
    if (tokens.length >= maxTokens) break;
    const run = match[0];
    if (!SPACELESS_SCRIPT.test(run)) {
      tokens.push(run);
      continue;
    }
    splitSpacelessRun(run, tokens, maxTokens);
  }
  return tokens;
}

/** Emits each Han/Hiragana/Katakana character alone and the other stretches of the run whole. */
function splitSpacelessRun(run: string, tokens: string[], maxTokens: number): void {
  let pending = '';
  for (const character of run) {
    if (tokens.length >= maxTokens) return;
    if (!SPACELESS_SCRIPT.test(character)) {
      pending += character;
      continue;
    }
    if (pending !== '') {
      tokens.push(pending);
      pending = '';
      if (tokens.length >= maxTokens) return;
    }
    tokens.push(character);
  }
  if (pending !== '' && tokens.length < maxTokens) tokens.push(pending);
}

const hashingSchema = z.strictObject({
  /** Number of buckets; bucket ids are in [0, buckets). */
  buckets: z.int().min(1).max(0x7fffffff),
  /** Tokens kept before hashing (see tokenize); all when absent. */
  maxTokens: z.int().min(0).optional(),
  /** MurmurHash3 seed; a model stores it with its other feature settings. */
  seed: z.int().min(0).max(0xffffffff).default(0),
  /** Also hash each pair of adjacent tokens. */
  bigrams: z.boolean().default(true),
});

export type HashingOptions = z.input<typeof hashingSchema>;
type ParsedHashingOptions = z.output<typeof hashingSchema>;

/** Validates hashing options once; throws FeatureError FEATURES_INVALID_OPTIONS naming the bad field. */
export function parseHashingOptions(options: HashingOptions): ParsedHashingOptions {
  const parsed = hashingSchema.safeParse(options);
  if (!parsed.success) {
    throw new FeatureError(
      'FEATURES_INVALID_OPTIONS',
      `Invalid text hashing options ${JSON.stringify(options)}: ${describeIssues(parsed.error.issues)}. ` +
        `buckets is an integer in [1, 2^31 - 1], maxTokens an integer >= 0, seed an integer in [0, 2^32 - 1].`,
      { options },
    );
  }
  return parsed.data;
}

/**
 * Bucket ids of the tokens' unigrams, then (with bigrams on) of each adjacent pair, in token
 * order with repeats: [tokens.length + max(0, tokens.length - 1)] ids. A unigram hashes the
 * token's UTF-8 bytes, and a bigram the two tokens joined by one space. Tokens never contain a
 * space, so a bigram and a unigram can share a bucket but never a hashed string.
 */
export function hashTokens(tokens: readonly string[], options: HashingOptions): Int32Array {
  const { buckets, seed, bigrams } = parseHashingOptions(options);
  const pairs = bigrams ? Math.max(0, tokens.length - 1) : 0;
  const out = new Int32Array(tokens.length + pairs);
  for (let i = 0; i < tokens.length; i++) out[i] = hashString(tokens[i], seed) % buckets;
  for (let i = 0; i < pairs; i++) out[tokens.length + i] = hashString(`${tokens[i]} ${tokens[i + 1]}`, seed) % buckets;
  return out;
}

/**
 * Hashed unigram and bigram features of `text`: the distinct bucket ids, ascending. Presence
 * only: a token repeated ten times counts once (use hashTokens for counts).
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS for buckets outside [1, 2^31 - 1], a negative
 * maxTokens or a seed outside [0, 2^32 - 1].
 */
export function hashTextFeatures(text: string, options: HashingOptions): Int32Array {
  const parsed = parseHashingOptions(options);
  const tokens = tokenize(text, { maxTokens: parsed.maxTokens });
  const ids = hashTokens(tokens, parsed);
  return uniqueSorted(ids);
}

function uniqueSorted(ids: Int32Array): Int32Array {
  const sorted = ids.slice().sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i];
  }
  return sorted.slice(0, unique);
}
