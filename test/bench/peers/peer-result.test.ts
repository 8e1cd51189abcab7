import { describe, expect, it } from 'vitest';

import { PeerError } from '../../../bench/peers/peer-error.js';
import { summarizeLosses } from '../../../bench/peers/peer-result.js';
import { parsePeerOutput } from '../../../bench/peers/run-peers.js';

const RESULT = {
  peer: 'tfjs-cpu-scatter',
  framework: '@tensorflow/tfjs 4.22.0',
  backend: 'cpu',
  embeddingGradient: 'scatter',
  data: '/tmp/interactions.csv',
  examplesPerEpoch: 2048,
  users: 10,
  articles: 5,
  dim: 8,
  batch: 1024,
  epochs: 1,
  seed: 42,
  initStd: 0.05,
  stepsPerEpoch: 2,
  stepsRun: 2,
  examplesRun: 2048,
  extrapolated: false,
  trainSeconds: 2,
  trainCpuSeconds: 2,
  secondsPerEpoch: 2,
  examplesPerSecond: 1024,
  lossFirst50Mean: 6.9,
  lossLast50Mean: 6.9,
  lossFinal: 6.9,
  lossWindowSteps: 2,
  peakRssMiB: 300,
  threads: 1,
  blas: 'none',
  loadSeconds: 0.1,
  loadAverage1m: 0.5,
  note: 'measured in full',
};

describe('summarizeLosses', () => {
  it('averages 50-step windows', () => {
    const losses = Array.from({ length: 120 }, (_, step) => step);
    // First window 0..49 -> 24.5; last window 70..119 -> 94.5.
    expect(summarizeLosses(losses)).toEqual({
      lossFirst50Mean: 24.5,
      lossLast50Mean: 94.5,
      lossFinal: 119,
      lossWindowSteps: 50,
    });
  });

  it('shrinks the window for short runs', () => {
    expect(summarizeLosses([1, 2, 6])).toEqual({ lossFirst50Mean: 3, lossLast50Mean: 3, lossFinal: 6, lossWindowSteps: 3 });
  });

  it('rejects an empty run', () => {
    expect(() => summarizeLosses([])).toThrow(/no steps were run/);
  });
});

describe('parsePeerOutput', () => {
  it('takes the last JSON line after banners', () => {
    const stdout = `Hi, looks like you are running TensorFlow.js\n{"note": "not the result"}\n${JSON.stringify(RESULT)}\n`;
    expect(parsePeerOutput('tfjs-cpu-scatter', stdout)).toEqual(RESULT);
  });

  it('accepts a skipped line', () => {
    const stdout = '{"peer": "tfjs-wasm", "skipped": "no UnsortedSegmentSum kernel"}\n';
    expect(parsePeerOutput('tfjs-wasm', stdout)).toEqual({ peer: 'tfjs-wasm', skipped: 'no UnsortedSegmentSum kernel' });
  });

  it('rejects output without JSON', () => {
    const error = (() => {
      try {
        parsePeerOutput('pytorch', 'Traceback\n');
      } catch (caught) {
        return caught as PeerError;
      }
    })();
    expect(error?.code).toBe('PEER_OUTPUT_INVALID');
    expect(error?.message).toMatch(/pytorch printed no JSON line/);
  });

  it('rejects a result with a missing field', () => {
    const { examplesPerSecond: _dropped, ...incomplete } = RESULT;
    expect(() => parsePeerOutput('pytorch', JSON.stringify(incomplete))).toThrow(/field "examplesPerSecond" is invalid/);
  });

  it('rejects a truncated line', () => {
    expect(() => parsePeerOutput('pytorch', '{"peer": "pytorch", ')).toThrow(/not JSON/);
  });
});
