import type { DenseParameter } from './dense.js';
import type { EmbeddingTable } from './embedding.js';
import { TensorError } from './errors.js';

/**
 * Optimizers for dense parameters and sparse embedding rows. `applyDense` and `applySparse`
 * consume the gradient: they update the weights and zero (dense) or clear (sparse) it, so a
 * training step is forward, backward, apply. State (accumulators, moments) is created on first
 * use per parameter and per table.
 */
export interface Optimizer {
  readonly name: 'adagrad' | 'adam';
  applyDense(parameter: DenseParameter): void;
  /** Updates only the rows in the table's gradient, then clears it. */
  applySparse(table: EmbeddingTable): void;
}

export interface AdagradOptions {
  /** Default 0.1, as in TensorFlow Recommenders' examples. */
  learningRate?: number;
  /** Starting value of every squared-gradient accumulator (default 0.1, as in TensorFlow). */
  initialAccumulator?: number;
  /** Added to the root of the accumulator (default 1e-7, as in Keras). */
  epsilon?: number;
}

export interface AdamOptions {
  /** Default 0.001. */
  learningRate?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7, as in Keras. */
  epsilon?: number;
}

function checkPositive(op: string, name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new TensorError('TENSOR_INVALID_ARGUMENT', `${op}: ${name} must be a finite number > 0, got ${value}`);
  }
}

function checkBeta(op: string, name: string, value: number): void {
  if (!(value >= 0 && value < 1)) {
    throw new TensorError('TENSOR_INVALID_ARGUMENT', `${op}: ${name} must be in [0, 1), got ${value}`);
  }
}

/**
 * Adagrad: accumulator += g²; w -= lr · g / (√accumulator + ε).
 * For tables, rows outside the batch keep their weights and accumulators untouched, which is
 * exactly what dense Adagrad does for a zero gradient.
 */
export class Adagrad implements Optimizer {
  readonly name = 'adagrad' as const;
  readonly learningRate: number;
  readonly initialAccumulator: number;
  readonly epsilon: number;
  private readonly accumulators = new Map<object, Float32Array>();

  constructor(options: AdagradOptions = {}) {
    this.learningRate = options.learningRate ?? 0.1;
    this.initialAccumulator = options.initialAccumulator ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
    checkPositive('Adagrad', 'learningRate', this.learningRate);
    checkPositive('Adagrad', 'initialAccumulator', this.initialAccumulator);
    checkPositive('Adagrad', 'epsilon', this.epsilon);
  }

  private accumulatorFor(key: object, length: number): Float32Array {
    let accumulator = this.accumulators.get(key);
    if (accumulator === undefined) {
      accumulator = new Float32Array(length).fill(this.initialAccumulator);
      this.accumulators.set(key, accumulator);
    }
    return accumulator;
  }

  applyDense(parameter: DenseParameter): void {
    const { value, gradient } = parameter;
    const accumulator = this.accumulatorFor(parameter, value.length);
    this.update(value, gradient, accumulator, 0, 0, value.length);
    gradient.fill(0);
  }

  applySparse(table: EmbeddingTable): void {
    const accumulator = this.accumulatorFor(table, table.weights.length);
    const { rows, values } = table.gradient();
    const dim = table.dim;
    for (let slot = 0; slot < rows.length; slot++) {
      this.update(table.weights, values, accumulator, rows[slot] * dim, slot * dim, dim);
    }
    table.clearGradient();
  }

  /** Updates `count` entries: weights/accumulator from `at`, gradient from `gradientAt`. */
  private update(
    weights: Float32Array,
    gradient: Float32Array,
    accumulator: Float32Array,
    at: number,
    gradientAt: number,
    count: number,
  ): void {
    const lr = this.learningRate;
    const epsilon = this.epsilon;
    for (let j = 0; j < count; j++) {
      const g = gradient[gradientAt + j];
      const sum = accumulator[at + j] + g * g;
      accumulator[at + j] = sum;
      weights[at + j] -= (lr * g) / (Math.sqrt(sum) + epsilon);
    }
  }
}

interface AdamState {
  m: Float32Array;
  v: Float32Array;
  /** Number of updates applied to this parameter or table so far. */
  step: number;
}

/**
 * Adam with bias correction: m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g²,
 * w -= lr · m̂ / (√v̂ + ε) with m̂ = m/(1-β1^t), v̂ = v/(1-β2^t).
 *
 * For tables this is lazy Adam (as TensorFlow Addons' LazyAdam): only rows in the batch update
 * their moments and weights, and an absent row's moments do not decay. `t` counts the calls for
 * that parameter or table, so it equals the training step when each is applied once per step.
 */
export class Adam implements Optimizer {
  readonly name = 'adam' as const;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly states = new Map<object, AdamState>();

  constructor(options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? 0.001;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    checkPositive('Adam', 'learningRate', this.learningRate);
    checkBeta('Adam', 'beta1', this.beta1);
    checkBeta('Adam', 'beta2', this.beta2);
    checkPositive('Adam', 'epsilon', this.epsilon);
  }

  private stateFor(key: object, length: number): AdamState {
    let state = this.states.get(key);
    if (state === undefined) {
      state = { m: new Float32Array(length), v: new Float32Array(length), step: 0 };
      this.states.set(key, state);
    }
    return state;
  }

  applyDense(parameter: DenseParameter): void {
    const state = this.stateFor(parameter, parameter.value.length);
    state.step++;
    this.update(parameter.value, parameter.gradient, state, 0, 0, parameter.value.length);
    parameter.gradient.fill(0);
  }

  applySparse(table: EmbeddingTable): void {
    const state = this.stateFor(table, table.weights.length);
    state.step++;
    const { rows, values } = table.gradient();
    const dim = table.dim;
    for (let slot = 0; slot < rows.length; slot++) {
      this.update(table.weights, values, state, rows[slot] * dim, slot * dim, dim);
    }
    table.clearGradient();
  }

  private update(
    weights: Float32Array,
    gradient: Float32Array,
    state: AdamState,
    at: number,
    gradientAt: number,
    count: number,
  ): void {
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - Math.pow(beta1, state.step);
    const correction2 = 1 - Math.pow(beta2, state.step);
    const { m, v } = state;
    for (let j = 0; j < count; j++) {
      const g = gradient[gradientAt + j];
      const mj = beta1 * m[at + j] + (1 - beta1) * g;
      const vj = beta2 * v[at + j] + (1 - beta2) * g * g;
      m[at + j] = mj;
      v[at + j] = vj;
      weights[at + j] -= (this.learningRate * (mj / correction1)) / (Math.sqrt(vj / correction2) + epsilon);
    }
  }
}
