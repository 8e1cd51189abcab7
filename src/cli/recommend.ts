import { type Command, InvalidArgumentError, Option } from 'commander';

import { loadDataset } from '../data/load-dataset.js';
import { DATASET_FORMATS, type DatasetFormat } from '../data/load-options.js';
import type { Dataset } from '../data/types.js';
import { recommendForUser, trailingCountsAt, type RecommendationList } from '../models/recommend-for-user.js';
import { loadTwoTower } from '../models/two-tower-file.js';
import type { TwoTowerServingModel } from '../models/two-tower-serving.js';
import { exitOnKnownError } from './cli-errors.js';

interface RecommendOptions {
  model: string;
  user: string;
  k: number;
  includeRead: boolean;
  data?: string;
  format: DatasetFormat | 'auto';
  json: boolean;
}

/** `readnext recommend`: top-k articles for one user from a saved model, exact over the whole catalogue. */
export function registerRecommend(program: Command): void {
  program
    .command('recommend')
    .description('Print the top-k articles for one user from a trained model (exact scoring of every catalogue article).')
    .requiredOption('--model <dir>', 'model directory written by `readnext train`')
    .requiredOption('--user <id>', 'raw user id')
    .option('-k <n>', 'number of articles; more than the catalogue returns the whole catalogue ranked', parseK, 10)
    .option('--include-read', 'keep articles the user already read (excluded by default)', false)
    .option('--data <folder>', 'data folder for the user history, profile, titles and popularity at the data\'s last timestamp')
    .addOption(new Option('--format <format>', 'layout of --data').choices([...DATASET_FORMATS, 'auto']).default('auto'))
    .option('--json', 'print JSON instead of text', false)
    .action(async function (this: Command, options: RecommendOptions) {
      try {
        const loaded = await loadTwoTower(options.model);
        const dataset = options.data === undefined ? undefined : await loadDataset(options.data, { format: options.format });
        const serving = dataset === undefined ? loaded.serving : withNewArticles(loaded.serving, dataset);
        const context = requestContext(serving, options.user, dataset);
        const list = recommendForUser(serving, {
          userId: options.user,
          history: context.history,
          profileTopics: context.profileTopics,
          time: context.time,
          k: options.k,
          includeRead: options.includeRead,
          trailingCounts: context.trailingCounts,
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ user: options.user, requestTime: new Date(context.time).toISOString(), timeSource: context.timeSource, ...list })}\n`);
        } else {
          process.stdout.write(`${formatList(options, context, list, dataset).join('\n')}\n`);
        }
        await loaded.serving.model.dispose();
      } catch (error) {
        exitOnKnownError(this, error);
      }
    });
}

interface RequestContext {
  history: string[];
  profileTopics: string[];
  time: number;
  timeSource: string;
  trailingCounts?: Float64Array;
}

/**
 * Adds the articles of `dataset` that the model's catalogue lacks (typically published after
 * training), embedded from their content, so that they can be recommended. Articles published
 * after the request time are left out. An article without a publication time gets its first
 * interaction in the data as one, and an article with neither stays unknown-aged.
 */
function withNewArticles(serving: TwoTowerServingModel, dataset: Dataset): TwoTowerServingModel {
  const table = dataset.interactions;
  const firstSeen = new Map<string, number>();
  for (let row = 0; row < table.size; row++) {
    const id = table.articleIds[table.article[row]];
    const seen = firstSeen.get(id);
    if (seen === undefined || table.timestamp[row] < seen) firstSeen.set(id, table.timestamp[row]);
  }
  // Nothing published after the request time can be recommended.
  const requestTime = dataRequestTime(serving, dataset);
  const available = [...dataset.articles.values()].filter((article) => !((article.publishedAt ?? -Infinity) > requestTime));
  return serving.withArticles(available, (article) => firstSeen.get(article.articleId) ?? Number.NaN);
}

/** Returns the request time with --data: its last timestamp + 1 ms, or the model's training end for empty data. */
function dataRequestTime(serving: TwoTowerServingModel, dataset: Dataset): number {
  const table = dataset.interactions;
  return table.size === 0 ? serving.catalogue.popularityTime : table.timestamp[table.size - 1] + 1;
}

/**
 * With data: the user's positive interactions as history, their profile topics, and the
 * request time = the data's last timestamp + 1 ms, with trailing popularity counted from the
 * data. Without: no history, and the request time and popularity of the model's training end.
 */
function requestContext(serving: TwoTowerServingModel, userId: string, dataset: Dataset | undefined): RequestContext {
  if (dataset === undefined) {
    return { history: [], profileTopics: [], time: serving.catalogue.popularityTime, timeSource: 'end of the training data (no --data)' };
  }
  const table = dataset.interactions;
  const time = dataRequestTime(serving, dataset);
  const userCode = table.userIds.indexOf(userId);
  const history: string[] = [];
  if (userCode >= 0) {
    for (let row = 0; row < table.size; row++) {
      if (table.user[row] === userCode && table.click[row] !== 0) history.push(table.articleIds[table.article[row]]);
    }
  }
  return {
    history,
    profileTopics: dataset.users.get(userId)?.preferredTopics ?? [],
    time,
    timeSource: "last timestamp of --data",
    trailingCounts: trailingCountsAt(serving, table, time),
  };
}

function formatList(options: RecommendOptions, context: RequestContext, list: RecommendationList, dataset: Dataset | undefined): string[] {
  const lines = [
    `user ${options.user}: ${context.history.length} articles read, request time ${new Date(context.time).toISOString()} (${context.timeSource})`,
  ];
  if (list.source === 'popularity-fallback') {
    lines.push('FALLBACK: the model does not know this user and has no history or profile for them; showing the most popular articles.');
  }
  if (list.excludedRead > 0) lines.push(`excluded ${list.excludedRead} already-read articles (--include-read keeps them)`);
  list.items.forEach((item, rank) => {
    const title = dataset?.articles.get(item.articleId)?.title;
    lines.push(`${String(rank + 1).padStart(3)}. ${title === undefined || title === '' ? item.articleId : `${title} [${item.articleId}]`}  (${item.score.toFixed(3)})`);
  });
  return lines;
}

function parseK(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < 1) throw new InvalidArgumentError(`expected an integer >= 1, got "${value}".`);
  return parsed;
}
