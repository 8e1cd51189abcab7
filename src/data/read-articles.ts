/**
 * Reader for the canonical article table (articles.csv / .jsonl, optionally .gz), and the
 * duplicate handling every adapter shares through `addArticle`.
 */
import { checkId, parseList, quoteValue, truncateText } from './cell-values.js';
import type { TableCounter } from './ingest-report.js';
import type { LoadContext } from './load-options.js';
import { readTable, tableFormatOf, type ColumnSpec } from './readers/table-reader.js';
import { TimestampParser } from './timestamps.js';
import type { Article } from './types.js';

export const ARTICLE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'article_id', required: true },
  { name: 'title', required: false },
  { name: 'text', required: false, verbatim: true },
  { name: 'category', required: false },
  { name: 'tags', required: false, list: true },
  { name: 'author', required: false },
  { name: 'published_at', required: false },
];

/**
 * Adds `article` unless its id is already present: an identical row counts as a merged
 * duplicate, a different one is rejected as duplicate_article_id (the first row wins).
 * Settles the record on `counter` either way.
 */
export function addArticle(articles: Map<string, Article>, article: Article, counter: TableCounter, line: number): void {
  const existing = articles.get(article.articleId);
  if (existing === undefined) {
    articles.set(article.articleId, article);
    counter.accept();
    return;
  }
  if (sameArticle(existing, article)) {
    counter.countDuplicate();
    return;
  }
  counter.reject(
    line,
    'duplicate_article_id',
    `article_id ${quoteValue(article.articleId)} appears again with different content; the first row was kept`,
  );
}

/** Cuts title and text to `maxTextChars`, counting each cut on `counter`. */
export function limitArticleText(title: string, text: string, maxTextChars: number, counter: TableCounter): [string, string] {
  const keptTitle = truncateText(title, maxTextChars);
  const keptText = truncateText(text, maxTextChars);
  if (keptTitle.length < title.length) counter.truncatedFields += 1;
  if (keptText.length < text.length) counter.truncatedFields += 1;
  return [keptTitle, keptText];
}

/** Reads one canonical article file into `articles`. An empty or header-only file only warns. */
export async function readArticlesFile(
  path: string,
  file: string,
  articles: Map<string, Article>,
  context: LoadContext,
): Promise<void> {
  const { report, options } = context;
  const counter = report.openTable(file, 'articles', tableFormatOf(path) ?? 'csv');
  const publishedAt = new TimestampParser();

  const result = await readTable(path, ARTICLE_COLUMNS, counter, report, context.limits, (values, line) => {
    const [articleId, rawTitle, rawText, category, tagsText, author, publishedText] = values;
    const idProblem = checkId(articleId);
    if (idProblem !== null) {
      if (idProblem === 'missing') counter.reject(line, 'missing_article_id', 'article_id is empty');
      else counter.reject(line, 'invalid_id', `article_id ${quoteValue(articleId)} contains a control character or is too long`);
      return;
    }

    const tags = parseList(tagsText);
    if (tags === null) {
      counter.reject(line, 'invalid_value', `tags ${quoteValue(tagsText)} starts with "[" but is not a JSON array of strings`);
      return;
    }

    let published: number | null = null;
    if (publishedText.length > 0) {
      published = publishedAt.parse(publishedText);
      if (Number.isNaN(published)) {
        counter.reject(line, 'invalid_timestamp', `published_at: ${publishedAt.describeProblem(publishedText)}`);
        return;
      }
    }

    const [title, text] = limitArticleText(rawTitle, rawText, options.maxTextChars, counter);
    const article: Article = {
      articleId,
      title,
      text,
      category: category.length > 0 ? category : null,
      tags,
      author: author.length > 0 ? author : null,
      publishedAt: published,
    };
    addArticle(articles, article, counter, line);
  });

  report.setTimestampFormat(file, publishedAt.format);
  warnIfNoRows(context, file, result.empty, counter.read, 'article');
  if (counter.truncatedFields > 0) {
    report.warn(
      file,
      'text_truncated',
      `${file}: ${counter.truncatedFields} title or text values were longer than ${options.maxTextChars} characters and were cut`,
    );
  }
}

/** Warns about an empty or header-only optional table (articles, users). */
export function warnIfNoRows(context: LoadContext, file: string, empty: boolean, read: number, entity: string): void {
  if (empty) context.report.warn(file, 'empty_file', `${file} is empty, so no ${entity} metadata was loaded`);
  else if (read === 0) context.report.warn(file, 'header_only', `${file} has a header but no rows, so no ${entity} metadata was loaded`);
}

function sameArticle(a: Article, b: Article): boolean {
  return (
    a.title === b.title &&
    a.text === b.text &&
    a.category === b.category &&
    a.author === b.author &&
    a.publishedAt === b.publishedAt &&
    a.wordCount === b.wordCount &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => tag === b.tags[i])
  );
}
