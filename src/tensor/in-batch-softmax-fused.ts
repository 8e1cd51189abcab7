import { TensorError } from './errors.js';
import {
  prepareSoftmaxTerms,
  type InBatchSoftmaxInputs,
  type InBatchSoftmaxOptions,
  type InBatchSoftmaxResult,
} from './in-batch-softmax.js';
import { WASM_BASE64, WASM_FMA_BASE64 } from './kernels/in-batch-softmax-wasm.js';
import { CONTROL_BYTES, MAX_THREADS, RowWorkers } from './kernels/row-workers.js';
import { kernelBytes, MAX_PAGES, PAGE_BYTES, wasmApi, type KernelVariant, type WasmMemory } from './kernels/wasm-runtime.js';

export interface FusedInBatchSoftmaxOptions {
  /**
   * Threads that split the batch rows: the calling thread plus threads - 1 workers
   * (default 1, at most 8). Each thread does about 1/threads of the arithmetic, but a step
   * then waits for the slowest thread, so extra threads pay off only on otherwise idle cores.
   * On the 2-core benchmark machine, 2 threads ran the kernel 1.75 times faster when idle,
   * and slower than 1 thread while other jobs kept both cores busy.
   */
  threads?: number;
  /**
   * Whether to run the fused multiply-add build of the kernel where the runtime has relaxed
   * SIMD (default true). It was about 18% faster on the benchmark machine, and its results
   * differ from the portable build's in the last bits. Node 20 and 21 keep relaxed SIMD
   * behind --experimental-wasm-relaxed-simd, so `create` turns that V8 flag on for the
   * process when the module does not validate without it. If it still does not validate,
   * the portable build runs. `false` always runs the portable build.
   */
  fma?: boolean;
}

export type FusedKernelVariant = KernelVariant;

/**
 * The in-batch softmax of in-batch-softmax.ts as one hand-written wasm SIMD kernel
 * (kernels/in-batch-softmax.wat). Per block of four rows it computes the logits, the softmax,
 * the gradient rows and both products while the candidates stay in cache, instead of three
 * separate matrix products with a [B x U] matrix written and read between them. Same inputs,
 * options and result as `inBatchSoftmaxLoss`; results agree to float32 rounding (the
 * kernel's exp has about 2e-7 relative error).
 *
 * Inputs are copied into the kernel's memory on each call (about 0.4 MB at B = 1024, d = 64,
 * plus 4·B·U bytes each way for logit offsets and their gradient), and a dim that is not a
 * multiple of 8 is zero-padded on the way in. Not reentrant: one call at a time per instance.
 */
export class FusedInBatchSoftmax {
  readonly threads: number;
  private disposed = false;

  private constructor(
    /** Build of the kernel that runs: 'fma' (relaxed SIMD) or 'portable'. */
    readonly variant: FusedKernelVariant,
    private readonly memory: WasmMemory,
    private readonly softmaxRows: (...args: number[]) => void,
    private readonly packPanels: (candidate: number, panels: number, numCandidates: number, dim: number) => void,
    private readonly workers: RowWorkers | null,
  ) {
    this.threads = 1 + (workers?.count ?? 0);
  }

