import type { Command } from 'commander';

import { formatDemoSummary, generateDemo, summarizeDemoDataset } from '../data/demo/index.js';
import type { Dataset } from '../data/types.js';
import { createBaseline } from '../eval/baselines/registry.js';
import { evaluate } from '../eval/evaluate.js';
import { splitByTime } from '../features/time-split.js';
import { recommendForUser } from '../models/recommend-for-user.js';
import type { TwoTowerServingModel } from '../models/two-tower-serving.js';
import { TwoTowerRecommender } from '../train/two-tower-recommender.js';
import { exitOnKnownError } from './cli-errors.js';
import { parseSeed } from './generate.js';
import { createTrainingReporter, formatEvaluation } from './training-progress.js';

interface DemoCommandOptions {
  seed: number;
  epochs: number;
}

/** Users shown with their top-10 list at the end of the demo. */
const SHOWN_USERS = 3;

/**
 * `readnext demo`: generates the small demo data set in memory, trains the hybrid two-tower
 * model on the first 90% of interactions (by time), evaluates it against popularity baselines
 * on the rest and prints top-10 lists for three users. About a minute on two cores.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Generate the demo data set, train the hybrid model, evaluate it and show recommendations.')
    .option('--seed <n>', 'random seed, an integer in [0, 4294967295]', parseSeed, 42)
    .option('--epochs <n>', 'maximum training epochs', (value) => Number.parseInt(value, 10), 8)
    .action(async function (this: Command, options: DemoCommandOptions) {
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const reporter = createTrainingReporter(out);
      try {
        const started = performance.now();
        const dataset = generateDemo({ scale: 'small', seed: options.seed });
        const lines = formatDemoSummary(summarizeDemoDataset(dataset));
        lines.push(`  seed ${options.seed}; generated in memory in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        out(lines.join('\n'));

        const split = splitByTime(dataset.interactions, { quantile: 0.9 });
        const model = new TwoTowerRecommender({ training: { epochs: options.epochs, seed: options.seed }, onEvent: reporter.onEvent });
        const result = await evaluate({
          split,
          articles: dataset.articles,
          users: dataset.users,
          models: [model, createBaseline('most-popular'), createBaseline('recent-popularity')],
          options: { seed: options.seed, ks: [1, 10, 50], k: 10 },
        });
        out('');
        for (const line of formatEvaluation(result)) out(line);

        const serving = model.toServingModel('demo');
        out('');
        for (const line of showUsers(serving, dataset, split.train.size, split.cutoff)) out(line);
        out(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await model.dispose();
      } catch (error) {
        reporter.stop();
        exitOnKnownError(this, error);
      }
    });
}

/**
 * Formats the top-10 at the cutoff for the three users with the longest training history,
 * with titles. Each list also shows the user's most read categories before the cutoff and
 * marks the articles the user read after it, so a reader can judge the lists themselves.
 */
function showUsers(serving: TwoTowerServingModel, dataset: Dataset, trainRows: number, cutoff: number): string[] {
  const table = dataset.interactions;
  const histories = new Map<number, string[]>();
  for (let row = 0; row < trainRows; row++) {
    if (table.click[row] === 0) continue;
    const list = histories.get(table.user[row]) ?? [];
    list.push(table.articleIds[table.article[row]]);
    histories.set(table.user[row], list);
  }
  const readAfterCutoff = new Map<number, Set<string>>();
  for (let row = trainRows; row < table.size; row++) {
    if (table.click[row] === 0) continue;
    const read = readAfterCutoff.get(table.user[row]) ?? new Set<string>();
    read.add(table.articleIds[table.article[row]]);
    readAfterCutoff.set(table.user[row], read);
  }
  const chosen = [...histories.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]).slice(0, SHOWN_USERS);
  const lines: string[] = [];
  for (const [code, history] of chosen) {
    const userId = table.userIds[code];
    const topics = dataset.users.get(userId)?.preferredTopics ?? [];
    const list = recommendForUser(serving, { userId, history, profileTopics: topics, time: cutoff, k: 10 });
    const later = readAfterCutoff.get(code) ?? new Set<string>();
    const hits = list.items.filter((item) => later.has(item.articleId)).length;
    lines.push(`top-10 for ${userId} (${history.length} articles read${topics.length > 0 ? `, topics: ${topics.join(', ')}` : ''}):`);
    lines.push(`  reads mostly ${categoryMix(history, dataset)}; read ${hits} of these 10 after the cutoff (marked *)`);
    list.items.forEach((item, rank) => {
      const article = dataset.articles.get(item.articleId);
      const mark = later.has(item.articleId) ? '*' : ' ';
      lines.push(` ${mark}${String(rank + 1).padStart(2)}. ${article?.title ?? item.articleId}${article?.category ? ` (${article.category})` : ''}`);
    });
  }
  return lines;
}

/** Formats the three most read categories of `history` with their shares, e.g. "Mobile 31%, Go 20%, Cloud 12%". */
function categoryMix(history: string[], dataset: Dataset): string {
  const counts = new Map<string, number>();
  for (const articleId of history) {
    const category = dataset.articles.get(articleId)?.category ?? 'unknown';
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([category, count]) => `${category} ${Math.round((100 * count) / history.length)}%`)
    .join(', ');
}
