import type { Article } from '../data/types.js';
import { encodeArticle, type ArticleFeatureConfig } from '../features/article-features.js';
import type { Vocabularies } from '../features/vocabularies.js';
import { OOV_INDEX } from '../features/vocabulary.js';
import { candidateBatchFromEncoded } from './article-encoding.js';
import { ModelError } from './errors.js';
import type { ServingModel } from './serving-model.js';
import type { TwoTowerModel } from './two-tower-model.js';

/** The articles a trained model serves, with what the time term needs about each. */
export interface ServingCatalogue {
  /** Raw article ids, in row order of `embeddings`. */
  articleIds: string[];
  /** [articleIds.length x dim] candidate embeddings. */
  embeddings: Float32Array;
  /** [articleIds.length] publication time (ms; metadata, else first training interaction); NaN unknown. */
  publishedAt: Float64Array;
  /** [articleIds.length] interactions in the trailing window before `popularityTime`. */
  trailingCounts: Float64Array;
  /** Time (ms) of the `trailingCounts` snapshot: the end of the training data. */
  popularityTime: number;
}

/**
 * A trained two-tower model as the service and the recommend command use it: query and
 * article embeddings from raw ids, the catalogue's candidate embeddings, and the time term.
 */
export class TwoTowerServingModel implements ServingModel {
  readonly dimension: number;
  readonly articleIds: readonly string[];
  readonly candidateEmbeddings: Float32Array;
  private readonly rowOfArticle: Map<string, number>;

  constructor(
    readonly model: TwoTowerModel,
    readonly vocabularies: Vocabularies,
    readonly articleFeatureConfig: ArticleFeatureConfig,
    readonly catalogue: ServingCatalogue,
    readonly version: string,
  ) {
    this.dimension = model.config.dim;
    this.articleIds = catalogue.articleIds;
    this.candidateEmbeddings = catalogue.embeddings;
    const n = catalogue.articleIds.length;
    if (catalogue.embeddings.length !== n * this.dimension || catalogue.publishedAt.length !== n || catalogue.trailingCounts.length !== n) {
      throw new ModelError(
        'MODEL_FILE_INVALID',
        `The catalogue of ${n} articles has ${catalogue.embeddings.length / this.dimension} embeddings, ` +
          `${catalogue.publishedAt.length} publication times and ${catalogue.trailingCounts.length} counts; retrain the model.`,
      );
    }
    this.rowOfArticle = new Map(catalogue.articleIds.map((id, row) => [id, row]));
  }

  /** Catalogue row of a raw article id, or undefined. */
  rowOf(articleId: string): number | undefined {
    return this.rowOfArticle.get(articleId);
  }

  embedQuery(userId: string, history: readonly string[], profileTopics: readonly string[]): Float32Array | null {
    const { users, articles, categories } = this.vocabularies;
    const user = users.lookup(userId);
    const config = this.model.config;
    const historyIndices = config.features.history
      ? history.slice(-config.historyLength).map((id) => articles.lookup(id)).filter((index) => index !== OOV_INDEX)
      : [];
    const topicIndices = config.features.profileTopics
      ? [...new Set(profileTopics.map((topic) => categories.lookup(topic)).filter((index) => index !== OOV_INDEX))]
      : [];
    const knownUser = config.features.userId && user !== OOV_INDEX;
    if (!knownUser && historyIndices.length === 0 && topicIndices.length === 0) return null;
    return this.model.embedQueries({
      size: 1,
      users: Int32Array.of(user),
      history: { indices: Int32Array.from(historyIndices), offsets: Int32Array.of(0, historyIndices.length) },
      topics: { indices: Int32Array.from(topicIndices), offsets: Int32Array.of(0, topicIndices.length) },
    });
  }

  embedArticle(article: Article): Float32Array {
    const encoded = encodeArticle(article, this.vocabularies, this.articleFeatureConfig);
    const id = this.model.config.features.articleId ? this.vocabularies.articles.lookup(article.articleId) : OOV_INDEX;
    return this.model.embedCandidates(candidateBatchFromEncoded(encoded, id)).slice();
  }

  /**
   * Returns a serving model whose catalogue also contains `articles`, embedded by
   * `embedArticle`: an id outside the model's vocabulary takes the OOV row, so such an article
   * is embedded from its content, as any cold-start article. Articles already in the catalogue
   * are skipped. `publishedAt` gives each new
   * article's publication time (ms), used when the article has none; NaN leaves it unknown.
   * The returned model shares the weights, so dispose only one of the two.
   */
  withArticles(articles: readonly Article[], publishedAt: (article: Article) => number = () => Number.NaN): TwoTowerServingModel {
    const added = articles.filter((article) => !this.rowOfArticle.has(article.articleId));
    if (added.length === 0) return this;
    const n = this.articleIds.length;
    const dim = this.dimension;
    const embeddings = new Float32Array((n + added.length) * dim);
    embeddings.set(this.candidateEmbeddings);
    const times = new Float64Array(n + added.length);
    times.set(this.catalogue.publishedAt);
    added.forEach((article, k) => {
      embeddings.set(this.embedArticle(article), (n + k) * dim);
      times[n + k] = article.publishedAt ?? publishedAt(article);
    });
    const trailingCounts = new Float64Array(n + added.length);
    trailingCounts.set(this.catalogue.trailingCounts);
    const catalogue: ServingCatalogue = {
      articleIds: [...this.articleIds, ...added.map((article) => article.articleId)],
      embeddings,
      publishedAt: times,
      trailingCounts,
      popularityTime: this.catalogue.popularityTime,
    };
    return new TwoTowerServingModel(this.model, this.vocabularies, this.articleFeatureConfig, catalogue, this.version);
  }

  timeTerm(ageMs: number, trailingCount: number): number {
    return this.model.timeTerm === null ? 0 : this.model.timeTerm.value(ageMs, trailingCount);
  }

  /**
   * Scores every catalogue article for `query` [dim] at `time` (ms): dot product plus time term
   * with `trailingCounts` [catalogue size] (default: the training-end snapshot). Returns
   * [catalogue size] scores.
   */
  scoreCatalogue(query: Float32Array, time: number, trailingCounts: Float64Array = this.catalogue.trailingCounts): Float32Array {
    const n = this.articleIds.length;
    const dim = this.dimension;
    const out = new Float32Array(n);
    const term = this.model.timeTerm;
    const table = term?.tableOfCells() ?? null;
    for (let row = 0; row < n; row++) {
      let dot = 0;
      const base = row * dim;
      for (let j = 0; j < dim; j++) dot += query[j] * this.candidateEmbeddings[base + j];
      if (term !== null && table !== null) dot += table[term.cell(time - this.catalogue.publishedAt[row], trailingCounts[row])];
      out[row] = dot;
    }
    return out;
  }
}
