import type { Store, StoredArticle } from '../store/index.js';

/** Editorial state of one stored article, kept in memory for per-candidate checks. */
export interface ArticleState {
  hidden: boolean;
  /** ms since the Unix epoch; null for never. */
  expiresAt: number | null;
  /** ms since the Unix epoch; null when unknown. */
  publishedAt: number | null;
  category: string | null;
  tags: readonly string[];
  author: string | null;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Rows read per page when loading the catalogue from the store. */
const PAGE_SIZE = 1000;

/**
 * The editorial state of every stored article (hidden, expiry, publication time, topics,
 * author), mirrored in memory so the filter costs a Map lookup per candidate instead of a
 * SQLite query. The service updates it on every article write it makes.
 *
 * NOTE: writes to the same database by another process (for example a feed importer) reach
 * this mirror only on the next start or model activation (`reload`).
 */
export class ArticleCatalogue {
  private readonly states = new Map<string, ArticleState>();
  /** Hidden articles and articles with an expiry time: the only ones editorial state can reject. */
  private readonly restricted = new Set<string>();
  private readonly byAuthor = new Map<string, Set<string>>();

  /** Reads every stored article, hidden and expired ones included, replacing the mirror. */
  reload(store: Store): void {
    this.states.clear();
    this.restricted.clear();
    this.byAuthor.clear();
    for (const article of readAllArticles(store)) this.set(article);
  }

  set(article: StoredArticle): void {
    const id = article.articleId;
    const previousAuthor = this.states.get(id)?.author ?? null;
    if (previousAuthor !== null) this.byAuthor.get(previousAuthor)?.delete(id);
    if (article.author !== null) {
      const authored = this.byAuthor.get(article.author) ?? new Set<string>();
      authored.add(id);
      this.byAuthor.set(article.author, authored);
    }

    if (article.hidden || article.expiresAt !== null) this.restricted.add(id);
    else this.restricted.delete(id);

    this.states.set(id, {
      hidden: article.hidden,
      expiresAt: article.expiresAt,
      publishedAt: article.publishedAt,
      category: article.category,
      tags: article.tags,
      author: article.author,
    });
  }

  /** Returns whether the article is hidden or has an expiry time (past or future). */
  isRestricted(articleId: string): boolean {
    return this.restricted.has(articleId);
  }

  /** Ids of the stored articles whose author is `author`. */
  authoredBy(author: string): ReadonlySet<string> {
    return this.byAuthor.get(author) ?? EMPTY;
  }

  get(articleId: string): ArticleState | undefined {
    return this.states.get(articleId);
  }

  has(articleId: string): boolean {
    return this.states.has(articleId);
  }

  /** Ids of every stored article, in no particular order. */
  ids(): IterableIterator<string> {
    return this.states.keys();
  }

  get size(): number {
    return this.states.size;
  }
}

/** Yields every stored article, paging through the store's change feed in (updatedAt, id) order. */
export function* readAllArticles(store: Store): Generator<StoredArticle> {
  let page = store.articles.changedSince(0, { limit: PAGE_SIZE });
  while (page.length > 0) {
    yield* page;
    if (page.length < PAGE_SIZE) return;
    const last = page[page.length - 1];
    page = store.articles.changedSince(last.updatedAt, { afterArticleId: last.articleId, limit: PAGE_SIZE });
  }
}
