/**
 * Microsoft News (MIND): news.tsv and behaviors.tsv, tab-separated, no header.
 *
 * Articles: news.tsv `news_id, category, subcategory, title, abstract, url, title_entities,
 * abstract_entities` → title, text = abstract, category, tags = [subcategory]. No author or
 * publication time.
 * Interactions: behaviors.tsv `impression_id, user_id, time, history, impressions`. time is
 * "MM/DD/YYYY h:mm:ss AM|PM" without a zone and is read as UTC. Each impression entry
 * "N123-1" is one interaction at the impression time with click 1 ("-1") or 0 ("-0").
 * Each history entry is a click (1) from before the log, and MIND does not give its time. Entry
 * i of n gets the user's earliest impression time minus (n - i) seconds, so histories keep their
 * order and stay before every impression of the user. MIND repeats a user's history on each of
 * their impressions; the repeats are exact duplicates and are merged.
 * Counting: `read` counts impression and history entries; a line rejected as a whole (wrong
 * field count, missing user, bad time) counts as one record.
 */
import { basename, join } from 'node:path';

import { assembleDataset } from '../assemble-dataset.js';
import { checkId, quoteValue } from '../cell-values.js';
import { IngestError } from '../errors.js';
import { InteractionBuilder } from '../interaction-builder.js';
import { InteractionSink } from '../interaction-sink.js';
import { withLoadContext, type LoadContext, type LoadOptions } from '../load-options.js';
import { addArticle, limitArticleText } from '../read-articles.js';
import { readDelimited } from '../readers/delimited-reader.js';
import { readHeaderless } from '../readers/headerless-reader.js';
import { parseUsDate12h } from '../timestamps.js';
import { MISSING_FLAG, type Article, type Dataset } from '../types.js';
import { isFile, requireFolder } from './find-files.js';

export const format = 'mind';

const HISTORY_STEP_MS = 1000;

export async function detect(folder: string): Promise<boolean> {
  return (await isFile(join(folder, 'behaviors.tsv'))) && (await isFile(join(folder, 'news.tsv')));
}

export async function load(folder: string, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, async (context) => {
    await requireFolder(folder);
    const behaviorsPath = join(folder, 'behaviors.tsv');
    if (!(await isFile(behaviorsPath))) {
      throw new IngestError('INGEST_INPUT_NOT_FOUND', `${folder} has no behaviors.tsv. Point at a MIND folder.`, { folder });
    }
    const newsPath = join(folder, 'news.tsv');
    const hasNews = await isFile(newsPath);
    const total = hasNews ? 2 : 1;

    const builder = new InteractionBuilder();
    await readBehaviors(behaviorsPath, builder, context);
    context.progress('behaviors.tsv', 1, total, builder.rowCount);

    const articles = new Map<string, Article>();
    if (hasNews) {
      await readNews(newsPath, articles, context);
      context.progress('news.tsv', 2, total, builder.rowCount);
    } else {
      context.report.warn('news.tsv', 'missing_file', 'news.tsv is missing, so news have no titles or categories');
    }

    return assembleDataset({ name: context.options.name ?? basename(folder), builder, articles, users: null }, context);
  });
}

async function readBehaviors(path: string, builder: InteractionBuilder, context: LoadContext): Promise<void> {
  const firstImpression = await earliestImpressionPerUser(path, context);
  const counter = context.report.openTable('behaviors.tsv', 'interactions', 'tsv');
  const sink = new InteractionSink(builder, counter, context.options.now);

  await readHeaderless(path, { delimiter: '\t', encoding: 'utf8', fieldCount: 5 }, counter, context.limits, (fields, line) => {
    const [, userId, timeText, historyText, impressionsText] = fields;
    if (checkId(userId) !== null) {
      counter.reject(line, userId.length === 0 ? 'missing_user_id' : 'invalid_id', `user_id ${quoteValue(userId)} is empty or invalid`);
      return;
    }
    const time = parseUsDate12h(timeText);
    if (Number.isNaN(time)) {
      counter.reject(line, 'invalid_timestamp', `time ${quoteValue(timeText)} is not MM/DD/YYYY h:mm:ss AM|PM`);
      return;
    }

    // readHeaderless counted the line as one record; from here each entry is one record instead,
    // so a line without entries counts as none.
    counter.read -= 1;
    const history = splitEntries(historyText);
    const historyEnd = firstImpression.get(userId) ?? time;
    history.forEach((newsId, i) => {
      counter.read += 1;
      if (!sink.checkIds(line, userId, newsId)) return;
      sink.append(line, userId, newsId, historyEnd - (history.length - i) * HISTORY_STEP_MS, 1, Number.NaN, MISSING_FLAG);
    });

    for (const entry of splitEntries(impressionsText)) {
      counter.read += 1;
      const dash = entry.lastIndexOf('-');
      const label = entry.slice(dash + 1);
      if (dash <= 0 || (label !== '0' && label !== '1')) {
        counter.reject(line, 'invalid_impression', `impression ${quoteValue(entry)} is not "<newsId>-0" or "<newsId>-1"`);
        continue;
      }
      const newsId = entry.slice(0, dash);
      if (!sink.checkIds(line, userId, newsId)) continue;
      sink.append(line, userId, newsId, time, label === '1' ? 1 : 0, Number.NaN, MISSING_FLAG);
    }
  });

  if (counter.read === 0) {
    throw new IngestError('INGEST_EMPTY_FILE', 'behaviors.tsv is empty. Restore the MIND behaviors file.', { file: 'behaviors.tsv' });
  }
  sink.close(context.report);
  context.report.setTimestampFormat('behaviors.tsv', 'us_date_12h');
}

/** First pass over behaviors.tsv: each user's earliest valid impression time, in ms. */
async function earliestImpressionPerUser(path: string, context: LoadContext): Promise<Map<string, number>> {
  const earliest = new Map<string, number>();
  await readDelimited(
    path,
    { delimiter: '\t', quoting: false, encoding: 'utf8', ...context.limits },
    {
      record: (fields) => {
        if (fields.length !== 5) return;
        const time = parseUsDate12h(fields[2]);
        if (Number.isNaN(time)) return;
        const previous = earliest.get(fields[1]);
        if (previous === undefined || time < previous) earliest.set(fields[1], time);
      },
      // The second pass reports bad records.
      malformed: () => {},
      stopped: () => {},
    },
  );
  return earliest;
}

async function readNews(path: string, articles: Map<string, Article>, context: LoadContext): Promise<void> {
  const counter = context.report.openTable('news.tsv', 'articles', 'tsv');

  await readHeaderless(path, { delimiter: '\t', encoding: 'utf8', fieldCount: 8 }, counter, context.limits, (fields, line) => {
    const [newsId, category, subcategory, rawTitle, rawAbstract] = fields;
    if (checkId(newsId) !== null) {
      counter.reject(line, 'missing_article_id', `news_id ${quoteValue(newsId)} is empty or invalid`);
      return;
    }

    const [title, text] = limitArticleText(rawTitle, rawAbstract, context.options.maxTextChars, counter);
    const article: Article = {
      articleId: newsId,
      title,
      text,
      category: category.length > 0 ? category : null,
      tags: subcategory.length > 0 ? [subcategory] : [],
      author: null,
      publishedAt: null,
    };
    addArticle(articles, article, counter, line);
  });
}

function splitEntries(text: string): string[] {
  return text.split(' ').filter((entry) => entry.length > 0);
}
