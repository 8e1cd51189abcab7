/**
 * Writes a seeded synthetic interactions CSV for developing and checking the training peers
 * when no generated demo data is at hand. It is a stand-in, not a realistic site. Users are
 * drawn from a flat Zipf distribution. Each user has one of `topics` topics (article id mod
 * topics) and reads within it with probability `topicShare`, else anywhere. Both article draws
 * follow a Zipf distribution over popularity rank (a few hits, a long tail). Every row is a
 * click, and timestamps rise evenly over 30 days.
 *
 *   npx tsx bench/peers/make-synthetic-data.ts --out bench/.cache/synthetic-seed.csv
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';

import { Command } from 'commander';
import { z } from 'zod';

import { hash32 } from './portable-random.js';

const START_MS = Date.parse('2026-11-01T00:00:00Z');
const SPAN_MS = 30 * 24 * 3600 * 1000;

const OptionsSchema = z.object({
  out: z.string().min(1),
  users: z.number().int().min(1),
  articles: z.number().int().min(1),
  interactions: z.number().int().min(1),
  seed: z.number().int().min(0).max(0xffffffff),
  articleExponent: z.number().min(0).max(5),
  userExponent: z.number().min(0).max(5),
  topics: z.number().int().min(1),
  topicShare: z.number().min(0).max(1),
});

type Options = z.infer<typeof OptionsSchema>;

/** Uniform [0, 1) numbers from a hashed counter: value n of stream s is hash32(n XOR hash32(seed + s)). */
class HashedUniform {
  private counter = 0;
  private readonly base: number;

  constructor(seed: number, stream: number) {
    this.base = hash32((seed + stream) >>> 0);
  }

  next(): number {
    return hash32((this.counter++ ^ this.base) >>> 0) / 4294967296;
  }
}

/** Cumulative Zipf weights rank^-exponent over ranks 1..size, normalised to end at 1. */
function zipfCdf(size: number, exponent: number): Float64Array {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let rank = 1; rank <= size; rank++) {
    total += rank ** -exponent;
    cdf[rank - 1] = total;
  }
  for (let i = 0; i < size; i++) cdf[i]! /= total;
  return cdf;
}

/** Returns the first index whose cumulative weight exceeds `u`. */
function sample(cdf: Float64Array, u: number): number {
  let low = 0;
  let high = cdf.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cdf[middle]! > u) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Maps popularity rank r to id (r * 7919) mod size, so popular ids are spread over the id range.
 * 7919 is prime, so this is a bijection unless size is a multiple of it (then ids are ranks).
 */
function spreadRank(rank: number, size: number): number {
  return size % 7919 === 0 ? rank : (rank * 7919) % size;
}

async function writeSyntheticCsv(options: Options): Promise<void> {
  const articleCdf = zipfCdf(options.articles, options.articleExponent);
  const userCdf = zipfCdf(options.users, options.userExponent);
  const topicArticles = Math.ceil(options.articles / options.topics);
  const topicCdf = zipfCdf(topicArticles, options.articleExponent);
  const articleDraw = new HashedUniform(options.seed, 1);
  const userDraw = new HashedUniform(options.seed, 2);
  const detailDraw = new HashedUniform(options.seed, 3);

  await mkdir(dirname(options.out), { recursive: true });
  const out = createWriteStream(options.out);
  out.write('user_id,article_id,timestamp,click,read_time,like\n');

  // Topic t contains the article ids t, t + topics, t + 2 * topics, ...
  const drawArticle = (user: number): number => {
    if (articleDraw.next() < options.topicShare) {
      const topic = hash32((user ^ options.seed) >>> 0) % options.topics;
      const article = sample(topicCdf, articleDraw.next()) * options.topics + topic;
      if (article < options.articles) return article;
    }
    return spreadRank(sample(articleCdf, articleDraw.next()), options.articles);
  };

  for (let i = 0; i < options.interactions; i++) {
    const user = spreadRank(sample(userCdf, userDraw.next()), options.users);
    const article = drawArticle(user);
    const timestamp = new Date(START_MS + Math.floor((i * SPAN_MS) / options.interactions)).toISOString();
    const readSeconds = (5 + detailDraw.next() * 295).toFixed(1);
    const like = detailDraw.next() < 0.05 ? 1 : 0;
    const line = `u${String(user).padStart(6, '0')},a${String(article).padStart(5, '0')},${timestamp},1,${readSeconds},${like}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }

  out.end();
  await once(out, 'finish');
}

const program = new Command()
  .name('make-synthetic-data')
  .description('Write a seeded synthetic interactions CSV (Zipf article popularity) for the training peers.')
  .requiredOption('--out <file>', 'CSV to write')
  .option('--users <n>', 'user id range', '120000')
  .option('--articles <n>', 'article id range', '6200')
  .option('--interactions <n>', 'rows to write', '1000000')
  .option('--seed <n>', 'seed (uint32)', '42')
  .option('--article-exponent <x>', 'Zipf exponent of article popularity', '1.0')
  .option('--user-exponent <x>', 'Zipf exponent of user activity', '0.6')
  .option('--topics <n>', 'article topics; each user prefers one', '20')
  .option('--topic-share <x>', "probability that a click stays in the user's topic", '0.6')
  .parse(process.argv);
const raw = program.opts<Record<string, string>>();

const parsed = OptionsSchema.safeParse({
  out: raw.out,
  users: Number(raw.users),
  articles: Number(raw.articles),
  interactions: Number(raw.interactions),
  seed: Number(raw.seed),
  articleExponent: Number(raw.articleExponent),
  userExponent: Number(raw.userExponent),
  topics: Number(raw.topics),
  topicShare: Number(raw.topicShare),
});
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`make-synthetic-data: --${String(issue.path[0])} is invalid: ${issue.message}\n`);
  process.exitCode = 2;
} else {
  await writeSyntheticCsv(parsed.data);
  process.stdout.write(`${JSON.stringify({ out: parsed.data.out, rows: parsed.data.interactions })}\n`);
}
