/**
 * EASE inverse benchmark: the blocked wasm SIMD inverse (src/tensor/spd-inverse.ts) against
 * the plain-JavaScript reference on the same float64 Gram matrices, single-threaded, and one
 * JSON line of results: per n the wall and CPU milliseconds of each, their ratio and the
 * maximum relative difference of the two inverses (max |wasm - js| / max |js|).
 *
 * Run: npx tsx bench/spd-inverse.ts [--n 500,1000,2000] [--skip-js] [--portable]
 * --n sets the sizes. At 6200, the EASE size measured in docs/benchmarks.md, the reference
 * takes minutes. --skip-js times the kernel alone, for sizes where the reference would take
 * too long. --portable runs the build without fused multiply-add.
 *
 * The matrices are EASE Gram matrices XᵀX + λI with λ = 500: 5n seeded users who read 15
 * distinct items each, drawn uniformly. The time depends on n (n³/2 multiply-adds), hardly on
 * the values.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import { Rng } from '../src/tensor/random.js';
import { invertSymmetricPositiveDefiniteReference } from '../src/tensor/spd-inverse-reference.js';
import { SpdInverse } from '../src/tensor/spd-inverse.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '500,1000,2000' },
    'skip-js': { type: 'boolean', default: false },
    portable: { type: 'boolean', default: false },
  },
});
const sizes = values.n.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  throw new Error(`--n must be a comma-separated list of positive integers, got ${values.n}`);
}

/** Lower triangle of XᵀX + λI for 5n users with 15 distinct uniform reads each. */
function gramMatrix(n: number, seed: number): Float64Array {
  const random = new Rng(seed);
  const gram = new Float64Array(n * n);
  const reads = Math.min(15, n);
  const items = new Set<number>();
  for (let user = 0; user < 5 * n; user++) {
    items.clear();
    while (items.size < reads) items.add(random.nextInt(n));
    const sorted = [...items].sort((x, y) => x - y);
    for (let a = 0; a < sorted.length; a++) {
      for (let b = 0; b <= a; b++) gram[sorted[a] * n + sorted[b]]++;
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i] += 500;
  return gram;
}

/** Wall and CPU (user) milliseconds of one call. */
function time(action: () => void): { wallMs: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  action();
  return { wallMs: performance.now() - wallStart, cpuMs: process.cpuUsage(cpuStart).user / 1000 };
}

function maxRelativeDifference(x: Float64Array, y: Float64Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    difference = Math.max(difference, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return difference / scale;
}

const kernel = await SpdInverse.create({ fma: !values.portable });
// Warm-up: the first call pays for V8's compilation of the kernel.
kernel.invert(gramMatrix(256, 1), 256);

const loadBefore = loadavg()[0];
const results = [];
for (const n of sizes) {
  const gram = gramMatrix(n, n);
  const wasmInverse = Float64Array.from(gram);
  const wasm = time(() => kernel.invert(wasmInverse, n));
  let js: { wallMs: number; cpuMs: number } | null = null;
  let difference: number | null = null;
  if (!values['skip-js']) {
    const jsInverse = gram;
    js = time(() => invertSymmetricPositiveDefiniteReference(jsInverse, n));
    difference = maxRelativeDifference(wasmInverse, jsInverse);
  }
  results.push({
    n,
    jsMs: js && Math.round(js.wallMs),
    wasmMs: Math.round(wasm.wallMs),
    jsCpuMs: js && Math.round(js.cpuMs),
    wasmCpuMs: Math.round(wasm.cpuMs),
    // CPU time stays comparable when other processes share the machine; wall time does not.
    cpuRatio: js && Number((js.cpuMs / wasm.cpuMs).toFixed(1)),
    wallRatio: js && Number((js.wallMs / wasm.wallMs).toFixed(1)),
    wasmGmacPerCpuSecond: Number((n ** 3 / 2 / (wasm.cpuMs * 1e6)).toFixed(2)),
    maxRelativeDifference: difference,
  });
}

console.log(
  JSON.stringify({
    benchmark: 'spd-inverse',
    variant: kernel.variant,
    blockSize: kernel.blockSize,
    results,
    // maxRSS is in KiB on Linux.
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage1mBefore: Number(loadBefore.toFixed(1)),
    loadAverage1mAfter: Number(loadavg()[0].toFixed(1)),
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
  }),
);
