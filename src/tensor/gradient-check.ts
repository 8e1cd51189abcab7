import { TensorError } from './errors.js';

/**
 * Finite-difference check of hand-written gradients: the one helper every backward-pass test
 * goes through.
 *
 * Each checked entry x_j is nudged by ±h in place and the loss re-evaluated. The numeric
 * derivative is the central difference (L(x⁺) - L(x⁻)) / (x⁺ - x⁻), where x⁺ and x⁻ are the
 * values actually stored. For a Float32Array those differ from x_j ± h by rounding, so dividing
 * by the stored difference removes that error. The loss is a JS number (float64), but ops that
 * store float32 intermediates limit agreement to about 1e-3 relative, which the default
 * tolerances allow for.
 */
export interface GradientCheckTarget {
  /** Name in the report, such as `dQuery`. */
  name: string;
  /** The input the loss reads; entries are perturbed in place and restored. */
  values: Float32Array | Float64Array;
  /** Hand-written dLoss/dvalues, same length as `values`. */
  analytic: ArrayLike<number>;
}

export interface GradientCheckOptions {
  /**
   * Step h (default 1e-2). The float32 rounding of the loss contributes about 1e-7·|L| / h
   * error and truncation about h²·|L'''|, so 1e-2 balances them for float32 ops.
   */
  epsilon?: number;
  /** Allowed |analytic - numeric| / max(|analytic|, |numeric|) above `absoluteTolerance` (default 1e-2). */
  relativeTolerance?: number;
  /** Differences below this pass whatever their relative size (default 1e-4). */
  absoluteTolerance?: number;
}

export interface GradientMismatch {
  target: string;
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradientCheckReport {
  /** Number of entries compared. */
  checked: number;
  /** Largest |analytic - numeric| / (absoluteTolerance + relativeTolerance·max(|a|, |n|)); passes when <= 1. */
  worstRatio: number;
  /** Every entry over tolerance, in target order. */
  mismatches: GradientMismatch[];
}

/**
 * Compares each target's analytic gradient with central differences of `loss()`, which must
 * recompute the loss from the current contents of every `values` array.
 */
export function checkGradients(
  loss: () => number,
  targets: GradientCheckTarget[],
  options: GradientCheckOptions = {},
): GradientCheckReport {
  const epsilon = options.epsilon ?? 1e-2;
  const relativeTolerance = options.relativeTolerance ?? 1e-2;
  const absoluteTolerance = options.absoluteTolerance ?? 1e-4;
  if (!(epsilon > 0)) {
    throw new TensorError('TENSOR_INVALID_ARGUMENT', `checkGradients: epsilon must be > 0, got ${epsilon}`);
  }

  const report: GradientCheckReport = { checked: 0, worstRatio: 0, mismatches: [] };
  for (const target of targets) {
    if (target.analytic.length !== target.values.length) {
      throw new TensorError(
        'TENSOR_SHAPE_MISMATCH',
        `checkGradients: ${target.name} has ${target.values.length} values but ${target.analytic.length} gradient entries`,
      );
    }
    const values = target.values;
    for (let j = 0; j < values.length; j++) {
      const original = values[j];
      values[j] = original + epsilon;
      const plus = values[j];
      const lossPlus = loss();
      values[j] = original - epsilon;
      const minus = values[j];
      const lossMinus = loss();
      values[j] = original;

      const numeric = (lossPlus - lossMinus) / (plus - minus);
      const analytic = target.analytic[j];
      const allowed = absoluteTolerance + relativeTolerance * Math.max(Math.abs(analytic), Math.abs(numeric));
      const ratio = Math.abs(analytic - numeric) / allowed;
      report.checked++;
      if (!(ratio <= 1)) report.mismatches.push({ target: target.name, index: j, analytic, numeric });
      if (!(ratio <= report.worstRatio)) report.worstRatio = ratio;
    }
  }
  return report;
}
