import type { DenseParameter } from '../tensor/dense.js';
import { EmbeddingTable } from '../tensor/embedding.js';
import type { MatmulBackend } from '../tensor/matmul.js';
import type { Rng } from '../tensor/random.js';
import type { VocabularySizes } from './query-tower.js';
import type { TwoTowerConfig } from './two-tower-config.js';
import { TowerProjection } from './tower-projection.js';
import { type Bags, weightedMean, weightedMeanBackward } from './weighted-bag.js';

/** One batch of candidate articles: row u is one distinct article. */
export interface CandidateBatch {
  size: number;
  /** [size] articles-vocabulary index; 0 (OOV) for unknown articles and for id-dropped rows. */
  ids: Int32Array;
  /** Hashed n-gram buckets with their weights (title n-grams weigh more). */
  text: Bags;
  /** Tags-vocabulary indices. */
  tags: Bags;
  /** [size] categories-vocabulary index (0 = unknown). */
  categories: Int32Array;
  /** [size] authors-vocabulary index (0 = unknown). */
  authors: Int32Array;
}

/**
 * The candidate tower: article-id embedding, text bag (weighted mean of hashed unigram and
 * bigram bucket embeddings), category, tags (mean) and author, merged by `TowerProjection`
 * into the candidate [size x dim]. A new article has id 0 (OOV), so its embedding comes from
 * its content; id dropout during training teaches the tower to do well in that case.
 */
export class CandidateTower {
  readonly idTable: EmbeddingTable | null;
  readonly textTable: EmbeddingTable | null;
  readonly categoryTable: EmbeddingTable | null;
  readonly tagTable: EmbeddingTable | null;
  readonly authorTable: EmbeddingTable | null;
  readonly projection: TowerProjection;
  private lastBatch: CandidateBatch | null = null;

  constructor(config: TwoTowerConfig, sizes: VocabularySizes, rng: Rng, backend: MatmulBackend) {
    const { dim, initStd, features } = config;
    const table = (enabled: boolean, rows: number) => (enabled ? new EmbeddingTable({ rows, dim, rng, initStd }) : null);
    this.idTable = table(features.articleId, sizes.articles);
    this.textTable = table(features.text, config.textBuckets);
    this.categoryTable = table(features.category, sizes.categories);
    this.tagTable = table(features.tags, sizes.tags);
    this.authorTable = table(features.author, sizes.authors);
    this.projection = new TowerProjection('candidate.projection', this.tables().length, dim, config.combine, rng, backend);
  }

  tables(): EmbeddingTable[] {
    return [this.idTable, this.textTable, this.categoryTable, this.tagTable, this.authorTable].filter(
      (table): table is EmbeddingTable => table !== null,
    );
  }

  denseParameters(): DenseParameter[] {
    return this.projection.parameters();
  }

  /** Returns the candidate embeddings [batch.size x dim]. */
  forward(batch: CandidateBatch): Float32Array {
    const parts: Float32Array[] = [];
    if (this.idTable !== null) parts.push(this.idTable.gather(batch.ids));
    if (this.textTable !== null) parts.push(weightedMean(this.textTable, batch.text));
    if (this.categoryTable !== null) parts.push(this.categoryTable.gather(batch.categories));
    if (this.tagTable !== null) parts.push(weightedMean(this.tagTable, batch.tags));
    if (this.authorTable !== null) parts.push(this.authorTable.gather(batch.authors));
    this.lastBatch = batch;
    return this.projection.forward(parts, batch.size);
  }

  /** Takes dLoss/dCandidate [size x dim] for the last forward and fills the sparse gradients. */
  backward(dCandidate: Float32Array): void {
    const batch = this.lastBatch;
    if (batch === null) throw new Error('CandidateTower.backward called before forward');
    const dParts = this.projection.backward(dCandidate, batch.size);
    let p = 0;
    if (this.idTable !== null) this.idTable.accumulateGradient(batch.ids, dParts[p++]);
    if (this.textTable !== null) weightedMeanBackward(this.textTable, batch.text, dParts[p++]);
    if (this.categoryTable !== null) this.categoryTable.accumulateGradient(batch.categories, dParts[p++]);
    if (this.tagTable !== null) weightedMeanBackward(this.tagTable, batch.tags, dParts[p++]);
    if (this.authorTable !== null) this.authorTable.accumulateGradient(batch.authors, dParts[p++]);
  }
}
