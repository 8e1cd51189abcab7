import type { ArticleFeatures, EncodedArticle } from '../features/article-features.js';
import { OOV_INDEX } from '../features/vocabulary.js';
import type { Rng } from '../tensor/random.js';
import type { CandidateBatch } from './candidate-tower.js';

/**
 * Builds the candidate-tower batch for the article codes `codes` [U] from the encoded features
 * of the whole dictionary. `articleIndex` [dictionary size] maps a code to its articles-
 * vocabulary index (0 = OOV). With `idDropout` > 0 and an `rng`, each candidate's id is
 * replaced by OOV with that probability, which trains the content-only path.
 */
export function candidateBatchFromFeatures(
  features: ArticleFeatures,
  articleIndex: Int32Array,
  codes: Int32Array,
  idDropout = 0,
  rng?: Rng,
): CandidateBatch {
  const size = codes.length;
  const ids = new Int32Array(size);
  const categories = new Int32Array(size);
  const authors = new Int32Array(size);
  const textOffsets = new Int32Array(size + 1);
  const tagOffsets = new Int32Array(size + 1);
  for (let u = 0; u < size; u++) {
    const code = codes[u];
    ids[u] = idDropout > 0 && rng !== undefined && rng.nextFloat() < idDropout ? OOV_INDEX : articleIndex[code];
    categories[u] = features.category[code];
    authors[u] = features.author[code];
    textOffsets[u + 1] = textOffsets[u] + features.textOffsets[code + 1] - features.textOffsets[code];
    tagOffsets[u + 1] = tagOffsets[u] + features.tagOffsets[code + 1] - features.tagOffsets[code];
  }
  const textIndices = new Int32Array(textOffsets[size]);
  const textWeights = new Float32Array(textOffsets[size]);
  const tagIndices = new Int32Array(tagOffsets[size]);
  for (let u = 0; u < size; u++) {
    const code = codes[u];
    const textStart = features.textOffsets[code];
    const textEnd = features.textOffsets[code + 1];
    textIndices.set(features.textBuckets.subarray(textStart, textEnd), textOffsets[u]);
    textWeights.set(features.textWeights.subarray(textStart, textEnd), textOffsets[u]);
    tagIndices.set(features.tags.subarray(features.tagOffsets[code], features.tagOffsets[code + 1]), tagOffsets[u]);
  }
  return {
    size,
    ids,
    categories,
    authors,
    text: { indices: textIndices, offsets: textOffsets, weights: textWeights },
    tags: { indices: tagIndices, offsets: tagOffsets },
  };
}

/** Builds a one-row candidate batch from a single encoded article (serving a new article). */
export function candidateBatchFromEncoded(encoded: EncodedArticle, idIndex: number): CandidateBatch {
  return {
    size: 1,
    ids: Int32Array.of(idIndex),
    categories: Int32Array.of(encoded.category),
    authors: Int32Array.of(encoded.author),
    text: { indices: encoded.textBuckets, offsets: Int32Array.of(0, encoded.textBuckets.length), weights: encoded.textWeights },
    tags: { indices: encoded.tags, offsets: Int32Array.of(0, encoded.tags.length) },
  };
}
