import type { DenseParameter } from '../tensor/dense.js';
import type { EmbeddingTable } from '../tensor/embedding.js';
import { createInBatchSoftmax, type InBatchSoftmaxImplementation } from '../tensor/in-batch-softmax-variants.js';
import { createMatmulBackend, type MatmulBackend, type MatmulBackendName } from '../tensor/matmul.js';
import { Rng } from '../tensor/random.js';
import { CandidateTower, type CandidateBatch } from './candidate-tower.js';
import { ModelError } from './errors.js';
import type { NamedTensor } from './model-file.js';
import { QueryTower, type QueryBatch, type VocabularySizes } from './query-tower.js';
import { RetrievalTask } from './retrieval-task.js';
import { TimeTerm } from './time-term.js';
import type { TwoTowerConfig } from './two-tower-config.js';

/** One training batch: B query rows, each with one positive among U distinct candidates. */
export interface TrainingBatch {
  query: QueryBatch;
  /** The U distinct positive articles of the batch. */
  candidates: CandidateBatch;
  /** [B] column in `candidates` of each row's positive. */
  positives: Int32Array;
  /** [U] share of training positives of each candidate (for logQ). */
  samplingProbability?: Float32Array;
  /** [B x U] time-term cell of candidate u at row i's time (see TimeTerm.cell); needed when the time term is on. */
  timeCells?: Int32Array;
}

/** Tower outputs of one batch, as the tasks see them. */
export interface TowerOutputs {
  /** [B x dim] */
  query: Float32Array;
  /** [U x dim] */
  candidate: Float32Array;
  /** [B x U] time term of each (row, candidate) pair, when the model has one. */
  logitOffsets?: Float32Array;
}

/** Loss of one task and its gradients with respect to the tower outputs. */
export interface TaskResult {
  loss: number;
  dQuery: Float32Array;
  dCandidate: Float32Array;
  dLogitOffsets?: Float32Array;
}

/**
 * A training objective over the shared towers. The model sums weight · loss over its tasks,
 * so ranking heads (click, read time, like) can be added as further tasks without touching
 * the towers or the training loop.
 */
export interface ModelTask {
  readonly name: string;
  readonly weight: number;
  compute(outputs: TowerOutputs, batch: TrainingBatch): TaskResult;
}

export interface CreateModelOptions {
  config: TwoTowerConfig;
  /** Seed of the initial weights; stored with the model. */
  seed: number;
  sizes: VocabularySizes;
  /** Default 'fused-wasm'; tests may use 'matmul-js'. */
  softmaxImplementation?: InBatchSoftmaxImplementation;
  /** Worker threads of the 'fused-wasm' softmax (default 1: faster when other processes share the cores). */
  softmaxThreads?: number;
  /** Backend of the dense layers and of the time-term path (default 'wasm'). */
  matmulBackend?: MatmulBackendName;
}

/**
 * The trainable two-tower model: query tower, candidate tower, optional time term and the task
 * list. Score(query, article, time) = query · candidate + timeTerm(age, trailing count).
 *
 * `trainStep` runs forward and backward and leaves the gradients in the tables and dense
 * parameters; the training loop applies the optimizer.
 */
export class TwoTowerModel {
  readonly query: QueryTower;
  readonly candidate: CandidateTower;
  readonly timeTerm: TimeTerm | null;
  readonly tasks: ModelTask[];

  private constructor(
    readonly config: TwoTowerConfig,
    readonly seed: number,
    readonly sizes: VocabularySizes,
    private readonly backend: MatmulBackend,
    private readonly disposeSoftmax: () => Promise<void>,
    retrieval: RetrievalTask,
  ) {
    // One stream, drawn in a fixed order, so the same seed gives the same initial weights.
    const rng = new Rng(seed);
    this.query = new QueryTower(config, sizes, rng, backend);
    this.candidate = new CandidateTower(config, sizes, rng, backend);
    this.timeTerm = config.timeTerm.enabled ? new TimeTerm(config.timeTerm) : null;
    this.tasks = [
      {
        name: retrieval.name,
        weight: 1,
        compute: (outputs, batch) =>
          retrieval.compute({
            query: outputs.query,
            candidate: outputs.candidate,
            batchSize: batch.query.size,
            numCandidates: batch.candidates.size,
            dim: config.dim,
            positives: batch.positives,
            samplingProbability: batch.samplingProbability,
            logitOffsets: outputs.logitOffsets,
          }),
      },
    ];
  }

  static async create(options: CreateModelOptions): Promise<TwoTowerModel> {
    const backend = await createMatmulBackend(options.matmulBackend ?? 'wasm');
    const softmax = await createInBatchSoftmax({
      implementation: options.softmaxImplementation ?? 'fused-wasm',
      threads: options.softmaxThreads,
    });
    const { config } = options;
    const retrieval = new RetrievalTask(
      { temperature: config.temperature, logQ: config.logQ, removeAccidentalHits: config.removeAccidentalHits },
      softmax,
    );
    return new TwoTowerModel(config, options.seed, options.sizes, backend, () => softmax.dispose(), retrieval);
  }

  /** Queries [batch.size x dim]. */
  embedQueries(batch: QueryBatch): Float32Array {
    return this.query.forward(batch);
  }

