/**
 * MovieLens "latest" releases (ml-latest-small and ml-latest share the layout).
 *
 * Interactions: ratings.csv `userId, movieId, rating, timestamp (Unix seconds)`, by the rule in
 * movielens-ratings.ts (click 1, like = rating >= 4).
 * Articles: movies.csv `movieId, title, genres`. genres ("Adventure|Comedy", or "(no genres
 * listed)" for none) → tags, the first genre → category. publishedAt is 1 January (UTC) of the
 * year in the title, "Toy Story (1995)", or null when the title has no year.
 * tags.csv `userId, movieId, tag, timestamp`: each user tag is appended to its movie's tags,
 * skipping tags the movie already has (compared case-insensitively; counted as duplicates).
 */
import { basename, join } from 'node:path';

import { assembleDataset } from '../assemble-dataset.js';
import { checkId, quoteValue } from '../cell-values.js';
import { IngestError } from '../errors.js';
import { InteractionBuilder } from '../interaction-builder.js';
import { InteractionSink } from '../interaction-sink.js';
import { withLoadContext, type LoadContext, type LoadOptions } from '../load-options.js';
import { addArticle, limitArticleText, warnIfNoRows } from '../read-articles.js';
import { readTable, type ColumnSpec } from '../readers/table-reader.js';
import type { Article, Dataset } from '../types.js';
import { isFile, requireFolder } from './find-files.js';
import { addRating } from './movielens-ratings.js';

export const format = 'movielens-latest';

const NO_GENRES = '(no genres listed)';

const RATING_COLUMNS: readonly ColumnSpec[] = [
  { name: 'userId', required: true },
  { name: 'movieId', required: true },
  { name: 'rating', required: true },
  { name: 'timestamp', required: true },
];
const MOVIE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'movieId', required: true },
  { name: 'title', required: true },
  { name: 'genres', required: false },
];
const TAG_COLUMNS: readonly ColumnSpec[] = [
  { name: 'movieId', required: true },
  { name: 'tag', required: true },
];

export async function detect(folder: string): Promise<boolean> {
  return (await isFile(join(folder, 'ratings.csv'))) && (await isFile(join(folder, 'movies.csv')));
}

export async function load(folder: string, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, async (context) => {
    await requireFolder(folder);
    const ratingsPath = join(folder, 'ratings.csv');
    if (!(await isFile(ratingsPath))) {
      throw new IngestError('INGEST_INPUT_NOT_FOUND', `${folder} has no ratings.csv. Point at the MovieLens folder.`, { folder });
    }
    const moviesPath = join(folder, 'movies.csv');
    const tagsPath = join(folder, 'tags.csv');
    const hasMovies = await isFile(moviesPath);
    const hasTags = hasMovies && (await isFile(tagsPath));
    const total = 1 + (hasMovies ? 1 : 0) + (hasTags ? 1 : 0);

    const builder = new InteractionBuilder();
    await readRatings(ratingsPath, builder, context);
    context.progress('ratings.csv', 1, total, builder.rowCount);

    const articles = new Map<string, Article>();
    if (hasMovies) {
      await readMovies(moviesPath, articles, context);
      context.progress('movies.csv', 2, total, builder.rowCount);
    } else {
      context.report.warn('movies.csv', 'missing_file', 'movies.csv is missing, so movies have no titles or genres');
    }
    if (hasTags) {
      await readTags(tagsPath, articles, context);
      context.progress('tags.csv', 3, total, builder.rowCount);
    }

    return assembleDataset({ name: context.options.name ?? basename(folder), builder, articles, users: null }, context);
  });
}

async function readRatings(path: string, builder: InteractionBuilder, context: LoadContext): Promise<void> {
  const counter = context.report.openTable('ratings.csv', 'interactions', 'csv');
  const sink = new InteractionSink(builder, counter, context.options.now);

  const result = await readTable(path, RATING_COLUMNS, counter, context.report, context.limits, (values, line) => {
    addRating(sink, line, values[0], values[1], values[2], values[3]);
  });

  if (result.empty) {
    throw new IngestError('INGEST_EMPTY_FILE', 'ratings.csv is empty. Restore the MovieLens ratings file.', { file: 'ratings.csv' });
  }
  if (counter.read === 0) context.report.warn('ratings.csv', 'header_only', 'ratings.csv has a header but no ratings');
  sink.close(context.report);
}

async function readMovies(path: string, articles: Map<string, Article>, context: LoadContext): Promise<void> {
  const counter = context.report.openTable('movies.csv', 'articles', 'csv');

  const result = await readTable(path, MOVIE_COLUMNS, counter, context.report, context.limits, (values, line) => {
    const [movieId, rawTitle, genresText] = values;
    if (checkId(movieId) !== null) {
      counter.reject(line, 'missing_article_id', `movieId ${quoteValue(movieId)} is empty or invalid`);
      return;
    }

    const tags = genresText === NO_GENRES || genresText.length === 0 ? [] : genresText.split('|').filter((genre) => genre.length > 0);
    const [title] = limitArticleText(rawTitle, '', context.options.maxTextChars, counter);
    const article: Article = {
      articleId: movieId,
      title,
      text: '',
      category: tags[0] ?? null,
      tags,
      author: null,
      publishedAt: releaseYearStart(title),
    };
    addArticle(articles, article, counter, line);
  });

  warnIfNoRows(context, 'movies.csv', result.empty, counter.read, 'movie');
}

async function readTags(path: string, articles: Map<string, Article>, context: LoadContext): Promise<void> {
  const counter = context.report.openTable('tags.csv', 'articles', 'csv');
  // Lower-cased tags per movie, so "Funny" and "funny" are one tag.
  const seen = new Map<string, Set<string>>();

  const result = await readTable(
    path,
    TAG_COLUMNS,
    counter,
    context.report,
    context.limits,
    (values, line) => {
      const [movieId, tag] = values;
      const article = articles.get(movieId);
      if (article === undefined) {
        counter.reject(line, 'unknown_article', `movieId ${quoteValue(movieId)} is not in movies.csv`);
        return;
      }
      if (tag.length === 0) {
        counter.reject(line, 'invalid_value', 'tag is empty');
        return;
      }

      let movieTags = seen.get(movieId);
      if (movieTags === undefined) {
        movieTags = new Set(article.tags.map((existing) => existing.toLowerCase()));
        seen.set(movieId, movieTags);
      }
      const key = tag.toLowerCase();
      if (movieTags.has(key)) {
        counter.countDuplicate();
        return;
      }
      movieTags.add(key);
      article.tags.push(tag);
      counter.accept();
    },
    { expectExtraColumns: true },
  );

  warnIfNoRows(context, 'tags.csv', result.empty, counter.read, 'tag');
}

/** 1 January (UTC) of the year in parentheses at the end of a MovieLens title, or null. */
export function releaseYearStart(title: string): number | null {
  const match = /\((\d{4})(?:-\d{4})?\)\s*$/.exec(title);
  return match === null ? null : Date.UTC(Number(match[1]), 0, 1);
}
