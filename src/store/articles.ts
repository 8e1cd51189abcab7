import type Database from 'better-sqlite3';
import { z } from 'zod';

import type { Article } from '../data/types.js';
import { StoreError } from './errors.js';
import { epochMs, parseRow, parseStringArray, rawId } from './validation.js';

/**
 * A stored article: the canonical fields plus editorial state. A hidden or
 * expired article stays stored (its events still count) but must not be recommended.
 */
export interface StoredArticle extends Article {
  /** Set by an editor; hidden articles are never recommended. */
  hidden: boolean;
  /** Time after which the article is not recommended, ms since the Unix epoch; null for never. */
  expiresAt: number | null;
  /** Last change by this store (upsert, hide, expiry), ms since the Unix epoch. */
  updatedAt: number;
}

/**
 * Input of `upsert`. `hidden` and `expiresAt` are optional: when absent, an update keeps the
 * stored value (so re-ingesting a feed does not unhide an article an editor hid) and an insert
 * uses false and null. `expiresAt: null` clears a stored expiry.
 */
export interface ArticleInput extends Article {
  hidden?: boolean;
  expiresAt?: number | null;
}

export interface ChangedSinceOptions {
  /**
   * Cursor for paging: with it, returns only articles after (since, afterArticleId) in
   * (updatedAt, articleId) order; pass the last row of the previous page. Without it, the
   * result includes articles updated exactly at `since`.
   */
  afterArticleId?: string;
  /** Maximum rows returned. Default 1000. */
  limit?: number;
}

const articleSchema = z.object({
  articleId: rawId,
  title: z.string(),
  text: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  author: z.string().nullable(),
  publishedAt: epochMs.nullable(),
  hidden: z.boolean().optional(),
  expiresAt: epochMs.nullable().optional(),
});

interface ArticleRow {
  article_id: string;
  title: string;
  text: string;
  category: string | null;
  tags: string;
  author: string | null;
  published_at: number | null;
  hidden: number;
  expires_at: number | null;
  updated_at: number;
}

/** Returns whether the article may be recommended at time `now` (ms): not hidden and not expired. */
export function isArticleAvailable(article: Pick<StoredArticle, 'hidden' | 'expiresAt'>, now: number): boolean {
  return !article.hidden && (article.expiresAt === null || article.expiresAt > now);
}

