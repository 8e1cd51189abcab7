/**
 * CI&T DeskDrop ("Articles sharing and reading from CI&T DeskDrop").
 *
 * Interactions: users_interactions.csv[.gz]. personId → user, contentId → article (signed 64-bit
 * ids, kept as strings), timestamp (Unix seconds) → timestamp. eventType mapping:
 *   VIEW                                      → click 1, like unknown
 *   LIKE, BOOKMARK, FOLLOW, COMMENT CREATED   → click 1, like 1
 * Any other eventType is rejected as unknown_event_type. read_time is unknown. Because session
 * and user-agent columns are dropped, events that differ only in those become exact duplicates
 * and are merged, as are a LIKE and a BOOKMARK of the same article in the same second.
 * Articles: shared_articles.csv[.gz] in the folder, or else derived_partial/articles*.csv[.gz].
 * contentId → article_id, title, text, authorPersonId → author, timestamp → publishedAt,
 * lang → tag "lang:<code>". The first row of a contentId wins.
 */
import { basename, join, relative } from 'node:path';

import { assembleDataset } from '../assemble-dataset.js';
import { checkId, quoteValue } from '../cell-values.js';
import { IngestError } from '../errors.js';
import { InteractionBuilder } from '../interaction-builder.js';
import { InteractionSink } from '../interaction-sink.js';
import { withLoadContext, type LoadContext, type LoadOptions } from '../load-options.js';
import { addArticle, limitArticleText, warnIfNoRows } from '../read-articles.js';
import { readTable, type ColumnSpec } from '../readers/table-reader.js';
import { TimestampParser } from '../timestamps.js';
import { MISSING_FLAG, type Article, type Dataset } from '../types.js';
import { firstExisting, listFiles, requireFolder } from './find-files.js';

export const format = 'deskdrop';

const INTERACTIONS_NAMES = ['users_interactions.csv', 'users_interactions.csv.gz'];
const ARTICLES_NAMES = ['shared_articles.csv', 'shared_articles.csv.gz'];

/** Event types that signal more interest than a view; each becomes click 1 and like 1. */
export const LIKE_EVENTS: ReadonlySet<string> = new Set(['LIKE', 'BOOKMARK', 'FOLLOW', 'COMMENT CREATED']);

const INTERACTION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'personId', required: true },
  { name: 'contentId', required: true },
  { name: 'timestamp', required: true },
  { name: 'eventType', required: true },
];

const ARTICLE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'contentId', required: true },
  { name: 'title', required: false },
  { name: 'text', required: false, verbatim: true },
  { name: 'authorPersonId', required: false },
  { name: 'timestamp', required: false },
  { name: 'lang', required: false },
];

export async function detect(folder: string): Promise<boolean> {
  return (await firstExisting(folder, INTERACTIONS_NAMES)) !== null;
}

export async function load(folder: string, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, async (context) => {
    await requireFolder(folder);
    const interactionsPath = await firstExisting(folder, INTERACTIONS_NAMES);
    if (interactionsPath === null) {
      throw new IngestError(
        'INGEST_INPUT_NOT_FOUND',
        `${folder} has no users_interactions.csv or users_interactions.csv.gz. Point at the DeskDrop folder.`,
        { folder },
      );
    }
    const fullArticles = await firstExisting(folder, ARTICLES_NAMES);
    const articleFiles =
      fullArticles !== null ? [fullArticles] : await listFiles(join(folder, 'derived_partial'), /^articles.*\.csv(\.gz)?$/);
    const total = 1 + articleFiles.length;

    const builder = new InteractionBuilder();
    await readInteractions(interactionsPath, relative(folder, interactionsPath), builder, context);
    context.progress(relative(folder, interactionsPath), 1, total, builder.rowCount);

    const articles = new Map<string, Article>();
    for (const [index, path] of articleFiles.entries()) {
      await readArticles(path, relative(folder, path), articles, context);
      context.progress(relative(folder, path), 2 + index, total, builder.rowCount);
    }

    return assembleDataset({ name: context.options.name ?? basename(folder), builder, articles, users: null }, context);
  });
}

async function readInteractions(path: string, file: string, builder: InteractionBuilder, context: LoadContext): Promise<void> {
  const counter = context.report.openTable(file, 'interactions', 'csv');
  const sink = new InteractionSink(builder, counter, context.options.now);

  const result = await readTable(
    path,
    INTERACTION_COLUMNS,
    counter,
    context.report,
    context.limits,
    (values, line) => {
      const [personId, contentId, timeText, eventType] = values;
      let like: number;
      if (eventType === 'VIEW') like = MISSING_FLAG;
      else if (LIKE_EVENTS.has(eventType)) like = 1;
      else {
        counter.reject(
          line,
          'unknown_event_type',
          `eventType ${quoteValue(eventType)} is not VIEW, LIKE, BOOKMARK, FOLLOW or COMMENT CREATED`,
        );
        return;
      }
      sink.add(line, personId, contentId, timeText, 1, Number.NaN, like);
    },
    { expectExtraColumns: true },
  );

  if (result.empty) {
    throw new IngestError('INGEST_EMPTY_FILE', `${file} is empty. Restore the DeskDrop interactions file.`, { file });
  }
  if (counter.read === 0) context.report.warn(file, 'header_only', `${file} has a header but no events`);
  sink.close(context.report);
}

async function readArticles(path: string, file: string, articles: Map<string, Article>, context: LoadContext): Promise<void> {
  const counter = context.report.openTable(file, 'articles', 'csv');
  const sharedAt = new TimestampParser();

  const result = await readTable(
    path,
    ARTICLE_COLUMNS,
    counter,
    context.report,
    context.limits,
    (values, line) => {
      const [contentId, rawTitle, rawText, authorPersonId, timeText, lang] = values;
      if (checkId(contentId) !== null) {
        counter.reject(line, 'missing_article_id', `contentId ${quoteValue(contentId)} is empty or invalid`);
        return;
      }

      let publishedAt: number | null = null;
      if (timeText.length > 0) {
        publishedAt = sharedAt.parse(timeText);
        if (Number.isNaN(publishedAt)) {
          counter.reject(line, 'invalid_timestamp', `timestamp: ${sharedAt.describeProblem(timeText)}`);
          return;
        }
      }

      const [title, text] = limitArticleText(rawTitle, rawText, context.options.maxTextChars, counter);
      const article: Article = {
        articleId: contentId,
        title,
        text,
        category: null,
        tags: lang.length > 0 ? [`lang:${lang}`] : [],
        author: authorPersonId.length > 0 ? authorPersonId : null,
        publishedAt,
      };
      addArticle(articles, article, counter, line);
    },
    { expectExtraColumns: true },
  );

  context.report.setTimestampFormat(file, sharedAt.format);
  warnIfNoRows(context, file, result.empty, counter.read, 'article');
}
