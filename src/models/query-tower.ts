import type { DenseParameter } from '../tensor/dense.js';
import { EmbeddingTable } from '../tensor/embedding.js';
import type { MatmulBackend } from '../tensor/matmul.js';
import type { Rng } from '../tensor/random.js';
import type { TwoTowerConfig } from './two-tower-config.js';
import { TowerProjection } from './tower-projection.js';
import { type Bags, weightedMean, weightedMeanBackward } from './weighted-bag.js';

/** One batch of queries: row i is a user at one request time. */
export interface QueryBatch {
  size: number;
  /** [size] users-vocabulary index (0 = OOV). */
  users: Int32Array;
  /** Articles-vocabulary indices of each row's history (strictly before the request). */
  history: Bags;
  /** Categories-vocabulary indices of each row's preferred topics. */
  topics: Bags;
}

/** Vocabulary sizes (including the OOV row) the towers' tables are built for. */
export interface VocabularySizes {
  users: number;
  articles: number;
  categories: number;
  tags: number;
  authors: number;
}

/**
 * The query tower: user-id embedding, the mean embedding of the history articles (a table of
 * its own, indexed by the articles vocabulary) and the mean embedding of the profile topics,
 * merged by `TowerProjection` into the query [size x dim].
 *
 * An empty history or topic list pools to zero, so a user without history is represented by
 * the other parts alone.
 */
export class QueryTower {
  readonly userTable: EmbeddingTable | null;
  readonly historyTable: EmbeddingTable | null;
  readonly topicTable: EmbeddingTable | null;
  readonly projection: TowerProjection;
  private lastBatch: QueryBatch | null = null;

  constructor(config: TwoTowerConfig, sizes: VocabularySizes, rng: Rng, backend: MatmulBackend) {
    const { dim, initStd, features } = config;
    this.userTable = features.userId ? new EmbeddingTable({ rows: sizes.users, dim, rng, initStd }) : null;
    this.historyTable = features.history ? new EmbeddingTable({ rows: sizes.articles, dim, rng, initStd }) : null;
    this.topicTable = features.profileTopics ? new EmbeddingTable({ rows: sizes.categories, dim, rng, initStd }) : null;
    const parts = this.tables().length;
    this.projection = new TowerProjection('query.projection', parts, dim, config.combine, rng, backend);
  }

  tables(): EmbeddingTable[] {
    return [this.userTable, this.historyTable, this.topicTable].filter((table): table is EmbeddingTable => table !== null);
  }

  denseParameters(): DenseParameter[] {
    return this.projection.parameters();
  }

  /** Returns the queries [batch.size x dim]. */
  forward(batch: QueryBatch): Float32Array {
    const parts: Float32Array[] = [];
    if (this.userTable !== null) parts.push(this.userTable.gather(batch.users));
    if (this.historyTable !== null) parts.push(weightedMean(this.historyTable, batch.history));
    if (this.topicTable !== null) parts.push(weightedMean(this.topicTable, batch.topics));
    this.lastBatch = batch;
    return this.projection.forward(parts, batch.size);
  }

  /** Takes dLoss/dQuery [size x dim] for the last forward and fills the tables' sparse gradients. */
  backward(dQuery: Float32Array): void {
    const batch = this.lastBatch;
    if (batch === null) throw new Error('QueryTower.backward called before forward');
    const dParts = this.projection.backward(dQuery, batch.size);
    let p = 0;
    if (this.userTable !== null) this.userTable.accumulateGradient(batch.users, dParts[p++]);
    if (this.historyTable !== null) weightedMeanBackward(this.historyTable, batch.history, dParts[p++]);
    if (this.topicTable !== null) weightedMeanBackward(this.topicTable, batch.topics, dParts[p++]);
  }
}