/** The articles table: catalogue content plus editorial state, with a change feed by update time. */
export class ArticleTable {
  private readonly upsertStatement: Database.Statement;
  private readonly getStatement: Database.Statement;
  private readonly setHiddenStatement: Database.Statement;
  private readonly setExpiryStatement: Database.Statement;
  private readonly changedStatement: Database.Statement;
  private readonly changedAfterStatement: Database.Statement;
  private readonly availableStatement: Database.Statement;
  private readonly latestUpdateStatement: Database.Statement;
  private readonly countStatement: Database.Statement;
  private readonly upsertBatch: (articles: z.output<typeof articleSchema>[]) => { inserted: number; updated: number };

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    // @setHidden / @setExpiry are 0 when the input omitted the field, so an update keeps it.
    this.upsertStatement = db.prepare(`
      INSERT INTO articles (article_id, title, text, category, tags, author, published_at, hidden, expires_at, updated_at)
      VALUES (@articleId, @title, @text, @category, @tags, @author, @publishedAt, COALESCE(@hidden, 0), @expiresAt, @updatedAt)
      ON CONFLICT (article_id) DO UPDATE SET
        title = excluded.title,
        text = excluded.text,
        category = excluded.category,
        tags = excluded.tags,
        author = excluded.author,
        published_at = excluded.published_at,
        hidden = CASE WHEN @setHidden = 1 THEN excluded.hidden ELSE articles.hidden END,
        expires_at = CASE WHEN @setExpiry = 1 THEN excluded.expires_at ELSE articles.expires_at END,
        updated_at = excluded.updated_at
    `);
    this.getStatement = db.prepare('SELECT * FROM articles WHERE article_id = ?');
    this.setHiddenStatement = db.prepare('UPDATE articles SET hidden = ?, updated_at = ? WHERE article_id = ?');
    this.setExpiryStatement = db.prepare('UPDATE articles SET expires_at = ?, updated_at = ? WHERE article_id = ?');
    this.changedStatement = db.prepare(
      'SELECT * FROM articles WHERE updated_at >= ? ORDER BY updated_at, article_id LIMIT ?',
    );
    this.changedAfterStatement = db.prepare(`
      SELECT * FROM articles
      WHERE updated_at > @since OR (updated_at = @since AND article_id > @afterArticleId)
      ORDER BY updated_at, article_id LIMIT @limit
    `);
    this.availableStatement = db.prepare(
      'SELECT article_id FROM articles WHERE hidden = 0 AND (expires_at IS NULL OR expires_at > ?) ORDER BY article_id',
    );
    this.latestUpdateStatement = db.prepare('SELECT MAX(updated_at) AS latest FROM articles');
    this.countStatement = db.prepare('SELECT COUNT(*) AS count FROM articles');
    this.upsertBatch = db.transaction((articles: z.output<typeof articleSchema>[]) => {
      const counts = { inserted: 0, updated: 0 };
      const updatedAt = this.nextUpdateTime();
      for (const article of articles) {
        const existed = this.getStatement.get(article.articleId) !== undefined;
        this.upsertStatement.run({
          articleId: article.articleId,
          title: article.title,
          text: article.text,
          category: article.category,
          tags: JSON.stringify(article.tags),
          author: article.author,
          publishedAt: article.publishedAt,
          hidden: toFlag(article.hidden),
          setHidden: article.hidden === undefined ? 0 : 1,
          expiresAt: article.expiresAt ?? null,
          setExpiry: article.expiresAt === undefined ? 0 : 1,
          updatedAt,
        });
        counts[existed ? 'updated' : 'inserted'] += 1;
      }
      return counts;
    });
  }

  /** Inserts or updates one article; see `ArticleInput` for how editorial fields are kept. */
  upsert(article: ArticleInput): StoredArticle {
    this.upsertMany([article]);
    return this.get(article.articleId) as StoredArticle;
  }

  /**
   * Inserts or updates many articles in one transaction. Validates all first, so an invalid
   * article rejects the batch with `STORE_INVALID_INPUT` naming its position, id and field.
   */
  upsertMany(articles: readonly ArticleInput[]): { inserted: number; updated: number } {
    const valid = articles.map((article, i) =>
      parseRow(articleSchema, article, `article ${i} (article_id ${JSON.stringify((article as Partial<Article>)?.articleId)})`),
    );
    return this.upsertBatch(valid);
  }

  /** Returns the article, or null when it is not stored. */
  get(articleId: string): StoredArticle | null {
    const row = this.getStatement.get(articleId) as ArticleRow | undefined;
    return row ? toStoredArticle(row) : null;
  }

  /** Hides (or with `hidden = false`, unhides) an article. Throws `STORE_NOT_FOUND` for an unknown id. */
  hide(articleId: string, hidden = true): StoredArticle {
    const changes = this.setHiddenStatement.run(hidden ? 1 : 0, this.nextUpdateTime(), articleId).changes;
    return this.requireChanged(changes, articleId);
  }

  /** Sets (or with null, clears) the expiry time in ms. Throws `STORE_NOT_FOUND` for an unknown id. */
  setExpiry(articleId: string, expiresAt: number | null): StoredArticle {
    const value = expiresAt === null ? null : parseRow(epochMs, expiresAt, `expiry of article ${JSON.stringify(articleId)}`);
    const changes = this.setExpiryStatement.run(value, this.nextUpdateTime(), articleId).changes;
    return this.requireChanged(changes, articleId);
  }

  /**
   * Returns articles changed at or after `since` (ms), oldest change first, ties by article id.
   * Polling with `since` = the last seen `updatedAt` never misses a change, though it may
   * return the last rows again; use `afterArticleId` to page without repeats.
   */
  changedSince(since: number, options: ChangedSinceOptions = {}): StoredArticle[] {
    parseRow(epochMs, since, 'changedSince since');
    const limit = parseRow(z.number().int().positive(), options.limit ?? 1000, 'changedSince limit');
    const rows = (
      options.afterArticleId === undefined
        ? this.changedStatement.all(since, limit)
        : this.changedAfterStatement.all({ since, afterArticleId: options.afterArticleId, limit })
    ) as ArticleRow[];
    return rows.map(toStoredArticle);
  }

  /** Returns the ids of articles that may be recommended at `now` (ms), sorted. */
  availableIds(now: number): string[] {
    return (this.availableStatement.all(now) as { article_id: string }[]).map((row) => row.article_id);
  }

  /** Number of stored articles, hidden and expired ones included. */
  count(): number {
    return (this.countStatement.get() as { count: number }).count;
  }

  /**
   * Returns the clock reading, or the latest stored update time if the clock went backwards,
   * so the change feed ordered by `updatedAt` never places a new change before an older one.
   */
  private nextUpdateTime(): number {
    const latest = (this.latestUpdateStatement.get() as { latest: number | null }).latest ?? 0;
    return Math.max(this.now(), latest);
  }

  private requireChanged(changes: number, articleId: string): StoredArticle {
    if (changes === 0) {
      throw new StoreError('STORE_NOT_FOUND', `article ${JSON.stringify(articleId)} is not stored; upsert it first`);
    }
    return this.get(articleId) as StoredArticle;
  }
}

/** Maps an optional boolean to SQLite's 1 / 0, or NULL when absent. */
function toFlag(value: boolean | undefined): 1 | 0 | null {
  if (value === undefined) return null;
  return value ? 1 : 0;
}

function toStoredArticle(row: ArticleRow): StoredArticle {
  return {
    articleId: row.article_id,
    title: row.title,
    text: row.text,
    category: row.category,
    tags: parseStringArray(row.tags),
    author: row.author,
    publishedAt: row.published_at,
    hidden: row.hidden === 1,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
  };
}
