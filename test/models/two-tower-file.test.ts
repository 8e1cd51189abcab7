import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { generateDemo } from '../../src/data/demo/index.js';
import { splitByTime } from '../../src/features/time-split.js';
import { recommendForUser } from '../../src/models/recommend-for-user.js';
import { loadTwoTower, saveTwoTower } from '../../src/models/two-tower-file.js';
import { TwoTowerRecommender } from '../../src/train/two-tower-recommender.js';

describe('two-tower model directory', async () => {
  const dataset = generateDemo({ scale: 'small', seed: 3 });
  const split = splitByTime(dataset.interactions, { quantile: 0.9 });
  const recommender = new TwoTowerRecommender({ training: { epochs: 1, validationShare: 0 } });
  await recommender.fit({ train: split.train, articles: dataset.articles, users: dataset.users, cutoff: split.cutoff, seed: 11 });
  const serving = recommender.toServingModel('test');
  const dir = await mkdtemp(path.join(tmpdir(), 'readnext-two-tower-'));
  const modelDir = path.join(dir, 'model');
  await saveTwoTower(modelDir, serving, { note: 'test' });
  afterAll(async () => {
    await recommender.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const userId = split.train.userIds[split.train.user[100]];
  const history = [dataset.interactions.articleIds[split.train.article[5]], dataset.interactions.articleIds[split.train.article[50]]];
  const topics = dataset.users.get(userId)?.preferredTopics ?? [];

  it('reloads to identical scores', async () => {
    const { serving: loaded, manifest } = await loadTwoTower(modelDir);
    expect(manifest.seed).toBe(11);
    expect(manifest.config).toEqual(serving.model.config);
    expect(loaded.articleIds).toEqual(serving.articleIds);
    expect(loaded.candidateEmbeddings).toEqual(serving.candidateEmbeddings);

    const before = serving.embedQuery(userId, history, topics)!;
    const after = loaded.embedQuery(userId, history, topics)!;
    expect(after).toEqual(before);
    const time = split.cutoff + 3_600_000;
    expect(loaded.scoreCatalogue(after, time)).toEqual(serving.scoreCatalogue(before, time));
    const article = dataset.articles.get(serving.articleIds[3])!;
    expect(loaded.embedArticle(article)).toEqual(serving.embedArticle(article));
    expect(loaded.timeTerm(7_200_000, 5)).toBe(serving.timeTerm(7_200_000, 5));
    expect(recommendForUser(loaded, { userId, history, profileTopics: topics, time, k: 10 })).toEqual(
      recommendForUser(serving, { userId, history, profileTopics: topics, time, k: 10 }),
    );
    await loaded.model.dispose();
  });

  it('rejects a truncated weights file', async () => {
    const copy = path.join(dir, 'truncated');
    await saveTwoTower(copy, serving, {});
    await truncate(path.join(copy, 'weights.bin'), 1000);
    await expect(loadTwoTower(copy)).rejects.toMatchObject({ code: 'model_weights_truncated' });
    await expect(loadTwoTower(copy)).rejects.toThrow(/has 1000 bytes but the manifest lists/);
  });

  it('rejects a directory without a manifest', async () => {
    await expect(loadTwoTower(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'model_not_found' });
  });

  it('rejects weights that do not fit the config', async () => {
    const copy = path.join(dir, 'resized');
    await saveTwoTower(copy, serving, {});
    const manifestPath = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.tensors = manifest.tensors.filter((tensor: { name: string }) => tensor.name !== 'candidate.text');
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expect(loadTwoTower(copy)).rejects.toThrow(/Weight "candidate.text" is missing/);
  });
});
