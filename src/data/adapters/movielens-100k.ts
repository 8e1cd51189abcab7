/**
 * MovieLens 100K (ml-100k).
 *
 * Interactions: u.data, tab-separated `user id, item id, rating, timestamp (Unix seconds)`, no
 * header. Ratings become interactions by the rule in movielens-ratings.ts (click 1, like = rating >= 4).
 * Articles: u.item, Latin-1, `|`-separated, 24 fields: id, title, release date (dd-Mon-yyyy),
 * video release date, IMDb URL and 19 genre flags. Genres with flag 1 become tags, in the order
 * of ml-100k's u.genre (ML100K_GENRES). The first one is the category, and the genre "unknown"
 * is left out. The release date
 * becomes publishedAt. Text, author: none. u.user (demographics) is not read, because the
 * canonical user table contains preferred topics, which ml-100k does not have.
 */
import { basename, join } from 'node:path';

import { assembleDataset } from '../assemble-dataset.js';
import { checkId, quoteValue } from '../cell-values.js';
import { IngestError } from '../errors.js';
import { InteractionBuilder } from '../interaction-builder.js';
import { InteractionSink } from '../interaction-sink.js';
import { withLoadContext, type LoadContext, type LoadOptions } from '../load-options.js';
import { addArticle, limitArticleText } from '../read-articles.js';
import { readHeaderless } from '../readers/headerless-reader.js';
import type { Article, Dataset } from '../types.js';
import { isFile, requireFolder } from './find-files.js';
import { addRating } from './movielens-ratings.js';

export const format = 'movielens-100k';

/** Genre names in flag order, copied from ml-100k's u.genre. */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export async function detect(folder: string): Promise<boolean> {
  return isFile(join(folder, 'u.data'));
}

export async function load(folder: string, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, async (context) => {
    await requireFolder(folder);
    const ratingsPath = join(folder, 'u.data');
    if (!(await isFile(ratingsPath))) {
      throw new IngestError('INGEST_INPUT_NOT_FOUND', `${folder} has no u.data. Point at the ml-100k folder.`, { folder });
    }
    const itemsPath = join(folder, 'u.item');
    const hasItems = await isFile(itemsPath);
    const total = hasItems ? 2 : 1;

    const builder = new InteractionBuilder();
    await readRatings(ratingsPath, builder, context);
    context.progress('u.data', 1, total, builder.rowCount);

    const articles = new Map<string, Article>();
    if (hasItems) {
      await readItems(itemsPath, articles, context);
      context.progress('u.item', 2, total, builder.rowCount);
    } else {
      context.report.warn('u.item', 'missing_file', 'u.item is missing, so movies have no titles or genres');
    }

    return assembleDataset({ name: context.options.name ?? basename(folder), builder, articles, users: null }, context);
  });
}

async function readRatings(path: string, builder: InteractionBuilder, context: LoadContext): Promise<void> {
  const counter = context.report.openTable('u.data', 'interactions', 'tsv');
  const sink = new InteractionSink(builder, counter, context.options.now);

  await readHeaderless(path, { delimiter: '\t', encoding: 'utf8', fieldCount: 4 }, counter, context.limits, (fields, line) => {
    addRating(sink, line, fields[0], fields[1], fields[2], fields[3]);
  });

  if (counter.read === 0) throw new IngestError('INGEST_EMPTY_FILE', 'u.data is empty. Restore the ml-100k ratings file.', { file: 'u.data' });
  sink.close(context.report);
}

async function readItems(path: string, articles: Map<string, Article>, context: LoadContext): Promise<void> {
  const counter = context.report.openTable('u.item', 'articles', 'psv');
  const genres = ML100K_GENRES;

  await readHeaderless(path, { delimiter: '|', encoding: 'latin1', fieldCount: 5 + genres.length }, counter, context.limits, (fields, line) => {
    const itemId = fields[0];
    if (checkId(itemId) !== null) {
      counter.reject(line, 'missing_article_id', `movie id ${quoteValue(itemId)} is empty or invalid`);
      return;
    }

    const releaseText = fields[2];
    const publishedAt = releaseText.length === 0 ? null : parseReleaseDate(releaseText);
    if (Number.isNaN(publishedAt)) {
      counter.reject(line, 'invalid_timestamp', `release date ${quoteValue(releaseText)} is not dd-Mon-yyyy, e.g. 01-Jan-1995`);
      return;
    }

    const tags: string[] = [];
    for (let genre = 1; genre < genres.length; genre += 1) {
      if (fields[5 + genre] === '1') tags.push(genres[genre]);
    }
    const [title] = limitArticleText(fields[1], '', context.options.maxTextChars, counter);
    const article: Article = { articleId: itemId, title, text: '', category: tags[0] ?? null, tags, author: null, publishedAt };
    addArticle(articles, article, counter, line);
  });

  context.report.setTimestampFormat('u.item', 'dd-Mon-yyyy');
}

/** Parses ml-100k's "01-Jan-1995" as midnight UTC; NaN when invalid. */
export function parseReleaseDate(text: string): number {
  const match = /^(\d{1,2})-([A-Z][a-z]{2})-(\d{4})$/.exec(text);
  if (match === null) return Number.NaN;
  const month = MONTHS.indexOf(match[2]);
  const day = Number(match[1]);
  if (month === -1 || day < 1 || day > 31) return Number.NaN;

  const time = Date.UTC(Number(match[3]), month, day);
  // Date.UTC rolls 31-Feb over into March; reject such dates.
  return new Date(time).getUTCDate() === day ? time : Number.NaN;
}
