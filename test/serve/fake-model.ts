import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Article } from '../../src/data/types.js';
import type { ServingModel } from '../../src/models/serving-model.js';
import type { LoadedModel, ModelLoader } from '../../src/serve/model-loader.js';

/**
 * A small deterministic ServingModel for service tests, with hand-picked 4-d embeddings so the
 * expected rankings can be worked out by hand:
 *
 * - a query is the mean of the vectors of the known history articles, plus the user's own
 *   vector when the spec lists the user; null when neither exists (cold start);
 * - a content embedding is TOPIC_AXES[category] × 0.5 (articles outside the catalogue);
 * - the time term is `timeTermPerHour × age in hours` (0 by default).
 */
export interface FakeModelSpec {
  version?: string;
  articles: { id: string; vector: number[]; publishedAt?: number | null }[];
  users?: Record<string, number[]>;
  timeTermPerHour?: number;
  /** Milliseconds the loader waits before returning, to hold an activation open. */
  loadDelayMs?: number;
  /** Makes the loader throw, as a corrupt model directory would. */
  failLoad?: boolean;
}

export const TOPIC_AXES: Record<string, number[]> = {
  tech: [1, 0, 0, 0],
  sport: [0, 1, 0, 0],
  food: [0, 0, 1, 0],
};

export const FAKE_MODEL_FILE = 'fake-model.json';

export class FakeServingModel implements ServingModel {
  readonly dimension = 4;
  readonly articleIds: readonly string[];
  readonly candidateEmbeddings: Float32Array;
  private readonly rowOf: Map<string, number>;

  constructor(
    readonly spec: FakeModelSpec,
    readonly version: string,
  ) {
    this.articleIds = spec.articles.map((article) => article.id);
    this.candidateEmbeddings = Float32Array.from(spec.articles.flatMap((article) => article.vector));
    this.rowOf = new Map(this.articleIds.map((id, row) => [id, row]));
  }

  embedQuery(userId: string, history: readonly string[]): Float32Array | null {
    const sum = new Float32Array(4);
    let parts = 0;
    for (const id of history) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      for (let j = 0; j < 4; j++) sum[j] += this.candidateEmbeddings[row * 4 + j];
      parts += 1;
    }
    const own = this.spec.users?.[userId];
    if (own !== undefined) {
      for (let j = 0; j < 4; j++) sum[j] += own[j];
      parts += 1;
    }
    if (parts === 0) return null;
    return sum.map((value) => value / parts);
  }

  embedArticle(article: Article): Float32Array {
    const axis = TOPIC_AXES[article.category ?? ''] ?? [0, 0, 0, 1];
    return Float32Array.from(axis, (value) => value * 0.5);
  }

  timeTerm(ageMs: number): number {
    if (Number.isNaN(ageMs)) return 0;
    return (this.spec.timeTermPerHour ?? 0) * (ageMs / 3_600_000);
  }
}

/** Writes `spec` as a fake model directory. */
export async function writeFakeModel(dir: string, spec: FakeModelSpec): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, FAKE_MODEL_FILE), JSON.stringify(spec));
  return dir;
}

/** Counts of what the fake loader did, for hot-swap assertions. */
export interface LoaderLog {
  loaded: string[];
  disposed: string[];
}

/** Creates a ModelLoader that reads fake model directories and records loads and disposals in `log`. */
export function fakeModelLoader(log: LoaderLog = { loaded: [], disposed: [] }): ModelLoader {
  return async (dir, version): Promise<LoadedModel> => {
    const spec = JSON.parse(await readFile(path.join(dir, FAKE_MODEL_FILE), 'utf8')) as FakeModelSpec;
    if (spec.loadDelayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, spec.loadDelayMs));
    if (spec.failLoad === true) throw new Error(`weights.bin in ${dir} is truncated`);
    const published = new Map(spec.articles.map((article) => [article.id, article.publishedAt ?? null]));
    log.loaded.push(version);
    return {
      model: new FakeServingModel(spec, version),
      publishedAt: (articleId) => published.get(articleId) ?? null,
      timeTermWindowMs: null,
      dispose: async () => {
        log.disposed.push(version);
      },
    };
  };
}
