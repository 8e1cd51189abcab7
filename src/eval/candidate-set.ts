import { EvaluationError } from './errors.js';

/**
 * The distinct article codes a model ranks for one request, in a fixed order.
 *
 * Construction removes duplicates (the first occurrence wins), so no metric can count one
 * article twice. Scores passed alongside a candidate set are aligned with `articles`:
 * `scores[i]` belongs to `articles[i]`.
 */
export class CandidateSet {
  /** [size] distinct article codes. */
  readonly articles: Int32Array;
  /** Position of each article code in the full array this set is a prefix of; -1 when absent. */
  private readonly positions: Int32Array;

  private constructor(articles: Int32Array, positions: Int32Array) {
    this.articles = articles;
    this.positions = positions;
  }

  /** Builds a set from article codes, dropping repeats; codes must be integers >= 0. */
  static from(codes: ArrayLike<number>): CandidateSet {
    let maxCode = -1;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (!Number.isInteger(code) || code < 0) {
        throw new EvaluationError(
          'EVAL_INVALID_OPTIONS',
          `Candidate article code ${code} at position ${i} is invalid: codes must be integers >= 0 ` +
            'that index the article dictionary.',
          { code, position: i },
        );
      }
      if (code > maxCode) maxCode = code;
    }

    const positions = new Int32Array(maxCode + 1).fill(-1);
    const distinct: number[] = [];
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (positions[code] !== -1) continue;
      positions[code] = distinct.length;
      distinct.push(code);
    }
    return new CandidateSet(Int32Array.from(distinct), positions);
  }

  get size(): number {
    return this.articles.length;
  }

  /** Returns the index of `article` in `articles`, or -1 when it is not a candidate. */
  indexOf(article: number): number {
    if (article < 0 || article >= this.positions.length) return -1;
    const position = this.positions[article];
    return position < this.articles.length ? position : -1;
  }

  /** Returns the first `count` candidates as a set that shares this set's memory. */
  prefix(count: number): CandidateSet {
    const length = Math.max(0, Math.min(count, this.articles.length));
    return new CandidateSet(this.articles.subarray(0, length), this.positions);
  }
}
