import { describe, expect, it } from 'vitest';

import { Adagrad, createInBatchSoftmax, EmbeddingTable, Rng, uniqueCandidates } from '../../src/tensor/index.js';

describe('id-only training step', () => {
  it('lowers the in-batch loss on a learnable task', async () => {
    // 100 users, 20 articles; user u always reads article u mod 20, so the towers can learn it.
    const rng = new Rng(12);
    const users = new EmbeddingTable({ rows: 100, dim: 16, initStd: 0.1, rng });
    const articles = new EmbeddingTable({ rows: 20, dim: 16, initStd: 0.1, rng });
    const optimizer = new Adagrad({ learningRate: 0.1 });
    const softmax = await createInBatchSoftmax();

    const losses: number[] = [];
    for (let step = 0; step < 40; step++) {
      const userIds = Int32Array.from({ length: 32 }, () => rng.nextInt(100));
      const { ids, positives } = uniqueCandidates(userIds.map((u) => u % 20));
      const result = softmax.loss(
        {
          query: users.gather(userIds),
          candidate: articles.gather(ids),
          batchSize: 32,
          numCandidates: ids.length,
          dim: 16,
          positives,
        },
        { reduction: 'sum' },
      );
      losses.push(result.loss / 32);
      users.accumulateGradient(userIds, result.dQuery);
      articles.accumulateGradient(ids, result.dCandidate);
      optimizer.applySparse(users);
      optimizer.applySparse(articles);
    }
    await softmax.dispose();

    // At the start every logit is near 0, so a row's loss is near ln(32 - accidental hits) ≈ 3.4,
    // because the unique columns carry their multiplicities.
    const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(first).toBeGreaterThan(3);
    expect(last).toBeLessThan(0.5 * first);
  });
});
