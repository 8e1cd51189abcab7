import { beforeAll, describe, expect, it } from 'vitest';

import { checkGradients, createMatmulBackend, Dense, Rng, type MatmulBackend } from '../../src/tensor/index.js';

let backend: MatmulBackend;

beforeAll(async () => {
  backend = await createMatmulBackend('js');
});

describe('Dense', () => {
  it('computes x·W + b then ReLU', () => {
    const layer = new Dense({ name: 'd', inputDim: 2, outputDim: 2, activation: 'relu', rng: new Rng(1), backend });
    layer.weights.value.set([1, -1, 2, 1]);
    layer.bias.value.set([0.5, -4]);
    // x = [1 1]: [1+2+0.5, -1+1-4] = [3.5, -4] -> ReLU [3.5, 0]; x = [-1 0]: [-0.5, 1-4] -> [0, 0].
    expect(Array.from(layer.forward(Float32Array.of(1, 1, -1, 0), 2))).toEqual([3.5, 0, 0, 0]);
  });

  it('draws Glorot-uniform weights inside the limit', () => {
    const layer = new Dense({ name: 'd', inputDim: 10, outputDim: 14, rng: new Rng(2), backend });
    const limit = Math.sqrt(6 / 24);
    expect(Math.max(...layer.weights.value.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...layer.weights.value.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(Array.from(layer.bias.value)).toEqual(new Array(14).fill(0));
  });

  it.each(['linear', 'relu'] as const)('passes the gradient check (%s)', (activation) => {
    const rng = new Rng(3);
    const layer = new Dense({ name: 'd', inputDim: 4, outputDim: 3, activation, rng, backend });
    rng.fillNormal(layer.bias.value, 0, 0.5);
    const rows = 5;
    const x = rng.fillNormal(new Float32Array(rows * 4));
    const mix = rng.fillNormal(new Float32Array(rows * 3));
    // Loss: Σ y·mix + 0.5·Σ y², so dLoss/dy = mix + y.
    const loss = (): number => {
      const y = layer.forward(x, rows);
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += y[i] * mix[i] + 0.5 * y[i] * y[i];
      return sum;
    };
    const y = layer.forward(x, rows);
    const dx = layer.backward(y.map((value, i) => mix[i] + value));
    const report = checkGradients(loss, [
      { name: 'x', values: x, analytic: dx },
      { name: 'weights', values: layer.weights.value, analytic: layer.weights.gradient.slice() },
      { name: 'bias', values: layer.bias.value, analytic: layer.bias.gradient.slice() },
    ]);
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toBe(20 + 12 + 3);
  });

  it('rejects backward before forward', () => {
    const layer = new Dense({ name: 'd', inputDim: 2, outputDim: 2, rng: new Rng(1), backend });
    expect(() => layer.backward(new Float32Array(4))).toThrow('Dense.backward: call forward first');
  });
});
