import { z } from 'zod';

import type { FitData, Recommender, ScoringRequest } from '../../models/recommender.js';
import { parseOptions } from '../parse-options.js';
import {
  buildTrainingMatrix,
  distinctKnown,
  requireFitted,
  writeCandidateScores,
  type TrainingMatrix,
} from './training-matrix.js';

export const itemKnnOptionsSchema = z
  .object({
    /** Neighbours kept per article; more raises recall on long histories and costs memory (8 bytes each). */
    neighbours: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export type ItemKnnOptions = z.input<typeof itemKnnOptionsSchema>;

/** Each article's nearest neighbours in CSR form. */
interface NeighbourLists {
  /** [articleCount + 1] offsets into `articles` / `similarities`. */
  offsets: Int32Array;
  /** Neighbour article codes, most similar first. */
  articles: Int32Array;
  /** Cosine similarity to the owning article, aligned with `articles`. */
  similarities: Float32Array;
}

/**
 * Item-based k-nearest neighbours on co-reads. Similarity is the cosine between two articles'
 * binary reader vectors, |U_i ∩ U_j| / sqrt(|U_i| · |U_j|). Each article keeps its `neighbours`
 * most similar articles, and a user's score for article j is the sum of sim(h, j) over the
 * distinct history articles h that list j as a neighbour.
 *
 * Fitting costs Σ_users (distinct articles read)² steps. Scoring costs history × neighbours.
 * Seen articles that no history article lists score 0; unseen ones get -Infinity. A user
 * without history therefore gets 0 everywhere, which ranks their positives last under
 * pessimistic ties (evaluate with minHistory >= 1 to leave such users out).
 */
export class ItemKnn implements Recommender {
  readonly name = 'item-knn';
  readonly options: z.output<typeof itemKnnOptionsSchema>;
  private state: { matrix: TrainingMatrix; neighbours: NeighbourLists; scratch: Float64Array } | null = null;

  constructor(options: ItemKnnOptions = {}) {
    this.options = parseOptions(itemKnnOptionsSchema, options, this.name);
  }

  async fit(data: FitData): Promise<void> {
    const matrix = buildTrainingMatrix(data.train, data.cutoff);
    const neighbours = findNeighbours(matrix, this.options.neighbours);
    this.state = { matrix, neighbours, scratch: new Float64Array(matrix.articleCount) };
  }

  score(request: ScoringRequest, candidates: Int32Array, out: Float32Array): void {
    const { matrix, neighbours, scratch } = requireFitted(this.state, this.name);
    const history = distinctKnown(request.history, matrix.articleCount);

    for (const article of history) {
      for (let n = neighbours.offsets[article]; n < neighbours.offsets[article + 1]; n++) {
        scratch[neighbours.articles[n]] += neighbours.similarities[n];
      }
    }
    writeCandidateScores(matrix, scratch, candidates, out);

    // Reset only what this request touched.
    for (const article of history) {
      for (let n = neighbours.offsets[article]; n < neighbours.offsets[article + 1]; n++) {
        scratch[neighbours.articles[n]] = 0;
      }
    }
  }
}

/**
 * Computes every article's top neighbours by cosine on co-reads, one article at a time:
 * walk its readers' other articles, count co-reads in a dense accumulator, keep the best.
 * Ties are broken by lower article code so the lists are deterministic.
 */
function findNeighbours(matrix: TrainingMatrix, limit: number): NeighbourLists {
  const { articleCount, articleOffsets, articleUsers, userOffsets, userArticles } = matrix;
  const readers = (article: number): number => articleOffsets[article + 1] - articleOffsets[article];
  const coReads = new Float64Array(articleCount);
  const touched: number[] = [];

  const offsets = new Int32Array(articleCount + 1);
  const lists: { articles: number[]; similarities: number[] }[] = [];
  let total = 0;

  for (let article = 0; article < articleCount; article++) {
    for (let u = articleOffsets[article]; u < articleOffsets[article + 1]; u++) {
      const user = articleUsers[u];
      for (let a = userOffsets[user]; a < userOffsets[user + 1]; a++) {
        const other = userArticles[a];
        if (other === article) continue;
        if (coReads[other] === 0) touched.push(other);
        coReads[other]++;
      }
    }

    const norm = Math.sqrt(readers(article));
    const scored = touched.map((other) => ({ other, similarity: coReads[other] / (norm * Math.sqrt(readers(other))) }));
    scored.sort((a, b) => b.similarity - a.similarity || a.other - b.other);
    const best = scored.slice(0, limit);
    lists.push({ articles: best.map((entry) => entry.other), similarities: best.map((entry) => entry.similarity) });
    total += best.length;
    offsets[article + 1] = total;

    for (const other of touched) coReads[other] = 0;
    touched.length = 0;
  }

  const articles = new Int32Array(total);
  const similarities = new Float32Array(total);
  for (let article = 0; article < articleCount; article++) {
    articles.set(lists[article].articles, offsets[article]);
    similarities.set(lists[article].similarities, offsets[article]);
  }
  return { offsets, articles, similarities };
}
