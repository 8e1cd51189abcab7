/**
 * Evaluation runner benchmark on Globo.com: loads the 2,988,181 clicks, splits them in time,
 * fits the shipped baselines and evaluates a seeded sample of test users in the warm and live
 * settings. Prints one JSON line: per model fit seconds, per setting scoring seconds,
 * recall@10, NDCG@10 and top-10 accuracy.
 *
 * Run: npx tsx bench/eval-globo.ts [max test users] [data folder]
 * Defaults: 2,000 users; ../shared/data/globo-news-portal relative to the repository root.
 * The cutoff is the 90th percentile of click times. EASE is included to show its item-limit
 * rejection on a 46k-article catalogue.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { load } from '../src/data/adapters/globo.js';
import { BASELINE_NAMES, createBaseline } from '../src/eval/baselines/registry.js';
import { evaluate } from '../src/eval/evaluate.js';
import { splitByTime } from '../src/features/time-split.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const maxTestUsers = Number(process.argv[2] ?? 2000);
const folder = process.argv[3] ?? resolve(repoRoot, '../shared/data/globo-news-portal');
if (!existsSync(folder)) {
  console.error(`Globo.com data not found at ${folder}; pass the folder as the second argument.`);
  process.exit(1);
}

const loadStart = performance.now();
const dataset = await load(folder);
const loadSeconds = (performance.now() - loadStart) / 1000;
const table = dataset.interactions;

const split = splitByTime(table, { quantile: 0.9 });
const cutoff = split.cutoff;
const evaluateStart = performance.now();
const result = await evaluate({
  split,
  articles: dataset.articles,
  models: BASELINE_NAMES.map((name) => createBaseline(name)),
  options: { maxTestUsers, seed: 42 },
});
const evaluateSeconds = (performance.now() - evaluateStart) / 1000;

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
console.log(
  JSON.stringify({
    benchmark: 'eval-globo',
    rows: table.size,
    articles: table.articleIds.length,
    cutoff: new Date(cutoff).toISOString(),
    trainRows: result.trainRows,
    testUsers: result.testUsers,
    loadSeconds: round(loadSeconds, 1),
    evaluateSeconds: round(evaluateSeconds, 1),
    models: result.models.map((model) => ({
      name: model.name,
      status: model.status,
      error: model.error?.code,
      fitSeconds: round(model.fitSeconds, 1),
      settings: model.settings.map((setting) => ({
        setting: setting.setting,
        seconds: round(setting.seconds, 1),
        meanCandidates: Math.round(setting.meanCandidates),
        reachableInteractionShare: round(setting.reachableInteractionShare),
        recall10: round(setting.ranking.recall),
        ndcg10: round(setting.ranking.ndcg),
        top10Accuracy: round(setting.topKAccuracy.values.find((value) => value.k === 10)?.accuracy ?? NaN),
        coverage: round(setting.beyondAccuracy.coverage),
      })),
    })),
    // CPU time stays meaningful when other processes share the machine; wall time does not.
    cpuSeconds: round(process.cpuUsage().user / 1e6, 1),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage1m: round(loadavg()[0], 1),
    node: process.version,
  }),
);
