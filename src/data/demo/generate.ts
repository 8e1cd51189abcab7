import { z } from 'zod';

import { Rng } from '../../tensor/random.js';
import type { Article, Dataset, IngestReport, InteractionTable, TableReport, User } from '../types.js';
import { type DemoArticle, generateArticles } from './articles.js';
import { generateAuthors } from './authors.js';
import { DemoDataError } from './errors.js';
import { type DemoEvents, simulateInteractions } from './interactions.js';
import { DEMO_SCALE_CONFIGS, DEMO_SCALES } from './scales.js';
import { DEMO_CATEGORIES } from './topics.js';
import { type DemoUsers, generateUsers } from './users.js';

const demoOptionsSchema = z.strictObject({
  scale: z.enum(DEMO_SCALES).default('small'),
  seed: z.int().min(0).max(0xffffffff).default(42),
});

export type DemoOptions = z.input<typeof demoOptionsSchema>;

/**
 * Generates the demo data set: a developer blog with 12 categories over the year 2024.
 *
 * Same scale and seed give identical tables (and identical CSV bytes); nothing depends on the
 * clock or on Math.random. Interaction rows are sorted by time; rows with click = 0 are
 * articles shown in a session but not clicked (read time 0). Codes are assigned in order of
 * first appearance; then unread articles and registered users without rows are appended,
 * in id order. That is how `loadDataset` interns the CSV files that `writeCanonicalCsv` writes,
 * so loading them gives the same tables. The report describes those files: nothing rejected,
 * and anonymous visitors' rows counted as interactions with an unknown user.
 *
 * Throws DemoDataError DEMO_INVALID_OPTIONS for an unknown scale or a seed that is not an
 * integer in [0, 2^32 - 1].
 */
export function generateDemo(options: DemoOptions = {}): Dataset {
  const parsed = demoOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
    throw new DemoDataError(
      'DEMO_INVALID_OPTIONS',
      `Invalid demo options ${JSON.stringify(options)}: ${issues.join('; ')}. ` +
        `Use scale ${DEMO_SCALES.map((scale) => `'${scale}'`).join(' or ')} and an integer seed in [0, 4294967295].`,
      { options, issues },
    );
  }
  const { scale, seed } = parsed.data;
  const config = DEMO_SCALE_CONFIGS[scale];

  // One stream per stage, drawn in a fixed order, so each stage is reproducible on its own.
  const master = new Rng(seed);
  const authorRng = new Rng(master.nextUint32());
  const articleRng = new Rng(master.nextUint32());
  const userRng = new Rng(master.nextUint32());
  const eventRng = new Rng(master.nextUint32());

  const authors = generateAuthors(authorRng, config.authors);
  const articles = generateArticles(articleRng, config, authors);
  const users = generateUsers(userRng, config.users);
  const events = simulateInteractions(eventRng, users, articles, config.targetInteractions);

  const interactions = buildInteractionTable(events, users, articles);
  const articleMap = new Map<string, Article>();
  for (const article of articles) articleMap.set(article.id, toArticle(article, authors[article.author].name));
  const userMap = buildUserMap(users);

  return {
    name: `demo-${scale}`,
    interactions,
    articles: articleMap,
    users: userMap,
    report: buildReport(interactions, articleMap.size, userMap),
  };
}

function buildInteractionTable(events: DemoEvents, users: DemoUsers, articles: readonly DemoArticle[]): InteractionTable {
  const n = events.size;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => events.timestamp[a] - events.timestamp[b] || a - b);

  const userCode = new Int32Array(users.count).fill(-1);
  const articleCode = new Int32Array(articles.length).fill(-1);
  const userIds: string[] = [];
  const articleIds: string[] = [];
  const table: InteractionTable = {
    size: n,
    userIds,
    articleIds,
    user: new Int32Array(n),
    article: new Int32Array(n),
    timestamp: new Float64Array(n),
    click: new Int8Array(n),
    readTime: new Float32Array(n),
    like: new Int8Array(n),
  };

  for (let row = 0; row < n; row++) {
    const source = order[row];
    const user = events.user[source];
    const article = events.article[source];
    if (userCode[user] === -1) {
      userCode[user] = userIds.length;
      userIds.push(users.ids[user]);
    }
    if (articleCode[article] === -1) {
      articleCode[article] = articleIds.length;
      articleIds.push(articles[article].id);
    }
    table.user[row] = userCode[user];
    table.article[row] = articleCode[article];
    table.timestamp[row] = events.timestamp[source];
    table.click[row] = events.click[source];
    table.readTime[row] = events.readTime[source];
    table.like[row] = events.like[source];
  }

  // Dictionaries also name catalogue entries without rows, as loadDataset does: unread
  // articles, and registered users whose only sessions came before the first publication.
  for (let article = 0; article < articles.length; article++) {
    if (articleCode[article] === -1) articleIds.push(articles[article].id);
  }
  for (let user = 0; user < users.count; user++) {
    if (userCode[user] === -1 && users.registered[user] === 1) userIds.push(users.ids[user]);
  }
  return table;
}

function toArticle(article: DemoArticle, author: string): Article {
  return {
    articleId: article.id,
    title: article.content.title,
    text: article.content.text,
    category: DEMO_CATEGORIES[article.category].name,
    tags: article.content.tags,
    author,
    publishedAt: article.publishedAt,
  };
}

/** Registered users only: anonymous visitors have no row in the user table. */
function buildUserMap(users: DemoUsers): Map<string, User> {
  const map = new Map<string, User>();
  for (let u = 0; u < users.count; u++) {
    if (users.registered[u] !== 1) continue;
    map.set(users.ids[u], {
      userId: users.ids[u],
      preferredTopics: users.preferredTopics[u] ?? [],
      signupDate: users.signupAt[u],
    });
  }
  return map;
}

function buildReport(interactions: InteractionTable, articleCount: number, users: Map<string, User>): IngestReport {
  const known = Uint8Array.from(interactions.userIds, (userId) => (users.has(userId) ? 1 : 0));
  let unknownUserRows = 0;
  for (let row = 0; row < interactions.size; row++) {
    if (known[interactions.user[row]] === 0) unknownUserRows++;
  }
  const table = (name: 'interactions' | 'articles' | 'users', rows: number): TableReport => ({
    file: `${name}.csv`,
    format: 'csv',
    table: name,
    read: rows,
    accepted: rows,
    rejected: 0,
    rejectedByReason: {},
    duplicatesMerged: 0,
    outOfOrder: 0,
    truncatedFields: 0,
  });
  return {
    tables: [table('interactions', interactions.size), table('articles', articleCount), table('users', users.size)],
    timestampFormats: { 'interactions.csv': 'iso8601', 'articles.csv': 'iso8601', 'users.csv': 'iso8601' },
    interactionsWithUnknownArticle: 0,
    interactionsWithUnknownUser: unknownUserRows,
    rejects: [],
    rejectsOmitted: 0,
    warnings: [],
  };
}
