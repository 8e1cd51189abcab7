import { Worker } from 'node:worker_threads';

import { TensorError } from '../errors.js';

/**
 * Worker threads that run the in-batch softmax kernel on their share of the batch rows,
 * all on one shared wasm memory. Hand-off uses Atomics on a control block at the start of
 * that memory instead of postMessage, so a step costs two futex wake-ups per worker
 * instead of message serialisation.
 *
 * Control block (int32 units): worker w (1-based) owns the 32 words from w * 32:
 * +0 request count, +1 completed count, +2 stop flag, +3 error flag, +8 .. +27 the 20 kernel
 * arguments (arguments 15, 1/temperature, and 19, the temperature, stored as float32 bits).
 */
export const CONTROL_BYTES = 1024;
export const MAX_THREADS = CONTROL_BYTES / 128;
const WORDS_PER_WORKER = 32;
const KERNEL_ARGUMENTS = 20;
/** Positions of the kernel's f32 arguments; every other argument is an i32. */
const FLOAT_ARGUMENTS = new Set([15, 19]);
/** A worker that has not finished its rows after this long is treated as dead. */
const WORKER_TIMEOUT_MS = 60_000;

/** Runs inside each worker (CommonJS, evaluated from this string so dist/ and tests need no extra file). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, slot } = workerData;
const { softmaxRows } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const control = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
const floats = new Float32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
const base = slot * ${WORDS_PER_WORKER};
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(control, base, seen);
  seen = Atomics.load(control, base);
  if (Atomics.load(control, base + 2) !== 0) break;
  const a = base + 8;
  try {
    softmaxRows(control[a], control[a + 1], control[a + 2], control[a + 3], control[a + 4], control[a + 5],
      control[a + 6], control[a + 7], control[a + 8], control[a + 9], control[a + 10], control[a + 11],
      control[a + 12], control[a + 13], control[a + 14], floats[a + 15], control[a + 16], control[a + 17],
      control[a + 18], floats[a + 19]);
  } catch (error) {
    Atomics.store(control, base + 3, 1);
  }
  Atomics.store(control, base + 1, seen);
  Atomics.notify(control, base + 1);
}
`;

interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
}

export class RowWorkers {
  private readonly control: Int32Array;
  private readonly floats: Float32Array;

  private constructor(
    private readonly workers: Worker[],
    memory: SharedMemory,
  ) {
    this.control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    this.floats = new Float32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  }

  /** Starts `count` workers on the compiled kernel `module` and the shared `memory`. */
  static async start(count: number, module: unknown, memory: SharedMemory): Promise<RowWorkers> {
    const workers: Worker[] = [];
    try {
      for (let slot = 1; slot <= count; slot++) {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, slot } });
        // Idle workers block in Atomics.wait; unref lets the process exit without dispose().
        worker.unref();
        workers.push(worker);
        await new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        });
      }
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw new TensorError(
        'TENSOR_BACKEND_UNAVAILABLE',
        `FusedInBatchSoftmax: starting ${count} worker thread(s) failed; use threads: 1`,
        { cause: error },
      );
    }
    return new RowWorkers(workers, memory);
  }

  get count(): number {
    return this.workers.length;
  }

  /** Hands kernel arguments `args` (20 numbers) to worker `slot` (1-based) and wakes it. */
  dispatch(slot: number, args: number[]): void {
    const base = slot * WORDS_PER_WORKER;
    for (let j = 0; j < KERNEL_ARGUMENTS; j++) {
      if (FLOAT_ARGUMENTS.has(j)) this.floats[base + 8 + j] = args[j];
      else this.control[base + 8 + j] = args[j];
    }
    Atomics.add(this.control, base, 1);
    Atomics.notify(this.control, base);
  }

  /** Blocks until worker `slot` has finished its last dispatch; throws if it failed. */
  wait(slot: number): void {
    const base = slot * WORDS_PER_WORKER;
    const requested = Atomics.load(this.control, base);
    for (;;) {
      const done = Atomics.load(this.control, base + 1);
      if (done === requested) break;
      if (Atomics.wait(this.control, base + 1, done, WORKER_TIMEOUT_MS) === 'timed-out') {
        throw new TensorError(
          'TENSOR_BACKEND_UNAVAILABLE',
          `FusedInBatchSoftmax: worker ${slot} did not finish within ${WORKER_TIMEOUT_MS} ms; ` +
            `dispose this instance and create one with threads: 1`,
        );
      }
    }
    if (Atomics.exchange(this.control, base + 3, 0) !== 0) {
      throw new TensorError(
        'TENSOR_BACKEND_UNAVAILABLE',
        `FusedInBatchSoftmax: the kernel trapped in worker ${slot} (out-of-bounds memory access)`,
      );
    }
  }

  /** Stops and joins every worker. */
  async stop(): Promise<void> {
    for (let slot = 1; slot <= this.workers.length; slot++) {
      const base = slot * WORDS_PER_WORKER;
      Atomics.store(this.control, base + 2, 1);
      Atomics.add(this.control, base, 1);
      Atomics.notify(this.control, base);
    }
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
