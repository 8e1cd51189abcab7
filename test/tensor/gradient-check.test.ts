import { describe, expect, it } from 'vitest';

import { checkGradients } from '../../src/tensor/index.js';

describe('checkGradients', () => {
  it('accepts the gradient of a known function', () => {
    // L = x0² · x1 + sin(x2): dL/dx = [2·x0·x1, x0², cos(x2)] = [-6, 9, cos 0.5].
    const x = Float64Array.of(3, -1, 0.5);
    const loss = (): number => x[0] * x[0] * x[1] + Math.sin(x[2]);
    const report = checkGradients(loss, [{ name: 'x', values: x, analytic: [-6, 9, Math.cos(0.5)] }]);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toBe(3);
    expect(Array.from(x)).toEqual([3, -1, 0.5]);
  });

  it('reports a wrong entry', () => {
    const x = Float32Array.of(3, -1);
    const loss = (): number => x[0] * x[0] * x[1];
    const report = checkGradients(loss, [{ name: 'x', values: x, analytic: [-6, 8] }]);
    expect(report.mismatches).toHaveLength(1);
    expect(report.mismatches[0].target).toBe('x');
    expect(report.mismatches[0].index).toBe(1);
    expect(report.mismatches[0].numeric).toBeCloseTo(9, 3);
    expect(report.worstRatio).toBeGreaterThan(1);
  });
});
