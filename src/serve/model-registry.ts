import { performance } from 'node:perf_hooks';

import type { Logger } from 'pino';

import { createIndex } from '../index/create-index.js';
import type { VectorIndex } from '../index/vector-index.js';
import type { ServingModel } from '../models/serving-model.js';
import type { Store } from '../store/index.js';
import { type ArticleCatalogue, readAllArticles } from './article-catalogue.js';
import { ServeError } from './errors.js';
import type { LoadedModel, ModelLoader } from './model-loader.js';

/** Builds the vector index over a model's training-catalogue embeddings. */
export type IndexBuilder = (model: ServingModel) => Promise<VectorIndex>;

/**
 * One activated model with its index. Each request acquires a generation at its start and
 * releases it after the reply is built, so a swap never changes the model under a request. A
 * retired generation is disposed when its last request releases it.
 */
export class ModelGeneration {
  /** Articles whose vector came from `embedArticle` (content) rather than the training catalogue. */
  readonly contentOnly = new Set<string>();
  private references = 0;
  private retired = false;

  constructor(
    readonly version: string,
    readonly loaded: LoadedModel,
    readonly index: VectorIndex,
    private readonly onDisposeError: (error: unknown) => void,
  ) {}

  get model(): ServingModel {
    return this.loaded.model;
  }

  /** Requests currently using this generation. */
  get inFlight(): number {
    return this.references;
  }

  /** Embeds `article` from its content and puts it in the index (replacing an older vector). */
  indexArticle(article: Parameters<ServingModel['embedArticle']>[0], trained: boolean): void {
    this.index.upsert(article.articleId, this.model.embedArticle(article));
    if (trained) this.contentOnly.delete(article.articleId);
    else this.contentOnly.add(article.articleId);
  }

  acquire(): void {
    this.references += 1;
  }

  release(): void {
    this.references -= 1;
    if (this.retired && this.references === 0) this.dispose();
  }

  retire(): void {
    this.retired = true;
    if (this.references === 0) this.dispose();
  }

  private dispose(): void {
    this.loaded.dispose().catch(this.onDisposeError);
  }
}

export interface ActivationReport {
  version: string;
  /** Version active before, or null. */
  previous: string | null;
  /** Articles in the new index, training catalogue plus stored articles embedded from content. */
  indexedArticles: number;
  /** Of `indexedArticles`, those embedded from content. */
  contentArticles: number;
  /** Wall-clock ms from the start of loading to the swap. */
  loadMs: number;
}

export interface RegistryDependencies {
  store: Store;
  catalogue: ArticleCatalogue;
  loadModel: ModelLoader;
  /** Default: an exact index below 20,000 articles, HNSW from there (see createIndex). */
  buildIndex?: IndexBuilder;
  logger: Logger;
  /** Called after each swap, for example to update metrics. */
  onActivated?: (report: ActivationReport) => void;
}

/**
 * Builds an index of the kind `createIndex` picks for the catalogue size.
 *
 * NOTE: the build runs on the main thread, so while an HNSW graph is built (about 17 minutes at
 * 1,000,000 articles on 2 cores) the service serves no request. Pass a builder that loads a
 * saved index for large catalogues.
 */
export const buildDefaultIndex: IndexBuilder = async (model) => {
  const index = createIndex({ dimension: model.dimension, expectedSize: model.articleIds.length });
  index.build(model.articleIds, model.candidateEmbeddings);
  return index;
};

/**
 * The active model and its hot swap. `activate` loads the new model and builds its index while
 * the old one keeps serving, then swaps them with one reference assignment. Only one
 * activation runs at a time.
 */
export class ModelRegistry {
  private active: ModelGeneration | null = null;
  private activating: string | null = null;

  constructor(private readonly dependencies: RegistryDependencies) {}

  /** Returns the active generation, or null before the first activation. */
  current(): ModelGeneration | null {
    return this.active;
  }

  /** Returns the active generation, held until `release`; throws `not_ready` when none is active. */
  acquire(): ModelGeneration {
    const generation = this.active;
    if (generation === null) {
      throw new ServeError('not_ready', 'no model is active yet', {});
    }
    generation.acquire();
    return generation;
  }

  /**
   * Loads the model directory `dir` as `version`, indexes its catalogue and every stored article
   * it lacks (embedded from content), marks the version active in the store and swaps it in.
   * On failure the active model stays. Throws `activation_in_progress` or `model_load_failed`.
   */
  async activate(version: string, dir: string): Promise<ActivationReport> {
    if (this.activating !== null) {
      throw new ServeError('activation_in_progress', `model version ${JSON.stringify(this.activating)} is being activated`, {
        activating: this.activating,
      });
    }
    this.activating = version;
    const started = performance.now();
    try {
      const { loaded, index } = await this.loadAndIndex(version, dir);

      // From here to the swap nothing awaits, so no article write can slip between reading the
      // store and swapping: every article stored so far is in the new index.
      const { store, catalogue, logger } = this.dependencies;
      const generation = new ModelGeneration(version, loaded, index, (error) =>
        logger.error({ err: error, version }, 'failed to dispose a retired model'),
      );
      let previous: string | null;
      try {
        catalogue.reload(store);
        for (const article of readAllArticles(store)) {
          if (!index.has(article.articleId)) generation.indexArticle(article, false);
        }
        previous = store.modelVersions.activate(version).previous;
      } catch (error) {
        generation.retire();
        throw new ServeError('model_load_failed', `cannot activate model version ${JSON.stringify(version)}: ${(error as Error).message}`, {
          version,
          path: dir,
        }, { cause: error });
      }
      const old = this.active;
      this.active = generation;
      old?.retire();

      const report = {
        version,
        previous,
        indexedArticles: index.size(),
        contentArticles: generation.contentOnly.size,
        loadMs: Math.round(performance.now() - started),
      };
      logger.info(report, 'model activated');
      this.dependencies.onActivated?.(report);
      return report;
    } finally {
      this.activating = null;
    }
  }

  /** Retires the active model, which is disposed once no request uses it. */
  close(): void {
    const old = this.active;
    this.active = null;
    old?.retire();
  }

  private async loadAndIndex(version: string, dir: string): Promise<{ loaded: LoadedModel; index: VectorIndex }> {
    let loaded: LoadedModel;
    try {
      loaded = await this.dependencies.loadModel(dir, version);
    } catch (error) {
      throw new ServeError('model_load_failed', `cannot load model version ${JSON.stringify(version)} from ${dir}: ${(error as Error).message}`, {
        version,
        path: dir,
        cause: (error as { code?: unknown }).code ?? null,
      }, { cause: error });
    }

    try {
      const index = await (this.dependencies.buildIndex ?? buildDefaultIndex)(loaded.model);
      if (index.dimension !== loaded.model.dimension) {
        throw new Error(`the index has dimension ${index.dimension} but the model ${loaded.model.dimension}`);
      }
      return { loaded, index };
    } catch (error) {
      await loaded.dispose();
      throw new ServeError('model_load_failed', `cannot index model version ${JSON.stringify(version)}: ${(error as Error).message}`, {
        version,
        path: dir,
      }, { cause: error });
    }
  }
}
