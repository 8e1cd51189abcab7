import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { event, fixtureSpec, itemIds, NOW, startTestServer, type TestServer } from './harness.js';

/** The fixture with the vectors of t2 and t4 swapped, so a reader of t1 gets t4 first. */
function swappedSpec(version: string, loadDelayMs: number) {
  const spec = fixtureSpec({ version, loadDelayMs });
  const vectorOf = new Map(spec.articles.map((article) => [article.id, article.vector]));
  spec.articles = spec.articles.map((article) => {
    if (article.id === 't2') return { ...article, vector: vectorOf.get('t4') as number[] };
    if (article.id === 't4') return { ...article, vector: vectorOf.get('t2') as number[] };
    return article;
  });
  return spec;
}

describe('model hot swap', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ pipeline: { mmrLambda: 1 } });
    await server.request('POST', '/v1/events', { body: event('reader', 't1', { timestamp: NOW - 1000 }) });
  });
  afterAll(async () => server.close());

  it('serves every request while activating', async () => {
    await server.addModel('v2', swappedSpec('v2', 300));
    const before = await server.request('GET', '/v1/users/reader/recommendations?k=1');
    expect(itemIds(before.body)).toEqual(['t2']);

    const activation = server.request('POST', '/v1/admin/models/v2/activate');
    let done = false;
    void activation.then(() => (done = true));
    const statuses: number[] = [];
    const versions = new Set<string>();
    while (!done) {
      const wave = await Promise.all(
        Array.from({ length: 20 }, () => server.request('GET', '/v1/users/reader/recommendations?k=3')),
      );
      for (const result of wave) {
        statuses.push(result.status);
        versions.add(result.body.modelVersion);
      }
    }

    const activated = await activation;
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ version: 'v2', previous: 'v1', indexedArticles: 9, contentArticles: 0 });
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(versions.has('v1')).toBe(true);

    // t4 now has t2's old vector [0.9, 0.1, 0, 0.2]: 0.96 for the reader of t1.
    const after = await server.request('GET', '/v1/users/reader/recommendations?k=1');
    expect(after.body.modelVersion).toBe('v2');
    expect(itemIds(after.body)).toEqual(['t4']);
    expect(after.body.items[0].score).toBeCloseTo(0.96, 5);
    expect(server.store.modelVersions.active()?.version).toBe('v2');
    expect(server.loaderLog.disposed).toEqual(['v1']);
  });

  it('keeps a held model until its request ends', async () => {
    await server.addModel('v3', swappedSpec('v3', 0));
    const held = server.server.service.registry.acquire();
    expect(held.version).toBe('v2');
    await server.server.service.activate('v3');
    expect(server.loaderLog.disposed).toEqual(['v1']);
    held.release();
    expect(server.loaderLog.disposed).toEqual(['v1', 'v2']);
  });

  it('rejects a second activation while one runs', async () => {
    await server.addModel('slow', swappedSpec('slow', 300));
    const first = server.request('POST', '/v1/admin/models/slow/activate');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await server.request('POST', '/v1/admin/models/v3/activate');
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('activation_in_progress');
    expect((await first).status).toBe(200);
  });

  it('keeps the active model when a load fails', async () => {
    await server.addModel('broken', { ...fixtureSpec(), failLoad: true });
    const { status, body } = await server.request('POST', '/v1/admin/models/broken/activate');
    expect(status).toBe(422);
    expect(body.code).toBe('model_load_failed');
    expect(body.message).toContain('weights.bin');
    const ready = await server.request('GET', '/readyz');
    expect(ready.body.modelVersion).toBe('slow');
    expect(server.store.modelVersions.active()?.version).toBe('slow');
  });

  it('answers 404 for an unregistered version', async () => {
    const { status, body } = await server.request('POST', '/v1/admin/models/none/activate');
    expect(status).toBe(404);
    expect(body.code).toBe('model_version_not_found');
  });

  it('registers versions over HTTP once', async () => {
    const created = await server.request('POST', '/v1/admin/models', { body: { version: 'v9', path: '/models/v9', metrics: { 'recall@10': 0.2 } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 'v9', path: '/models/v9', status: 'inactive' });
    const again = await server.request('POST', '/v1/admin/models', { body: { version: 'v9', path: '/models/other' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('model_version_exists');
  });

  it('keeps content articles across a swap', async () => {
    await server.request('PUT', '/v1/articles/late-news', { body: { title: 'Late', category: 'food' } });
    await server.addModel('v4', fixtureSpec({ version: 'v4' }));
    const { body } = await server.request('POST', '/v1/admin/models/v4/activate');
    expect(body).toMatchObject({ indexedArticles: 10, contentArticles: 1 });
    const similar = await server.request('GET', '/v1/articles/late-news/similar?k=1');
    expect(similar.status).toBe(200);
    // late-news = [0, 0, 0.5, 0]: f1 scores 0.5, f2 0.45.
    expect(itemIds(similar.body)).toEqual(['f1']);
  });
});

describe('health, readiness, metrics and docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ noModel: true });
  });
  afterAll(async () => server.close());

  it('is live but not ready before a model is active', async () => {
    expect((await server.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await server.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('not_ready');
    const recommendations = await server.request('GET', '/v1/users/u/recommendations');
    expect(recommendations.status).toBe(503);
  });

  it('becomes ready after activation', async () => {
    await server.addModel('v1', fixtureSpec());
    expect((await server.request('POST', '/v1/admin/models/v1/activate')).status).toBe(200);
    const ready = await server.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', modelVersion: 'v1', indexedArticles: 9, events: 0 });
  });

  it('exposes Prometheus metrics', async () => {
    await server.request('GET', '/v1/users/u/recommendations?k=2');
    const { status, headers, body } = await server.request('GET', '/metrics');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/plain');
    expect(body).toContain('readnext_active_model_info{version="v1"} 1');
    expect(body).toContain('readnext_indexed_articles 9');
    expect(body).toContain('readnext_recommendations_total{cold_start="true"} 1');
    expect(body).toContain('readnext_recommended_items_total{source="trending"} 2');
    expect(body).toMatch(/readnext_http_request_duration_seconds_count\{method="GET",route="\/v1\/users\/:userId\/recommendations",status_code="200"\} 1/);
  });

  it('serves the OpenAPI document', async () => {
    const { status, body } = await server.request('GET', '/docs/json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/users/{userId}/recommendations', '/v1/events', '/v1/articles/{articleId}', '/v1/admin/models/{version}/activate']),
    );
    const ui = await server.request('GET', '/docs/');
    expect(ui.status).toBe(200);
  });
});
