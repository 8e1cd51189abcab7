/**
 * The one JSON line each training peer prints on stdout, and the loss summary in it.
 * pytorch_peer.py prints the same fields; the schema is the contract between them and the
 * runner.
 */
import { z } from 'zod';

/** Steps averaged at each end of the run for the first/last loss means. */
export const LOSS_WINDOW_STEPS = 50;

export const PeerResultSchema = z.object({
  peer: z.string(),
  /** Framework and version, e.g. "torch 1.13.0a0" or "@tensorflow/tfjs 4.22.0". */
  framework: z.string(),
  /** Framework backend: "cpu" (torch CPU or tfjs pure-JS kernels) or "wasm". */
  backend: z.string(),
  /** Embedding gradient: "sparse" (torch), "autograd" (tfjs's own gather gradient) or "scatter" (scatterND custom gradient). */
  embeddingGradient: z.enum(['sparse', 'autograd', 'scatter']),
  data: z.string(),
  examplesPerEpoch: z.number().int().positive(),
  users: z.number().int().positive(),
  articles: z.number().int().positive(),
  dim: z.number().int().positive(),
  batch: z.number().int().positive(),
  epochs: z.number().int().positive(),
  seed: z.number().int(),
  initStd: z.number().nonnegative(),
  stepsPerEpoch: z.number().int().positive(),
  stepsRun: z.number().int().positive(),
  examplesRun: z.number().int().positive(),
  /** True when --max-steps stopped the run early and secondsPerEpoch is extrapolated. */
  extrapolated: z.boolean(),
  /** Wall-clock seconds of the training steps, data loading and table init excluded. */
  trainSeconds: z.number().positive(),
  /**
   * CPU seconds (user + system, all threads) the process spent in the training steps. Well below
   * trainSeconds × threads means the peer waited for cores that other processes held.
   */
  trainCpuSeconds: z.number().nonnegative(),
  /** Measured (or, when extrapolated, estimated from examplesPerSecond) seconds per epoch. */
  secondsPerEpoch: z.number().positive(),
  examplesPerSecond: z.number().positive(),
  /**
   * Mean loss of the first and last min(50, stepsRun) steps, and the last step's loss. A step's
   * loss is the optimised batch sum divided by the batch size.
   */
  lossFirst50Mean: z.number(),
  lossLast50Mean: z.number(),
  lossFinal: z.number(),
  lossWindowSteps: z.number().int().positive(),
  /** Peak resident set size of the peer process in MiB. */
  peakRssMiB: z.number().positive(),
  threads: z.number().int().positive(),
  /** Matrix-multiply library that ran the matmuls, as detected at run time. */
  blas: z.string(),
  loadSeconds: z.number().nonnegative(),
  /** 1-minute load average of the machine when training started; above the core count means contention. */
  loadAverage1m: z.number().nonnegative(),
  note: z.string(),
  /** Threading variables (OMP_WAIT_POLICY, OMP_NUM_THREADS, ...) that were set for the peer, if any. */
  environment: z.record(z.string(), z.string()).optional(),
  /** Loss of every step, present only with --trace-losses. */
  losses: z.array(z.number()).optional(),
});

export type PeerResult = z.infer<typeof PeerResultSchema>;

/** Printed instead of a result when a peer cannot run here, with the reason. */
export const PeerSkippedSchema = z.object({
  peer: z.string(),
  skipped: z.string(),
});

export type PeerSkipped = z.infer<typeof PeerSkippedSchema>;

export interface LossSummary {
  lossFirst50Mean: number;
  lossLast50Mean: number;
  lossFinal: number;
  lossWindowSteps: number;
}

/** Summarises per-step losses; with fewer than 100 steps the two windows overlap. */
export function summarizeLosses(losses: ArrayLike<number>): LossSummary {
  if (losses.length === 0) {
    throw new RangeError('summarizeLosses: no steps were run, so there is no loss to summarise.');
  }
  const window = Math.min(LOSS_WINDOW_STEPS, losses.length);
  let first = 0;
  let last = 0;
  for (let i = 0; i < window; i++) {
    first += losses[i]!;
    last += losses[losses.length - window + i]!;
  }
  return {
    lossFirst50Mean: first / window,
    lossLast50Mean: last / window,
    lossFinal: losses[losses.length - 1]!,
    lossWindowSteps: window,
  };
}
