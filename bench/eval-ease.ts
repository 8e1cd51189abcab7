/**
 * EASE fit benchmark at a given item count (default 6,200) on seeded synthetic reads, and one
 * JSON line of results: fit wall and CPU seconds, mean score milliseconds per request, peak RSS.
 *
 * Run: npx tsx bench/eval-ease.ts [items] [lambda]
 * Users read 15 distinct articles each, drawn with Zipf(1) popularity, 5 users per item.
 * Fit time depends on the item count n (about n³/2 multiply-adds), hardly on the data.
 */
import { cpus, loadavg } from 'node:os';

import { MISSING_FLAG, type InteractionTable } from '../src/data/types.js';
import { Ease } from '../src/eval/baselines/ease.js';
import { Rng } from '../src/tensor/random.js';

const items = Number(process.argv[2] ?? 6200);
const lambda = Number(process.argv[3] ?? 500);
const users = 5 * items;
const readsPerUser = 15;

const table = syntheticReads(items, users, readsPerUser, 1);
const model = new Ease({ lambda, maxItems: Math.max(items, 20_000) });
const loadBefore = loadavg()[0];

const fitStart = performance.now();
const cpuStart = process.cpuUsage();
await model.fit({ train: table, articles: new Map(), users: new Map(), cutoff: table.size + 1, seed: 1 });
const fitSeconds = (performance.now() - fitStart) / 1000;
// CPU time stays meaningful when other processes share the machine; wall time does not.
const fitCpuSeconds = process.cpuUsage(cpuStart).user / 1e6;

const candidates = Int32Array.from({ length: items }, (_, i) => i);
const out = new Float32Array(items);
const scoreStart = performance.now();
const requests = 200;
for (let user = 0; user < requests; user++) {
  const history = table.article.subarray(user * readsPerUser, (user + 1) * readsPerUser);
  model.score({ user, time: table.size + 1, history }, candidates, out);
}
const scoreMs = (performance.now() - scoreStart) / requests;

console.log(
  JSON.stringify({
    benchmark: 'eval-ease',
    items,
    users,
    interactions: table.size,
    lambda,
    fitSeconds: Number(fitSeconds.toFixed(1)),
    fitCpuSeconds: Number(fitCpuSeconds.toFixed(1)),
    scoreMsPerRequest: Number(scoreMs.toFixed(2)),
    // maxRSS is in KiB on Linux.
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage1mBefore: Number(loadBefore.toFixed(1)),
    loadAverage1mAfter: Number(loadavg()[0].toFixed(1)),
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
  }),
);

/** Seeded reads: each user reads `reads` distinct articles with Zipf(1) popularity; timestamps are row numbers. */
function syntheticReads(articleCount: number, userCount: number, reads: number, seed: number): InteractionTable {
  const random = new Rng(seed);
  const cumulative = new Float64Array(articleCount);
  let total = 0;
  for (let i = 0; i < articleCount; i++) {
    total += 1 / (i + 1);
    cumulative[i] = total;
  }
  const draw = (): number => {
    const target = random.nextFloat() * total;
    let low = 0;
    let high = articleCount - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  const size = userCount * reads;
  const user = new Int32Array(size);
  const article = new Int32Array(size);
  for (let u = 0; u < userCount; u++) {
    const read = new Set<number>();
    while (read.size < reads) read.add(draw());
    [...read].forEach((code, i) => {
      user[u * reads + i] = u;
      article[u * reads + i] = code;
    });
  }
  return {
    size,
    userIds: Array.from({ length: userCount }, (_, i) => `u${i}`),
    articleIds: Array.from({ length: articleCount }, (_, i) => `a${i}`),
    user,
    article,
    timestamp: Float64Array.from({ length: size }, (_, i) => i),
    click: new Int8Array(size).fill(MISSING_FLAG),
    readTime: new Float32Array(size).fill(Number.NaN),
    like: new Int8Array(size).fill(MISSING_FLAG),
  };
}
