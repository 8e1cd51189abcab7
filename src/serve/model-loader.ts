import { loadTwoTower } from '../models/two-tower-file.js';
import type { ServingModel } from '../models/serving-model.js';

/** A model loaded for serving, with what the pipeline needs beyond the ServingModel interface. */
export interface LoadedModel {
  model: ServingModel;
  /** Publication time (ms) of a training-catalogue article, or null when unknown. */
  publishedAt(articleId: string): number | null;
  /** Trailing window (ms) of the model's time term; null when the model has no time term or does not state the window. */
  timeTermWindowMs: number | null;
  /** Frees native or wasm memory; called once no request uses the model any more. */
  dispose(): Promise<void>;
}

/** Loads the model directory `dir` under the label `version`. */
export type ModelLoader = (dir: string, version: string) => Promise<LoadedModel>;

/** Loads a two-tower model directory written by `readnext train` (verified, see two-tower-file.ts). */
export const loadTwoTowerForServing: ModelLoader = async (dir, version) => {
  const { serving } = await loadTwoTower(dir, version);
  const publishedAt = serving.catalogue.publishedAt;
  return {
    model: serving,
    publishedAt: (articleId) => {
      const row = serving.rowOf(articleId);
      if (row === undefined || Number.isNaN(publishedAt[row])) return null;
      return publishedAt[row];
    },
    timeTermWindowMs: serving.model.timeTerm?.windowMs ?? null,
    dispose: () => serving.model.dispose(),
  };
};
