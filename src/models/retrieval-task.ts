import { prepareSoftmaxTerms, softmaxRowInPlace } from '../tensor/in-batch-softmax.js';
import type { InBatchSoftmax } from '../tensor/in-batch-softmax-variants.js';
import type { MatmulBackend } from '../tensor/matmul.js';

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
 * temperature, logQ correction and accidental-hit removal (see src/tensor/in-batch-softmax.ts
 * for the formulas). Loss reduction is 'sum' over rows, as TensorFlow Recommenders does.
 *
 * Without logit offsets the fused wasm kernel computes everything in one pass. With offsets
 * (the time term), the kernel cannot add a per-(row, candidate) term, so the task computes
 * scores = Q·Cᵀ on the matmul backend, adds the offsets, runs the shared softmax row function
 * and forms dQuery = G·C and dCandidate = Gᵀ·Q. dOffset_iu = T · G_iu because the offsets enter
 * after the division by the temperature T.
 * TODO: an offsets input in the fused kernel would remove the three separate products.
 */
export class RetrievalTask {
  readonly name = 'retrieval';

  constructor(
    readonly options: RetrievalTaskOptions,
    private readonly softmax: InBatchSoftmax,
    private readonly backend: MatmulBackend,
  ) {}

  compute(inputs: RetrievalInputs): RetrievalResult {
    const { temperature, logQ, removeAccidentalHits } = this.options;
    const softmaxInputs = {
      query: inputs.query,
      candidate: inputs.candidate,
      batchSize: inputs.batchSize,
      numCandidates: inputs.numCandidates,
      dim: inputs.dim,
      positives: inputs.positives,
      candidateSamplingProbability: logQ ? inputs.samplingProbability : undefined,
    };
    if (logQ && inputs.samplingProbability === undefined) {
      throw new Error('RetrievalTask: logQ is on but no samplingProbability was passed');
    }
    const softmaxOptions = { temperature, removeAccidentalHits, reduction: 'sum' as const };
    if (inputs.logitOffsets === undefined) return this.softmax.loss(softmaxInputs, softmaxOptions);

    const terms = prepareSoftmaxTerms(softmaxInputs, softmaxOptions);
    const { batchSize: rows, numCandidates: columns, dim, query, candidate, logitOffsets } = inputs;
    if (logitOffsets.length !== rows * columns) {
      throw new Error(`RetrievalTask: logitOffsets has ${logitOffsets.length} values, expected ${rows} x ${columns}`);
    }
    const scores = new Float32Array(rows * columns);
    this.backend.matmul(query, candidate, rows, dim, columns, scores, { transposeB: true });
    // softmaxRowInPlace multiplies by 1/T, so an offset enters as T·offset to come out unscaled.
    for (let k = 0; k < scores.length; k++) scores[k] += temperature * logitOffsets[k];

    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const row = scores.subarray(i * columns, (i + 1) * columns);
      loss += terms.rowScale[i] * softmaxRowInPlace(row, inputs.positives[i], terms.rowScale[i], terms);
    }

    const dQuery = new Float32Array(rows * dim);
    this.backend.matmul(scores, candidate, rows, columns, dim, dQuery);
    const dCandidate = new Float32Array(columns * dim);
    this.backend.matmul(scores, query, columns, rows, dim, dCandidate, { transposeA: true });
    const dLogitOffsets = scores;
    for (let k = 0; k < dLogitOffsets.length; k++) dLogitOffsets[k] *= temperature;
    return { loss, dQuery, dCandidate, dLogitOffsets };
  }
}