  /** Candidate embeddings [batch.size x dim]. */
  embedCandidates(batch: CandidateBatch): Float32Array {
    return this.candidate.forward(batch);
  }

  /**
   * Forward and backward over one batch; gradients are left for the optimizer. Returns the
   * weighted task loss summed over rows.
   */
  trainStep(batch: TrainingBatch): number {
    const rows = batch.query.size;
    const columns = batch.candidates.size;
    if (batch.positives.length !== rows) {
      throw new ModelError('MODEL_INVALID_DATA', `trainStep: ${batch.positives.length} positives for ${rows} query rows`);
    }
    const outputs: TowerOutputs = { query: this.query.forward(batch.query), candidate: this.candidate.forward(batch.candidates) };
    if (this.timeTerm !== null) {
      if (batch.timeCells === undefined || batch.timeCells.length !== rows * columns) {
        throw new ModelError('MODEL_INVALID_DATA', `trainStep: the time term needs timeCells of ${rows} x ${columns} entries`);
      }
      outputs.logitOffsets = this.timeTerm.forward(batch.timeCells, new Float32Array(rows * columns));
    }

    let loss = 0;
    const dQuery = new Float32Array(rows * this.config.dim);
    const dCandidate = new Float32Array(columns * this.config.dim);
    const dOffsets = outputs.logitOffsets === undefined ? undefined : new Float32Array(rows * columns);
    for (const task of this.tasks) {
      const result = task.compute(outputs, batch);
      loss += task.weight * result.loss;
      addScaled(dQuery, result.dQuery, task.weight);
      addScaled(dCandidate, result.dCandidate, task.weight);
      if (dOffsets !== undefined && result.dLogitOffsets !== undefined) addScaled(dOffsets, result.dLogitOffsets, task.weight);
    }

    this.query.backward(dQuery);
    this.candidate.backward(dCandidate);
    if (this.timeTerm !== null && dOffsets !== undefined) this.timeTerm.backward(batch.timeCells!, dOffsets);
    if (this.config.embeddingL2 > 0) this.addEmbeddingL2(this.config.embeddingL2);
    return loss;
  }

  /**
   * Adds λ · row to the gradient of every embedding row touched this step. The penalty is
   * left out of the returned loss, so losses stay comparable across λ.
   */
  private addEmbeddingL2(lambda: number): void {
    for (const table of this.namedTables().values()) {
      const { rows, values } = table.gradient();
      const dim = table.dim;
      for (let slot = 0; slot < rows.length; slot++) {
        const weightAt = rows[slot] * dim;
        const gradientAt = slot * dim;
        for (let j = 0; j < dim; j++) values[gradientAt + j] += lambda * table.weights[weightAt + j];
      }
    }
  }

  /** Every embedding table, by its saved name. */
  namedTables(): Map<string, EmbeddingTable> {
    const out = new Map<string, EmbeddingTable>();
    const add = (name: string, table: EmbeddingTable | null) => {
      if (table !== null) out.set(name, table);
    };
    add('query.user', this.query.userTable);
    add('query.history', this.query.historyTable);
    add('query.topics', this.query.topicTable);
    add('candidate.id', this.candidate.idTable);
    add('candidate.text', this.candidate.textTable);
    add('candidate.category', this.candidate.categoryTable);
    add('candidate.tags', this.candidate.tagTable);
    add('candidate.author', this.candidate.authorTable);
    return out;
  }

  /** Dense parameters: tower projections and the time-term tables. */
  denseParameters(): DenseParameter[] {
    return [...this.query.denseParameters(), ...this.candidate.denseParameters(), ...(this.timeTerm?.parameters() ?? [])];
  }

  /** Every weight by name, as live views (writing into `data` changes the model). */
  namedTensors(): Record<string, NamedTensor> {
    const out: Record<string, NamedTensor> = {};
    for (const [name, table] of this.namedTables()) out[name] = { shape: [table.rows, table.dim], data: table.weights };
    for (const parameter of this.denseParameters()) out[parameter.name] = { shape: [parameter.value.length], data: parameter.value };
    return out;
  }

  /** Copies every weight (for restoring the best epoch). */
  snapshotWeights(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const [name, tensor] of Object.entries(this.namedTensors())) out.set(name, tensor.data.slice());
    return out;
  }

  /** Writes weights back from `snapshotWeights` or a model file; every tensor must be present with its length. */
  restoreWeights(weights: ReadonlyMap<string, Float32Array>): void {
    for (const [name, tensor] of Object.entries(this.namedTensors())) {
      const saved = weights.get(name);
      if (saved === undefined || saved.length !== tensor.data.length) {
        throw new ModelError(
          'MODEL_FILE_INVALID',
          `Weight "${name}" is ${saved === undefined ? 'missing' : `${saved.length} values instead of ${tensor.data.length}`}; ` +
            'the weights do not belong to this model configuration, so retrain or re-copy the model.',
        );
      }
      tensor.data.set(saved);
    }
  }

  async dispose(): Promise<void> {
    await this.disposeSoftmax();
    this.backend.dispose();
  }
}

function addScaled(target: Float32Array, source: Float32Array, scale: number): void {
  for (let k = 0; k < target.length; k++) target[k] += scale * source[k];
}
