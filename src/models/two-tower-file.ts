import { parseArticleFeatureOptions } from '../features/article-features.js';
import { FeatureError } from '../features/errors.js';
import { vocabulariesFromJSON, vocabulariesToJSON } from '../features/vocabularies.js';
import type { VocabularyJson } from '../features/vocabulary.js';
import { ModelError } from './errors.js';
import { loadModelDirectory, ModelFileError, saveModelDirectory, type ModelManifest, type NamedTensor } from './model-file.js';
import { parseTwoTowerConfig, type TwoTowerConfig } from './two-tower-config.js';
import { TwoTowerModel } from './two-tower-model.js';
import { TwoTowerServingModel } from './two-tower-serving.js';

/** Model kind written to and required in the manifest. */
export const TWO_TOWER_KIND = 'readnext.two-tower';

/** Everything a saved two-tower model stores besides its weights. */
export interface TwoTowerExtra {
  vocabularies: Record<string, VocabularyJson>;
  articleFeatures: unknown;
  catalogue: { articleIds: string[]; publishedAt: (number | null)[]; popularityTime: number };
  /** Training settings, per-epoch history and data description, kept for the record. */
  training: unknown;
}

/**
 * Saves `serving` to `dir` (atomically, see model-file.ts): config, seed, vocabularies,
 * article-feature settings, the catalogue, every weight and `training` (options, history).
 */
export async function saveTwoTower(dir: string, serving: TwoTowerServingModel, training: unknown): Promise<ModelManifest<TwoTowerConfig, TwoTowerExtra>> {
  const { model, catalogue } = serving;
  const tensors: Record<string, NamedTensor> = { ...model.namedTensors() };
  tensors['catalogue.embeddings'] = { shape: [catalogue.articleIds.length, model.config.dim], data: catalogue.embeddings };
  tensors['catalogue.trailingCounts'] = { shape: [catalogue.articleIds.length], data: Float32Array.from(catalogue.trailingCounts) };
  const extra: TwoTowerExtra = {
    vocabularies: vocabulariesToJSON(serving.vocabularies),
    articleFeatures: serving.articleFeatureConfig,
    catalogue: {
      articleIds: [...catalogue.articleIds],
      publishedAt: Array.from(catalogue.publishedAt, (time) => (Number.isNaN(time) ? null : time)),
      popularityTime: catalogue.popularityTime,
    },
    training,
  };
  return saveModelDirectory(dir, { kind: TWO_TOWER_KIND, seed: model.seed, config: model.config, extra }, tensors);
}

/**
 * Loads and verifies a directory written by `saveTwoTower`: the manifest and checksum
 * (model-file.ts), the config, the vocabularies, that every weight matches the shape the config
 * and vocabularies imply, and the catalogue lengths. Throws ModelFileError or ModelError with
 * the offending value.
 */
export async function loadTwoTower(dir: string, version = dir): Promise<{ serving: TwoTowerServingModel; manifest: ModelManifest<TwoTowerConfig, TwoTowerExtra> }> {
  const { manifest, tensors } = await loadModelDirectory<unknown, TwoTowerExtra>(dir, TWO_TOWER_KIND);
  const config = parseTwoTowerConfig(manifest.config);
  const extra = manifest.extra;
  if (extra === null || typeof extra !== 'object' || extra.catalogue === undefined) {
    throw new ModelFileError('MODEL_MANIFEST_INVALID', `${dir}/manifest.json lacks the vocabularies or catalogue; retrain the model.`);
  }
  let vocabularies;
  let articleFeatureConfig;
  try {
    vocabularies = vocabulariesFromJSON(extra.vocabularies);
    articleFeatureConfig = parseArticleFeatureOptions(extra.articleFeatures as object);
  } catch (error) {
    if (!(error instanceof FeatureError)) throw error;
    throw new ModelFileError('MODEL_MANIFEST_INVALID', `${dir}/manifest.json: ${error.message}`);
  }
  const sizes = {
    users: vocabularies.users.size,
    articles: vocabularies.articles.size,
    categories: vocabularies.categories.size,
    tags: vocabularies.tags.size,
    authors: vocabularies.authors.size,
  };
  const model = await TwoTowerModel.create({ config, seed: manifest.seed, sizes });
  const weights = new Map<string, Float32Array>();
  for (const [name, tensor] of tensors) weights.set(name, tensor.data);
  try {
    model.restoreWeights(weights);
  } catch (error) {
    await model.dispose();
    throw error;
  }

  const { articleIds, publishedAt, popularityTime } = extra.catalogue;
  const embeddings = tensors.get('catalogue.embeddings');
  const counts = tensors.get('catalogue.trailingCounts');
  if (embeddings === undefined || counts === undefined || !Array.isArray(articleIds) || publishedAt.length !== articleIds.length) {
    await model.dispose();
    throw new ModelError('MODEL_FILE_INVALID', `${dir} lacks a consistent catalogue (ids, publication times, embeddings, counts); retrain the model.`);
  }
  const catalogue = {
    articleIds,
    embeddings: embeddings.data,
    publishedAt: Float64Array.from(publishedAt, (time) => (time === null ? NaN : time)),
    trailingCounts: Float64Array.from(counts.data),
    popularityTime,
  };
  try {
    return { serving: new TwoTowerServingModel(model, vocabularies, articleFeatureConfig, catalogue, version), manifest: { ...manifest, config } };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
