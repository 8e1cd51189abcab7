import { candidateBatchFromFeatures } from '../models/article-encoding.js';
import type { TwoTowerModel } from '../models/two-tower-model.js';
import { Rng } from '../tensor/random.js';
import { buildQueryBatch, timeCellsFor } from './batch-builder.js';
import type { TrainingData } from './training-data.js';

/** Candidates embedded per forward pass when embedding the whole dictionary. */
const EMBED_CHUNK = 1024;

/**
 * Scores articles by their table codes with a model under training: score = query · candidate
 * + time term at the request time. Candidate embeddings of the whole dictionary are computed
 * by `refresh` and cached, so call it again after the weights change.
 */
export class CodeScorer {
  /** [dictionary size x dim] candidate embeddings (no id dropout). */
  embeddings: Float32Array;
  /** [ageBuckets x popularityBuckets] time term per cell, or null without a time term. */
  private termTable: Float32Array | null = null;

  constructor(
    readonly model: TwoTowerModel,
    readonly data: TrainingData,
  ) {
    this.embeddings = new Float32Array(0);
    this.refresh();
  }

  /** Recomputes every candidate embedding and the time-term table from the current weights. */
  refresh(): void {
    const count = this.data.train.articleIds.length;
    const dim = this.model.config.dim;
    const out = new Float32Array(count * dim);
    for (let start = 0; start < count; start += EMBED_CHUNK) {
      const end = Math.min(count, start + EMBED_CHUNK);
      const codes = Int32Array.from({ length: end - start }, (_, k) => start + k);
      const batch = candidateBatchFromFeatures(this.data.articleFeatures, this.data.articleIndex, codes);
      out.set(this.model.embedCandidates(batch), start * dim);
    }
    this.embeddings = out;
    this.termTable = this.model.timeTerm?.tableOfCells() ?? null;
  }

  /** Queries [rows.length x dim] at the time of training rows `rows` (no dropout). */
  queriesForRows(rows: Int32Array): Float32Array {
    return this.model.embedQueries(buildQueryBatch(this.data, rows, 0, new Rng(0)));
  }

  /**
   * Writes the score of each article code in `codes` [n] for `query` [dim] at `time` (ms) into
   * `out` [n]. The time term counts training events in the trailing window before `time`, plus
   * `recentCounts[code]` ([dictionary size], events after the cutoff in the same window) when given.
   */
  score(query: Float32Array, time: number, codes: Int32Array, out: Float32Array, recentCounts: ArrayLike<number> | null = null): void {
    const dim = this.model.config.dim;
    const embeddings = this.embeddings;
    const term = this.termTable;
    const timeTerm = this.model.timeTerm;
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k];
      const base = code * dim;
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += query[j] * embeddings[base + j];
      if (term !== null && timeTerm !== null) {
        const trailing = this.data.trailing.countAt(code, time) + (recentCounts === null ? 0 : recentCounts[code]);
        dot += term[timeTerm.cell(time - this.data.publishedAt[code], trailing)];
      }
      out[k] = dot;
    }
  }

  /** [rows x codes] time-term cells, exposed for tests of the training batch. */
  cells(rows: Int32Array, codes: Int32Array): Int32Array | null {
    return this.model.timeTerm === null ? null : timeCellsFor(this.data, rows, codes, this.model.timeTerm);
  }
}
