import type { Dataset } from '../types.js';
import { formatTimestamp } from './csv.js';

export interface CategorySummary {
  /** Category name; `(none)` for articles without one. */
  name: string;
  articles: number;
  /** Rows with click = 1 on the category's articles. */
  clicks: number;
}

/** Headline numbers of a generated data set, as `readnext generate` and `readnext demo` print them. */
export interface DemoDatasetSummary {
  name: string;
  interactions: number;
  clicks: number;
  /** Rows with click = 0: shown in a session, not clicked. */
  shownNotClicked: number;
  likes: number;
  /** Median read time of clicked rows in seconds; NaN when no clicked row has one. */
  medianReadTimeSeconds: number;
  /** Users with at least one interaction. */
  users: number;
  /** Users with a row in the user table. */
  registeredUsers: number;
  usersWithPreferredTopics: number;
  /** Articles with a row in the article table. */
  articles: number;
  /** Articles with at least one click. */
  clickedArticles: number;
  /** Time of the first and last interaction in ms since the epoch; NaN when there are none. */
  firstTimestamp: number;
  lastTimestamp: number;
  /** Sorted by clicks, most clicked first. */
  categories: CategorySummary[];
}

/** Counts the rows, users, articles, time range and per-category traffic of a data set. */
export function summarizeDemoDataset(dataset: Dataset): DemoDatasetSummary {
  const table = dataset.interactions;
  let clicks = 0;
  let shownNotClicked = 0;
  let likes = 0;
  const readTimes: number[] = [];
  const clicksByArticle = new Int32Array(table.articleIds.length);
  const userHasRows = new Uint8Array(table.userIds.length);

  for (let row = 0; row < table.size; row++) {
    userHasRows[table.user[row]] = 1;
    if (table.click[row] === 1) {
      clicks++;
      clicksByArticle[table.article[row]]++;
      if (!Number.isNaN(table.readTime[row])) readTimes.push(table.readTime[row]);
    } else if (table.click[row] === 0) {
      shownNotClicked++;
    }
    if (table.like[row] === 1) likes++;
  }

  const categories = new Map<string, CategorySummary>();
  const categoryOf = (name: string | null): CategorySummary => {
    const key = name ?? '(none)';
    let entry = categories.get(key);
    if (!entry) {
      entry = { name: key, articles: 0, clicks: 0 };
      categories.set(key, entry);
    }
    return entry;
  };
  for (const article of dataset.articles.values()) categoryOf(article.category).articles++;
  table.articleIds.forEach((articleId, code) => {
    if (clicksByArticle[code] > 0) categoryOf(dataset.articles.get(articleId)?.category ?? null).clicks += clicksByArticle[code];
  });

  let usersWithPreferredTopics = 0;
  for (const user of dataset.users.values()) if (user.preferredTopics.length > 0) usersWithPreferredTopics++;

  return {
    name: dataset.name,
    interactions: table.size,
    clicks,
    shownNotClicked,
    likes,
    medianReadTimeSeconds: median(readTimes),
    users: userHasRows.reduce((count, value) => count + value, 0),
    registeredUsers: dataset.users.size,
    usersWithPreferredTopics,
    articles: dataset.articles.size,
    clickedArticles: clicksByArticle.reduce((count, value) => count + (value > 0 ? 1 : 0), 0),
    firstTimestamp: table.size > 0 ? table.timestamp[0] : NaN,
    lastTimestamp: table.size > 0 ? table.timestamp[table.size - 1] : NaN,
    categories: [...categories.values()].sort((a, b) => b.clicks - a.clicks || a.name.localeCompare(b.name)),
  };
}

/** Renders a summary as plain text lines for the terminal. */
export function formatDemoSummary(summary: DemoDatasetSummary): string[] {
  const count = (value: number) => value.toLocaleString('en-US');
  const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
  const range =
    summary.interactions > 0
      ? `from ${formatTimestamp(summary.firstTimestamp)} to ${formatTimestamp(summary.lastTimestamp)}`
      : '(no interactions)';
  const readTime = Number.isNaN(summary.medianReadTimeSeconds) ? 'n/a' : `${summary.medianReadTimeSeconds} s`;

  const lines = [
    `${summary.name}: ${count(summary.interactions)} interactions ${range}`,
    `  clicks ${count(summary.clicks)} (${percent(summary.clicks, summary.interactions)} of rows), ` +
      `shown but not clicked ${count(summary.shownNotClicked)}, likes ${count(summary.likes)} ` +
      `(${percent(summary.likes, summary.clicks)} of clicks), median read time ${readTime}`,
    `  users ${count(summary.users)} with interactions, ${count(summary.registeredUsers)} registered, ` +
      `${count(summary.usersWithPreferredTopics)} with preferred topics`,
    `  articles ${count(summary.articles)}, ${count(summary.clickedArticles)} clicked at least once`,
    `  categories (articles, clicks):`,
  ];
  const width = Math.max(...summary.categories.map((category) => category.name.length), 0);
  for (const category of summary.categories) {
    lines.push(`    ${category.name.padEnd(width)}  ${count(category.articles).padStart(6)}  ${count(category.clicks).padStart(9)}`);
  }
  return lines;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
