import { TensorError } from './errors.js';
import type { MatmulBackend } from './matmul.js';
import type { Rng } from './random.js';
import { checkMatrix, checkSize } from './shape.js';

/** A dense parameter and its gradient, both of the same length; what optimizers update. */
export interface DenseParameter {
  /** Name used in error messages and saved files, such as `query.dense0.weights`. */
  name: string;
  value: Float32Array;
  gradient: Float32Array;
}

export type Activation = 'linear' | 'relu';

export interface DenseOptions {
  /** Prefix of the parameter names (`<name>.weights`, `<name>.bias`). */
  name: string;
  inputDim: number;
  outputDim: number;
  /** Applied after the affine map (default 'linear'). */
  activation?: Activation;
  /** Source of the Glorot-uniform initial weights; the bias starts at 0. */
  rng: Rng;
  backend: MatmulBackend;
}

/**
 * Dense layer y = act(x·W + b), with x [n x inputDim], W [inputDim x outputDim], b [outputDim].
 *
 * `forward` keeps references to its input and output for `backward`, so the caller must not
 * overwrite `x` between the two calls. `backward` adds to the parameter gradients; an
 * optimizer step consumes and zeroes them.
 */
export class Dense {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly activation: Activation;
  readonly weights: DenseParameter;
  readonly bias: DenseParameter;

  private readonly backend: MatmulBackend;
  private lastInput: Float32Array | null = null;
  private lastOutput: Float32Array | null = null;
  private lastRows = 0;

  constructor(options: DenseOptions) {
    checkSize('Dense', 'inputDim', options.inputDim);
    checkSize('Dense', 'outputDim', options.outputDim);
    this.inputDim = options.inputDim;
    this.outputDim = options.outputDim;
    this.activation = options.activation ?? 'linear';
    this.backend = options.backend;

    // Glorot (Xavier) uniform keeps the activation variance roughly constant across layers.
    const limit = Math.sqrt(6 / (this.inputDim + this.outputDim));
    const weights = options.rng.fillUniform(new Float32Array(this.inputDim * this.outputDim), -limit, limit);
    this.weights = { name: `${options.name}.weights`, value: weights, gradient: new Float32Array(weights.length) };
    this.bias = {
      name: `${options.name}.bias`,
      value: new Float32Array(this.outputDim),
      gradient: new Float32Array(this.outputDim),
    };
  }

  parameters(): DenseParameter[] {
    return [this.weights, this.bias];
  }

  /** Returns y [rows x outputDim] for x [rows x inputDim]. */
  forward(x: Float32Array, rows: number): Float32Array {
    checkSize('Dense.forward', 'rows', rows, 0);
    checkMatrix('Dense.forward', 'x', x, rows, this.inputDim);
    const out = new Float32Array(rows * this.outputDim);
    this.backend.matmul(x, this.weights.value, rows, this.inputDim, this.outputDim, out);

    const bias = this.bias.value;
    const width = this.outputDim;
    for (let i = 0; i < rows; i++) {
      const base = i * width;
      for (let j = 0; j < width; j++) out[base + j] += bias[j];
    }
    if (this.activation === 'relu') {
      for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
    }

    this.lastInput = x;
    this.lastOutput = out;
    this.lastRows = rows;
    return out;
  }

  /**
   * Takes dLoss/dy [rows x outputDim] for the last `forward`, adds dW = xᵀ·dz and
   * db = column sums of dz to the gradients (dz = dy masked by ReLU), and returns
   * dLoss/dx = dz·Wᵀ [rows x inputDim].
   */
  backward(dy: Float32Array): Float32Array {
    if (this.lastInput === null || this.lastOutput === null) {
      throw new TensorError('TENSOR_INVALID_ARGUMENT', 'Dense.backward: call forward first');
    }
    const rows = this.lastRows;
    checkMatrix('Dense.backward', 'dy', dy, rows, this.outputDim);

    // ReLU passes gradient only where its output was positive (the subgradient at 0 is 0).
    let dz = dy;
    if (this.activation === 'relu') {
      dz = new Float32Array(dy.length);
      const y = this.lastOutput;
      for (let i = 0; i < dy.length; i++) dz[i] = y[i] > 0 ? dy[i] : 0;
    }

    this.backend.matmul(this.lastInput, dz, this.inputDim, rows, this.outputDim, this.weights.gradient, {
      transposeA: true,
      accumulate: true,
    });

    const biasGradient = this.bias.gradient;
    const width = this.outputDim;
    for (let i = 0; i < rows; i++) {
      const base = i * width;
      for (let j = 0; j < width; j++) biasGradient[j] += dz[base + j];
    }

    const dx = new Float32Array(rows * this.inputDim);
    this.backend.matmul(dz, this.weights.value, rows, this.outputDim, this.inputDim, dx, { transposeB: true });
    return dx;
  }
}
