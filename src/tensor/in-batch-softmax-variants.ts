import { TensorError } from './errors.js';
import {
  inBatchSoftmaxLoss,
  type InBatchSoftmaxInputs,
  type InBatchSoftmaxOptions,
  type InBatchSoftmaxResult,
} from './in-batch-softmax.js';
import { FusedInBatchSoftmax } from './in-batch-softmax-fused.js';
import { createMatmulBackend } from './matmul.js';

/**
 * One way of computing the in-batch softmax loss and its gradients. Every implementation
 * takes the same inputs and returns the same result to float32 rounding; they differ in
 * speed only (bench/tensor-step.ts measures them).
 */
export interface InBatchSoftmax {
  readonly implementation: InBatchSoftmaxImplementation;
  loss(inputs: InBatchSoftmaxInputs, options?: InBatchSoftmaxOptions): InBatchSoftmaxResult;
  /** Releases worker threads and native memory. */
  dispose(): Promise<void>;
}

/**
 * - 'fused-wasm': the hand-written wasm SIMD kernel, optionally on several threads (default).
 * - 'matmul-wasm': three products on @tensorflow/tfjs-backend-wasm plus a JS softmax.
 * - 'matmul-js': three products on the plain-JS reference backend (tests and debugging).
 */
export type InBatchSoftmaxImplementation = 'fused-wasm' | 'matmul-wasm' | 'matmul-js';

export interface CreateInBatchSoftmaxOptions {
  /** Default 'fused-wasm', the fastest in bench/tensor-step.ts. */
  implementation?: InBatchSoftmaxImplementation;
  /** Threads for 'fused-wasm' (default 1); see `FusedInBatchSoftmaxOptions.threads`. */
  threads?: number;
  /** Fused multiply-add build for 'fused-wasm' (default true); see `FusedInBatchSoftmaxOptions.fma`. */
  fma?: boolean;
}

/** Creates and initialises the requested implementation. */
export async function createInBatchSoftmax(options: CreateInBatchSoftmaxOptions = {}): Promise<InBatchSoftmax> {
  const implementation = options.implementation ?? 'fused-wasm';
  switch (implementation) {
    case 'fused-wasm': {
      const fused = await FusedInBatchSoftmax.create({ threads: options.threads ?? 1, fma: options.fma });
      return {
        implementation,
        loss: (inputs, lossOptions) => fused.loss(inputs, lossOptions),
        dispose: () => fused.dispose(),
      };
    }
    case 'matmul-wasm':
    case 'matmul-js': {
      const backend = await createMatmulBackend(implementation === 'matmul-wasm' ? 'wasm' : 'js');
      return {
        implementation,
        loss: (inputs, lossOptions) => inBatchSoftmaxLoss(backend, inputs, lossOptions),
        dispose: async () => backend.dispose(),
      };
    }
    default:
      throw new TensorError(
        'TENSOR_INVALID_ARGUMENT',
        `createInBatchSoftmax: unknown implementation '${String(implementation)}'; ` +
          `use 'fused-wasm', 'matmul-wasm' or 'matmul-js'`,
      );
  }
}
