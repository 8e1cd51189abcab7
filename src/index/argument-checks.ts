import { VectorIndexError } from './errors.js';

/**
 * Argument checks shared by both index implementations, so both reject the same inputs with
 * the same codes. A NaN component would silently make every score NaN, so it is rejected here.
 */

export function checkId(id: string): void {
  if (typeof id !== 'string' || id.length === 0) {
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `invalid id ${JSON.stringify(id)}: ids must be non-empty strings`,
    );
  }
}

/** Throws unless `vector` is a Float32Array of length `dimension` with finite components. */
export function checkVector(vector: Float32Array, dimension: number, label: string): void {
  if (!(vector instanceof Float32Array)) {
    throw new VectorIndexError(
      'INDEX_INVALID_VECTOR',
      `${label} must be a Float32Array of length ${dimension}; convert it with Float32Array.from`,
    );
  }
  if (vector.length !== dimension) {
    throw new VectorIndexError(
      'INDEX_INVALID_VECTOR',
      `${label} has length ${vector.length} but the index dimension is ${dimension}; embed with the model that built the index`,
    );
  }
  for (let j = 0; j < dimension; j++) {
    if (!Number.isFinite(vector[j])) {
      throw new VectorIndexError(
        'INDEX_INVALID_VECTOR',
        `${label} has a non-finite component ${vector[j]} at position ${j}; check the model output for NaN or overflow`,
      );
    }
  }
}

export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) {
    throw new VectorIndexError('INDEX_INVALID_ARGUMENT', `invalid k ${k}: k must be a non-negative integer`);
  }
}

export function checkOversample(oversample: number | undefined): void {
  if (oversample !== undefined && !(Number.isFinite(oversample) && oversample >= 1)) {
    throw new VectorIndexError(
      'INDEX_INVALID_ARGUMENT',
      `invalid oversample ${oversample}: it must be a finite number >= 1`,
    );
  }
}

/**
 * Validates a bulk build: the index must be empty (`currentSize` 0), ids non-empty and unique,
 * and `vectors` of shape [ids.length × dimension] with finite components. Throws on the first
 * problem, naming the id and its position.
 */
export function checkBuildInput(ids: readonly string[], vectors: Float32Array, dimension: number, currentSize: number): void {
  if (currentSize > 0) {
    throw new VectorIndexError(
      'INDEX_NOT_EMPTY',
      `build needs an empty index but this one contains ${currentSize} vectors; create a new index or use upsert`,
    );
  }

  if (!(vectors instanceof Float32Array) || vectors.length !== ids.length * dimension) {
    const length = vectors instanceof Float32Array ? String(vectors.length) : 'not a Float32Array';
    throw new VectorIndexError(
      'INDEX_INVALID_VECTOR',
      `build vectors must be a Float32Array of ${ids.length} x ${dimension} = ${ids.length * dimension} values (ids x dimension), got ${length}`,
    );
  }

  const firstPosition = new Map<string, number>();
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row];
    checkId(id);
    const earlier = firstPosition.get(id);
    if (earlier !== undefined) {
      throw new VectorIndexError(
        'INDEX_DUPLICATE_ID',
        `duplicate id ${JSON.stringify(id)} at positions ${earlier} and ${row} of the build input; deduplicate the ids or use upsert, which replaces`,
      );
    }
    firstPosition.set(id, row);
  }

  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) {
      const row = Math.floor(i / dimension);
      throw new VectorIndexError(
        'INDEX_INVALID_VECTOR',
        `vector of id ${JSON.stringify(ids[row])} (row ${row}) has a non-finite component ${vectors[i]} at position ${i % dimension}; check the model output for NaN or overflow`,
      );
    }
  }
}
