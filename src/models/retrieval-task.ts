import type { InBatchSoftmax } from '../tensor/in-batch-softmax-variants.js';

/** Options of the retrieval task, each one step of the loss behind one flag. */
export interface RetrievalTaskOptions {
  /** Logits are (query · candidate) / temperature; must be > 0. */
  temperature: number;
  /** Subtract ln p_u (sampling probability of the candidate) from each logit. */
  logQ: boolean;
  /** Keep other copies of a row's positive out of its softmax. */
  removeAccidentalHits: boolean;
}

export interface RetrievalInputs {
  /** [batchSize x dim] query tower outputs. */
  query: Float32Array;
  /** [numCandidates x dim] candidate tower outputs of the distinct positives. */
  candidate: Float32Array;
  batchSize: number;
  numCandidates: number;
  dim: number;
  /** [batchSize] column of each row's positive. */
  positives: Int32Array;
  /** [numCandidates] share of training positives of each candidate; needed when logQ is on. */
  samplingProbability?: Float32Array;
  /**
   * [batchSize x numCandidates] additive logit terms that depend on row and candidate together
   * (the time term: candidate u's age and trailing popularity at row i's time). Added after
   * the temperature division.
   */
  logitOffsets?: Float32Array;
}

export interface RetrievalResult {
  /** Summed loss over the batch rows (natural log units). */
  loss: number;
  /** [batchSize x dim] */
  dQuery: Float32Array;
  /** [numCandidates x dim] */
  dCandidate: Float32Array;
  /** [batchSize x numCandidates] dLoss/dOffset, present when offsets were given. */
  dLogitOffsets?: Float32Array;
}

/**
 * The retrieval task: in-batch sampled softmax over the batch's distinct positives, with
 * temperature, logQ correction, accidental-hit removal and optional per-(row, candidate) logit
 * offsets (see src/tensor/in-batch-softmax.ts for the formulas). Loss reduction is 'sum' over
 * rows, as TensorFlow Recommenders does. The softmax implementation (by default the fused wasm
 * kernel) computes the loss and every gradient, the offsets' included, in one pass.
 */
export class RetrievalTask {
  readonly name = 'retrieval';

  constructor(
    readonly options: RetrievalTaskOptions,
    private readonly softmax: InBatchSoftmax,
  ) {}

  compute(inputs: RetrievalInputs): RetrievalResult {
    const { temperature, logQ, removeAccidentalHits } = this.options;
    if (logQ && inputs.samplingProbability === undefined) {
      throw new Error('RetrievalTask: logQ is on but no samplingProbability was passed');
    }
    const { logitOffsets, batchSize: rows, numCandidates: columns } = inputs;
    if (logitOffsets !== undefined && logitOffsets.length !== rows * columns) {
      throw new Error(`RetrievalTask: logitOffsets has ${logitOffsets.length} values, expected ${rows} x ${columns}`);
    }
    return this.softmax.loss(
      {
        query: inputs.query,
        candidate: inputs.candidate,
        batchSize: rows,
        numCandidates: columns,
        dim: inputs.dim,
        positives: inputs.positives,
        candidateSamplingProbability: logQ ? inputs.samplingProbability : undefined,
        logitOffsets,
      },
      { temperature, removeAccidentalHits, reduction: 'sum' },
    );
  }
}
