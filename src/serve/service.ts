import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';

import { type ArticleInput, type EventInput, type Store, StoreError, type StoredArticle } from '../store/index.js';
import { ArticleCatalogue } from './article-catalogue.js';
import { ServeError } from './errors.js';
import type { ModelLoader } from './model-loader.js';
import { type ActivationReport, type IndexBuilder, ModelRegistry } from './model-registry.js';
import type { PipelineOptions } from './options.js';
import { PopularityTracker } from './popularity.js';
import { type PipelineContext, recommend, type RecommendationList, type RecommendationRequest } from './recommend.js';
import type { ArticleBody, EventBody } from './schemas.js';
import { type SimilarList, similarArticles } from './similar.js';

export interface ServiceDependencies {
  store: Store;
  options: PipelineOptions;
  loadModel: ModelLoader;
  buildIndex?: IndexBuilder;
  logger: Logger;
  /** Clock in ms since the Unix epoch. */
  now: () => number;
  /** Called after each model swap. */
  onActivated?: (report: ActivationReport) => void;
}

export interface EventsResult {
  inserted: number;
  /** Event ids already stored: retries, ignored. */
  duplicates: string[];
  /** Of `duplicates`, ids whose stored event differs from the one sent; the stored one is kept. */
  conflicts: string[];
}

export interface ArticleWriteResult {
  article: StoredArticle;
  created: boolean;
  /** Whether the article's vector is in the active index now (false only before any model is active). */
  indexed: boolean;
}

/**
 * The recommendation service without HTTP: the pipeline, event ingestion, article writes and
 * model activation over one store. Routes translate HTTP to these calls and back.
 */
export class RecommendationService implements PipelineContext {
  readonly store: Store;
  readonly options: PipelineOptions;
  readonly catalogue = new ArticleCatalogue();
  readonly popularity: PopularityTracker;
  readonly registry: ModelRegistry;
  readonly now: () => number;
  private readonly logger: Logger;

  constructor(dependencies: ServiceDependencies) {
    const { store, options, logger } = dependencies;
    this.store = store;
    this.options = options;
    this.logger = logger;
    this.now = dependencies.now;
    this.popularity = new PopularityTracker(store, {
      halfLifeMs: options.trendingHalfLifeMs,
      timeTermWindowMs: options.timeTermWindowMs,
      refreshMs: options.popularityRefreshMs,
      minRefreshMs: options.popularityMinRefreshMs,
    });
    this.registry = new ModelRegistry({
      store,
      catalogue: this.catalogue,
      loadModel: dependencies.loadModel,
      buildIndex: dependencies.buildIndex,
      logger,
      onActivated: dependencies.onActivated,
    });
    this.catalogue.reload(store);
  }

  /** Runs the pipeline on the active model, held for the whole request. Throws `not_ready`. */
  recommend(request: Omit<RecommendationRequest, 'now'>): RecommendationList {
    const generation = this.registry.acquire();
    try {
      return recommend(this, generation, { ...request, now: this.now() });
    } finally {
      generation.release();
    }
  }

  similar(articleId: string, k: number): SimilarList {
    const generation = this.registry.acquire();
    try {
      return similarArticles(this, generation, articleId, k, this.now());
    } finally {
      generation.release();
    }
  }

  /**
   * Stores the events in one SQLite transaction (committed before this returns, so before the
   * 2xx reply). Repeated event ids are ignored; ids reused for a different event are logged
   * with `log` and returned as conflicts.
   */
  ingestEvents(events: readonly EventBody[], log: Pick<Logger, 'warn'> | FastifyBaseLogger = this.logger): EventsResult {
    const inputs = events.map(
      (event): EventInput => ({
        eventId: event.event_id,
        userId: event.user,
        articleId: event.article,
        type: event.type,
        timestamp: event.timestamp,
        readTime: event.read_time ?? null,
        liked: event.like ?? null,
      }),
    );
    const result = this.store.events.insertMany(inputs);
    if (result.inserted > 0) this.popularity.markDirty();
    if (result.conflictingEventIds.length > 0) {
      log.warn(
        { conflictingEventIds: result.conflictingEventIds.slice(0, 100), conflicts: result.conflictingEventIds.length },
        'event ids reused for different events; the stored events were kept',
      );
    }
    return { inserted: result.inserted, duplicates: result.duplicateEventIds, conflicts: result.conflictingEventIds };
  }

  /**
   * Stores a new or changed article and puts its embedding (from content, plus the trained id
   * row when the model was trained on the article) in the active index at once.
   */
  putArticle(articleId: string, body: ArticleBody): ArticleWriteResult {
    const input: ArticleInput = {
      articleId,
      title: body.title,
      text: body.text,
      category: body.category,
      tags: body.tags,
      author: body.author,
      publishedAt: body.published_at,
      ...(body.expires_at !== undefined ? { expiresAt: body.expires_at } : {}),
      ...(body.hidden !== undefined ? { hidden: body.hidden } : {}),
    };
    const created = this.store.articles.get(articleId) === null;
    const article = this.store.articles.upsert(input);
    this.catalogue.set(article);

    const generation = this.registry.current();
    if (generation !== null) {
      // The index contains the training catalogue plus content-only articles, so an indexed id
      // that is not content-only is a training article and keeps the source 'model'.
      const trained = generation.index.has(articleId) && !generation.contentOnly.has(articleId);
      generation.indexArticle(article, trained);
    }
    return { article, created, indexed: generation !== null };
  }

  /**
   * Hides an article: it stays stored and indexed but is never recommended again. An article
   * found only in the model's training catalogue gets a stored row (empty title and text) that
   * carries the hidden flag. Throws `article_not_found` for an id found in neither.
   */
  hideArticle(articleId: string): StoredArticle {
    try {
      const article = this.store.articles.hide(articleId);
      this.catalogue.set(article);
      return article;
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'STORE_NOT_FOUND')) throw error;
    }
    if (this.registry.current()?.index.has(articleId) !== true) {
      throw new ServeError('article_not_found', `article ${JSON.stringify(articleId)} is neither stored nor in the model's catalogue`, { articleId });
    }
    const article = this.store.articles.upsert({
      articleId,
      title: '',
      text: '',
      category: null,
      tags: [],
      author: null,
      publishedAt: this.registry.current()?.loaded.publishedAt(articleId) ?? null,
      hidden: true,
    });
    this.catalogue.set(article);
    return article;
  }

  /** Registers a model directory under a new version label. Throws `model_version_exists`. */
  registerModel(version: string, path: string, metrics: Record<string, unknown> = {}) {
    try {
      return this.store.modelVersions.register({ version, path, metrics });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'STORE_DUPLICATE') {
        throw new ServeError('model_version_exists', error.message, { version });
      }
      throw error;
    }
  }

  /** Loads a registered version and swaps it in. Throws `model_version_not_found`, `model_load_failed`. */
  async activate(version: string): Promise<ActivationReport> {
    const registered = this.store.modelVersions.get(version);
    if (registered === null) {
      throw new ServeError('model_version_not_found', `model version ${JSON.stringify(version)} is not registered`, { version });
    }
    return this.registry.activate(version, registered.path);
  }
}
