/**
 * Globo.com (G1) "News Portal User Interactions": hourly click files plus article metadata.
 *
 * Interactions: clicks/clicks_hour_NNN.csv[.gz] (or clicks_hour_*.csv[.gz] in the folder itself),
 * read in file-name order. user_id → user, click_article_id → article, click_timestamp (epoch ms)
 * → timestamp, click = 1; like and read_time are unknown. The session and context columns are
 * not kept.
 * Articles: articles_metadata.csv[.gz] in the folder, or else every derived_partial/articles_metadata*.csv[.gz].
 * category_id → category, created_at_ts (epoch ms) → publishedAt, words_count → wordCount.
 * The source has no title, text, tags or author, so those stay empty.
 */
import { basename, join, relative } from 'node:path';

import { assembleDataset } from '../assemble-dataset.js';
import { checkId, parseDecimal, quoteValue } from '../cell-values.js';
import { IngestError } from '../errors.js';
import { InteractionBuilder } from '../interaction-builder.js';
import { InteractionSink } from '../interaction-sink.js';
import { withLoadContext, type LoadContext, type LoadOptions } from '../load-options.js';
import { addArticle, warnIfNoRows } from '../read-articles.js';
import { readTable, type ColumnSpec } from '../readers/table-reader.js';
import { TimestampParser } from '../timestamps.js';
import { MISSING_FLAG, type Article, type Dataset } from '../types.js';
import { firstExisting, listFiles, requireFolder } from './find-files.js';

export const format = 'globo';

const CLICK_FILE = /^clicks_hour_\d+\.csv(\.gz)?$/;
const METADATA_FILE = /^articles_metadata.*\.csv(\.gz)?$/;

const CLICK_COLUMNS: readonly ColumnSpec[] = [
  { name: 'user_id', required: true },
  { name: 'click_article_id', required: true },
  { name: 'click_timestamp', required: true },
];

const METADATA_COLUMNS: readonly ColumnSpec[] = [
  { name: 'article_id', required: true },
  { name: 'category_id', required: false },
  { name: 'created_at_ts', required: false },
  { name: 'words_count', required: false },
];

export async function detect(folder: string): Promise<boolean> {
  return (await findClickFiles(folder)).length > 0;
}

export async function load(folder: string, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, async (context) => {
    await requireFolder(folder);
    const clickFiles = await findClickFiles(folder);
    if (clickFiles.length === 0) {
      throw new IngestError(
        'INGEST_INPUT_NOT_FOUND',
        `${folder} has no clicks/clicks_hour_NNN.csv[.gz] files. Point at the Globo.com folder that contains clicks/.`,
        { folder },
      );
    }
    const metadataFiles = await findMetadataFiles(folder);
    const total = clickFiles.length + metadataFiles.length;

    const builder = new InteractionBuilder();
    for (const [index, path] of clickFiles.entries()) {
      await readClickFile(path, relative(folder, path), builder, context);
      context.progress(relative(folder, path), index + 1, total, builder.rowCount);
    }

    const articles = new Map<string, Article>();
    for (const [index, path] of metadataFiles.entries()) {
      await readMetadataFile(path, relative(folder, path), articles, context);
      context.progress(relative(folder, path), clickFiles.length + index + 1, total, builder.rowCount);
    }

    return assembleDataset({ name: context.options.name ?? basename(folder), builder, articles, users: null }, context);
  });
}

async function findClickFiles(folder: string): Promise<string[]> {
  const nested = await listFiles(join(folder, 'clicks'), CLICK_FILE);
  return nested.length > 0 ? nested : listFiles(folder, CLICK_FILE);
}

async function findMetadataFiles(folder: string): Promise<string[]> {
  const full = await firstExisting(folder, ['articles_metadata.csv', 'articles_metadata.csv.gz']);
  if (full !== null) return [full];
  return listFiles(join(folder, 'derived_partial'), METADATA_FILE);
}

async function readClickFile(path: string, file: string, builder: InteractionBuilder, context: LoadContext): Promise<void> {
  const counter = context.report.openTable(file, 'interactions', 'csv');
  const sink = new InteractionSink(builder, counter, context.options.now);

  const result = await readTable(
    path,
    CLICK_COLUMNS,
    counter,
    context.report,
    context.limits,
    (values, line) => {
      sink.add(line, values[0], values[1], values[2], 1, Number.NaN, MISSING_FLAG);
    },
    { expectExtraColumns: true },
  );

  // One hourly file is header-only in the published data (clicks_hour_100); that is a warning, not an error.
  if (result.empty) context.report.warn(file, 'empty_file', `${file} is empty`);
  else if (counter.read === 0) context.report.warn(file, 'header_only', `${file} has a header but no clicks`);
  sink.close(context.report);
}

async function readMetadataFile(path: string, file: string, articles: Map<string, Article>, context: LoadContext): Promise<void> {
  const counter = context.report.openTable(file, 'articles', 'csv');
  const createdAt = new TimestampParser();

  const result = await readTable(
    path,
    METADATA_COLUMNS,
    counter,
    context.report,
    context.limits,
    (values, line) => {
      const [articleId, categoryId, createdText, wordsText] = values;
      if (checkId(articleId) !== null) {
        counter.reject(line, 'missing_article_id', `article_id ${quoteValue(articleId)} is empty or invalid`);
        return;
      }

      let publishedAt: number | null = null;
      if (createdText.length > 0) {
        publishedAt = createdAt.parse(createdText);
        if (Number.isNaN(publishedAt)) {
          counter.reject(line, 'invalid_timestamp', `created_at_ts: ${createdAt.describeProblem(createdText)}`);
          return;
        }
      }

      const article: Article = {
        articleId,
        title: '',
        text: '',
        category: categoryId.length > 0 ? categoryId : null,
        tags: [],
        author: null,
        publishedAt,
      };
      if (wordsText.length > 0) {
        const words = parseDecimal(wordsText);
        if (!Number.isInteger(words) || words < 0) {
          counter.reject(line, 'invalid_value', `words_count ${quoteValue(wordsText)} is not a whole number >= 0`);
          return;
        }
        article.wordCount = words;
      }
      addArticle(articles, article, counter, line);
    },
    { expectExtraColumns: true },
  );

  context.report.setTimestampFormat(file, createdAt.format);
  warnIfNoRows(context, file, result.empty, counter.read, 'article');
}