  /** Compiles the kernel and starts the workers; fails on a runtime without wasm SIMD or threads. */
  static async create(options: FusedInBatchSoftmaxOptions = {}): Promise<FusedInBatchSoftmax> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new TensorError(
        'TENSOR_INVALID_ARGUMENT',
        `FusedInBatchSoftmax: threads must be an integer in [1, ${MAX_THREADS}], got ${threads}`,
      );
    }
    const { bytes, variant } = kernelBytes(WASM_BASE64, WASM_FMA_BASE64, options.fma);
    let memory: WasmMemory;
    let module: unknown;
    let exports: Record<string, unknown>;
    try {
      memory = new wasmApi.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      module = await wasmApi.compile(bytes);
      exports = (await wasmApi.instantiate(module, { env: { memory } })).exports;
    } catch (error) {
      throw new TensorError(
        'TENSOR_BACKEND_UNAVAILABLE',
        `FusedInBatchSoftmax: the wasm SIMD kernel failed to compile on Node ${process.version}; ` +
          `use inBatchSoftmaxLoss with a matmul backend instead`,
        { cause: error },
      );
    }
    // The memory was created with shared: true, so its buffer is a SharedArrayBuffer.
    const workers = threads > 1 ? await RowWorkers.start(threads - 1, module, memory as { buffer: SharedArrayBuffer }) : null;
    return new FusedInBatchSoftmax(
      variant,
      memory,
      exports.softmaxRows as (...args: number[]) => void,
      exports.packPanels as (candidate: number, panels: number, numCandidates: number, dim: number) => void,
      workers,
    );
  }

  /** See `inBatchSoftmaxLoss` for shapes, options and the formulas. */
  loss(inputs: InBatchSoftmaxInputs, options: InBatchSoftmaxOptions = {}): InBatchSoftmaxResult {
    if (this.disposed) {
      throw new TensorError('TENSOR_INVALID_ARGUMENT', 'FusedInBatchSoftmax.loss: called after dispose(); create a new instance');
    }
    const terms = prepareSoftmaxTerms(inputs, options);
    const { batchSize, numCandidates, dim } = inputs;
    // The kernel runs whole blocks of four rows; padding rows have weight 0 and are dropped.
    const paddedBatch = (batchSize + 3) & ~3;
    const paddedDim = (dim + 7) & ~7;
    // The logits tile covers eight candidates, so panels and scratch round U up to 8.
    const paddedCandidates = (numCandidates + 7) & ~7;
    const threads = this.threads;

    // Byte layout of one call after the control block; every block starts on 16 bytes.
    let end = CONTROL_BYTES;
    const block = (floats: number): number => {
      const start = end;
      end += Math.ceil((floats * 4) / 16) * 16;
      return start;
    };
    const query = block(paddedBatch * paddedDim);
    const candidate = block(numCandidates * paddedDim);
    const panels = block(paddedCandidates * paddedDim);
    const bias = block(paddedCandidates);
    const logMultiplicity = block(numCandidates);
    const positives = block(paddedBatch);
    const rowScale = block(paddedBatch);
    const dQuery = block(paddedBatch * paddedDim);
    const stats = block(paddedBatch * 3);
    // A pointer of 0 means no offsets: no data block starts there, because the control block does.
    const withOffsets = inputs.logitOffsets !== undefined;
    // 8 floats of slack: the last row's final tile reads past U.
    const offsets = withOffsets ? block(paddedBatch * numCandidates + 8) : 0;
    const dOffsets = withOffsets ? block(paddedBatch * numCandidates) : 0;
    // Per thread: its own dCandidate sum and the logits of one block of four rows.
    const dCandidates: number[] = [];
    const scratches: number[] = [];
    for (let t = 0; t < threads; t++) {
      dCandidates.push(block(numCandidates * paddedDim));
      scratches.push(block(4 * paddedCandidates));
    }
    this.ensureBytes(end);

    const heap = new Float32Array(this.memory.buffer);
    writeRows(heap, query, inputs.query, batchSize, dim, paddedDim);
    heap.fill(0, query / 4 + batchSize * paddedDim, query / 4 + paddedBatch * paddedDim);
    writeRows(heap, candidate, inputs.candidate, numCandidates, dim, paddedDim);
    heap.set(terms.columnBias, bias / 4);
    heap.fill(0, bias / 4 + numCandidates, bias / 4 + paddedCandidates);
    heap.set(terms.logMultiplicity, logMultiplicity / 4);
    const integers = new Int32Array(this.memory.buffer);
    integers.set(inputs.positives, positives / 4);
    integers.fill(0, positives / 4 + batchSize, positives / 4 + paddedBatch);
    heap.set(terms.rowScale, rowScale / 4);
    heap.fill(0, rowScale / 4 + batchSize, rowScale / 4 + paddedBatch);
    for (const at of dCandidates) heap.fill(0, at / 4, at / 4 + numCandidates * paddedDim);
    if (inputs.logitOffsets !== undefined) {
      // Padding rows get zero offsets: stale memory could hold a NaN, and 0 · NaN is still NaN.
      heap.set(inputs.logitOffsets, offsets / 4);
      heap.fill(0, offsets / 4 + batchSize * numCandidates, offsets / 4 + paddedBatch * numCandidates + 8);
    }
    this.packPanels(candidate, panels, numCandidates, paddedDim);

    // Contiguous row ranges of whole four-row blocks, one per thread.
    const argsFor = (t: number): number[] => {
      const rowsPerThread = Math.ceil(paddedBatch / threads / 4) * 4;
      const first = Math.min(paddedBatch, t * rowsPerThread);
      const last = Math.min(paddedBatch, first + rowsPerThread);
      return [
        query, candidate, panels, bias, logMultiplicity, positives, rowScale, dQuery, dCandidates[t], scratches[t], stats,
        first, last, numCandidates, paddedDim, terms.inverseTemperature, terms.removeAccidentalHits ? 1 : 0,
        offsets, dOffsets, terms.temperature,
      ];
    };
    for (let t = 1; t < threads; t++) this.workers!.dispatch(t, argsFor(t));
    this.softmaxRows(...argsFor(0));
    for (let t = 1; t < threads; t++) this.workers!.wait(t);

    // Row loss = max + ln(total) - label, summed in float64.
    let loss = 0;
    for (let i = 0; i < batchSize; i++) {
      const at = stats / 4 + 3 * i;
      loss += terms.rowScale[i] * (heap[at] + Math.log(heap[at + 1]) - heap[at + 2]);
    }
    const dCandidate = readRows(heap, dCandidates[0], numCandidates, dim, paddedDim);
    for (let t = 1; t < threads; t++) {
      const part = readRows(heap, dCandidates[t], numCandidates, dim, paddedDim);
      for (let j = 0; j < dCandidate.length; j++) dCandidate[j] += part[j];
    }
    const result: InBatchSoftmaxResult = { loss, dQuery: readRows(heap, dQuery, batchSize, dim, paddedDim), dCandidate };
    if (withOffsets) result.dLogitOffsets = heap.slice(dOffsets / 4, dOffsets / 4 + batchSize * numCandidates);
    return result;
  }

  /** Stops the worker threads; the instance is unusable afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.workers?.stop();
  }

  private ensureBytes(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing <= 0) return;
    const pages = Math.ceil(missing / PAGE_BYTES);
    if (this.memory.buffer.byteLength / PAGE_BYTES + pages > MAX_PAGES) {
      throw new TensorError(
        'TENSOR_INVALID_ARGUMENT',
        `FusedInBatchSoftmax: this batch needs ${bytes} bytes of kernel memory, above the 1 GiB limit; ` +
          `use a smaller batch or fewer candidates`,
      );
    }
    this.memory.grow(pages);
  }
}

/** Copies `rows` rows of width `dim` into the heap at byte `at`, each padded to `paddedDim`. */
function writeRows(heap: Float32Array, at: number, source: Float32Array, rows: number, dim: number, paddedDim: number): void {
  const base = at / 4;
  if (dim === paddedDim) {
    heap.set(source, base);
    return;
  }
  heap.fill(0, base, base + rows * paddedDim);
  for (let r = 0; r < rows; r++) heap.set(source.subarray(r * dim, (r + 1) * dim), base + r * paddedDim);
}

function readRows(heap: Float32Array, at: number, rows: number, dim: number, paddedDim: number): Float32Array {
  const base = at / 4;
  if (dim === paddedDim) return heap.slice(base, base + rows * dim);
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) out.set(heap.subarray(base + r * paddedDim, base + r * paddedDim + dim), r * dim);
  return out;
}
