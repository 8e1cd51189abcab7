/**
 * Ingest benchmark: loads the 2,988,181 Globo.com clicks (385 gzip files) and article metadata
 * through the globo adapter and prints one JSON line: rows, seconds, rows per second, peak RSS.
 *
 * Run: npx tsx bench/ingest-globo.ts [data folder]
 * Default folder: ../shared/data/globo-news-portal relative to the repository root.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { load } from '../src/data/adapters/globo.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = process.argv[2] ?? resolve(repoRoot, '../shared/data/globo-news-portal');
if (!existsSync(folder)) {
  console.error(`Globo.com data not found at ${folder}; pass the folder as the first argument.`);
  process.exit(1);
}

const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const dataset = await load(folder);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// CPU time (user + system, this process) is less sensitive than wall time to other load on the machine.
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const read = dataset.report.tables
  .filter((table) => table.table === 'interactions')
  .reduce((sum, table) => sum + table.read, 0);
console.log(
  JSON.stringify({
    benchmark: 'ingest-globo',
    rowsRead: read,
    rows: dataset.interactions.size,
    users: dataset.interactions.userIds.length,
    articles: dataset.interactions.articleIds.length,
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    rowsPerSecond: Math.round(read / seconds),
    // maxRSS is in KiB on Linux.
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    node: process.version,
  }),
);
