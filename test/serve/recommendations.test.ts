import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { event, fixtureArticleRows, HOUR, itemIds, NOW, startTestServer, type TestServer } from './harness.js';

// Dot products below use the fixture vectors (harness.ts), e.g. the query of a reader of t1
// alone is t1 = [1, 0, 0, 0.3], so t2 = [0.9, 0.1, 0, 0.2] scores 0.9 + 0.06 = 0.96.
describe('GET /v1/users/:userId/recommendations', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      pipeline: { mmrLambda: 1 },
      seed: (store) => {
        store.articles.upsertMany(fixtureArticleRows());
        store.users.upsert({ userId: 'food-fan', preferredTopics: ['food'], signupDate: null });
        // Trending: s1 read twice and f1 once, 1 h before NOW (ring 0, weight 2^-0.5 each).
        store.events.insertMany([
          { eventId: 'seed-1', userId: 'u1', articleId: 's1', type: 'read', timestamp: NOW - HOUR },
          { eventId: 'seed-2', userId: 'u2', articleId: 's1', type: 'click', timestamp: NOW - HOUR },
          { eventId: 'seed-3', userId: 'u3', articleId: 'f1', type: 'read', timestamp: NOW - HOUR },
          { eventId: 'seed-4', userId: 'reader', articleId: 't1', type: 'read', timestamp: NOW - 2 * HOUR },
        ]);
      },
    });
  });
  afterAll(async () => server.close());

  it('ranks by model score for a reader', async () => {
    const { status, body } = await server.request('GET', '/v1/users/reader/recommendations?k=3');
    expect(status).toBe(200);
    expect(body.coldStart).toBe(false);
    expect(body.modelVersion).toBe('v1');
    expect(itemIds(body)).toEqual(['t2', 't3', 't4']);
    // t2: 0.9 + 0.3·0.2 = 0.96; t3: 0.8 + 0.3·0.1 = 0.83; t4: 0.7.
    expect(body.items[0].score).toBeCloseTo(0.96, 5);
    expect(body.items[1].score).toBeCloseTo(0.83, 5);
    expect(body.items[2].score).toBeCloseTo(0.7, 5);
    expect(body.items.map((item: { source: string }) => item.source)).toEqual(['model', 'model', 'model']);
  });

  it('flags an unknown user as cold start with trending items', async () => {
    const { status, body } = await server.request('GET', '/v1/users/stranger/recommendations?k=4');
    expect(status).toBe(200);
    expect(body.coldStart).toBe(true);
    // s1: 2 · 2^-0.5 = 1.41421; f1 and t1 (read by `reader`) tie at 2^-0.5 = 0.70711 and the
    // lower id goes first; then articles without events, newest first: t2.
    expect(itemIds(body)).toEqual(['s1', 'f1', 't1', 't2']);
    expect(body.items[0].score).toBeCloseTo(1.41421, 4);
    expect(body.items[1].score).toBeCloseTo(0.70711, 4);
    expect(body.items[2].score).toBeCloseTo(0.70711, 4);
    expect(body.items[3].score).toBe(0);
    expect(new Set(body.items.map((item: { source: string }) => item.source))).toEqual(new Set(['trending']));
  });

  it('tilts cold start towards profile topics', async () => {
    const { body } = await server.request('GET', '/v1/users/food-fan/recommendations?k=4');
    expect(body.coldStart).toBe(true);
    // f1: 0.70711 · 3 = 2.12132 beats s1 at 1.41421, then t1 at 0.70711; f2 (food) leads the
    // articles without events, ahead of newer ones.
    expect(itemIds(body)).toEqual(['f1', 's1', 't1', 'f2']);
    expect(body.items[0].score).toBeCloseTo(2.12132, 4);
    const five = await server.request('GET', '/v1/users/food-fan/recommendations?k=5');
    expect(itemIds(five.body)).toEqual(['f1', 's1', 't1', 'f2', 't2']);
  });

  it('returns the whole catalogue when k exceeds it', async () => {
    const { status, body } = await server.request('GET', '/v1/users/reader/recommendations?k=50');
    expect(status).toBe(200);
    // 9 articles minus t1, already read.
    expect(body.items).toHaveLength(8);
    expect(itemIds(body)).not.toContain('t1');
    expect(new Set(itemIds(body)).size).toBe(8);
  });

  it('leaves out the exclude list', async () => {
    const commas = await server.request('GET', '/v1/users/reader/recommendations?k=3&exclude=t2,t3');
    // After t4 (0.7): s2 0.16, then f1 and s1 tie at 0.09 and the lower id wins.
    expect(itemIds(commas.body)).toEqual(['t4', 's2', 'f1']);
    const repeated = await server.request('GET', '/v1/users/reader/recommendations?k=3&exclude=t2&exclude=t3');
    expect(itemIds(repeated.body)).toEqual(['t4', 's2', 'f1']);
  });

  it('explains items by the closest history article', async () => {
    await server.request('POST', '/v1/events', { body: event('explained', 't1', { timestamp: NOW - 3 * HOUR }) });
    await server.request('POST', '/v1/events', { body: event('explained', 's1', { timestamp: NOW - 2 * HOUR }) });
    const { body } = await server.request('GET', '/v1/users/explained/recommendations?k=9&explain=true');
    const byId = new Map(body.items.map((item: { articleId: string; because: unknown }) => [item.articleId, item.because]));
    // t2·t1 = 0.96 > t2·s1 = 0.16; s2·s1 = 0.96 > s2·t1 = 0.16.
    expect(byId.get('t2')).toEqual({ articleId: 't1', score: expect.closeTo(0.96, 5) });
    expect(byId.get('s2')).toEqual({ articleId: 's1', score: expect.closeTo(0.96, 5) });
    const plain = await server.request('GET', '/v1/users/explained/recommendations?k=2');
    expect(plain.body.items[0].because).toBeUndefined();
  });

  it('changes after a posted event', async () => {
    await server.request('POST', '/v1/events', { body: event('changer', 't1', { timestamp: NOW - 3 * HOUR }) });
    const before = await server.request('GET', '/v1/users/changer/recommendations?k=1');
    expect(itemIds(before.body)).toEqual(['t2']);

    const posted = await server.request('POST', '/v1/events', {
      body: [event('changer', 's1', { timestamp: NOW - 0.5 * HOUR }), event('changer', 's2', { timestamp: NOW - 0.4 * HOUR })],
    });
    expect(posted.status).toBe(200);
    expect(posted.body.inserted).toBe(2);
    // Query = (t1 + s1 + s2) / 3 = [1.1, 1.9, 0, 0.8] / 3: s3 scores 1.6 / 3 = 0.533, t2 1.34 / 3 = 0.447.
    const after = await server.request('GET', '/v1/users/changer/recommendations?k=2');
    expect(itemIds(after.body)).toEqual(['s3', 't2']);
    expect(after.body.items[0].score).toBeCloseTo(1.6 / 3, 5);
  });

  it('recommends a new article without retraining', async () => {
    for (const id of ['t1', 't2', 't3', 't4']) {
      await server.request('POST', '/v1/events', { body: event('tech-fan', id) });
    }
    const put = await server.request('PUT', '/v1/articles/new-tech', {
      body: { title: 'Fresh tech', text: 'New chips', category: 'tech', published_at: '2026-12-04T11:30:00Z' },
    });
    expect(put.status).toBe(201);
    expect(put.body.indexed).toBe(true);

    // Query = mean(t1..t4) = [0.85, 0.025, 0.025, 0.15]; new-tech's content vector [0.5, 0, 0, 0] scores 0.425.
    const { body } = await server.request('GET', '/v1/users/tech-fan/recommendations?k=2');
    expect(body.items[0]).toEqual({ articleId: 'new-tech', score: expect.closeTo(0.425, 5), source: 'content' });
    expect(body.items[1].articleId).toBe('s2');
  });

  it('never returns hidden or expired articles', async () => {
    const hidden = await server.request('DELETE', '/v1/articles/s1');
    expect(hidden.status).toBe(200);
    expect(hidden.body.article.hidden).toBe(true);
    const expired = await server.request('PUT', '/v1/articles/t3', {
      body: { title: 'Article t3', category: 'tech', expires_at: NOW - 1 },
    });
    expect(expired.status).toBe(200);

    for (const user of ['reader', 'stranger', 'food-fan', 'changer']) {
      const { body } = await server.request('GET', `/v1/users/${user}/recommendations?k=50`);
      expect(itemIds(body)).not.toContain('s1');
      expect(itemIds(body)).not.toContain('t3');
    }
    const similar = await server.request('GET', '/v1/articles/t1/similar?k=50');
    expect(itemIds(similar.body)).not.toContain('s1');
    expect(itemIds(similar.body)).not.toContain('t3');

    // Unhiding by PUT brings it back.
    await server.request('PUT', '/v1/articles/s1', { body: { title: 'Article s1', category: 'sport', hidden: false } });
    const { body } = await server.request('GET', '/v1/users/stranger/recommendations?k=1');
    expect(itemIds(body)).toEqual(['s1']);
  });

  it('never repeats an id in a page', async () => {
    for (const user of ['reader', 'stranger', 'food-fan', 'changer', 'tech-fan', 'explained']) {
      for (const k of [1, 3, 5, 9, 20]) {
        const { body } = await server.request('GET', `/v1/users/${user}/recommendations?k=${k}&exclude=t4`);
        const ids = itemIds(body);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).not.toContain('t4');
      }
    }
  });
});

describe('GET /v1/articles/:articleId/similar', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('ranks by dot product with the article', async () => {
    const { status, body } = await server.request('GET', '/v1/articles/t1/similar?k=3');
    expect(status).toBe(200);
    expect(itemIds(body)).toEqual(['t2', 't3', 't4']);
    expect(body.items[0].score).toBeCloseTo(0.96, 5);
  });

  it('returns 404 for an unknown article', async () => {
    const { status, body } = await server.request('GET', '/v1/articles/nope/similar');
    expect(status).toBe(404);
    expect(body.code).toBe('article_not_found');
    expect(body.details.articleId).toBe('nope');
  });
});

describe('pipeline settings', () => {
  it('drops articles older than the TTL', async () => {
    // Published 1 … 9 h before NOW: a 5.5 h TTL keeps t1 … s1 only.
    const server = await startTestServer({ pipeline: { articleTtlMs: 5.5 * HOUR, mmrLambda: 1 } });
    try {
      await server.request('POST', '/v1/events', { body: event('ttl-reader', 't1') });
      const { body } = await server.request('GET', '/v1/users/ttl-reader/recommendations?k=50');
      expect(itemIds(body)).toEqual(['t2', 't3', 't4', 's1']);
    } finally {
      await server.close();
    }
  });

  it('orders history by event time, not arrival', async () => {
    // Only the newest history article forms the query, so the order decides the result.
    const server = await startTestServer({ pipeline: { queryHistoryLength: 1, mmrLambda: 1 } });
    try {
      await server.request('POST', '/v1/events', { body: event('late', 's1', { timestamp: NOW - HOUR }) });
      await server.request('POST', '/v1/events', { body: event('late', 't1', { timestamp: NOW - 3 * HOUR }) });
      // Newest by event time is s1, so s2 (s1·s2 = 0.96) leads; by arrival it would be t1 and t2.
      const { body } = await server.request('GET', '/v1/users/late/recommendations?k=1');
      expect(itemIds(body)).toEqual(['s2']);
    } finally {
      await server.close();
    }
  });

  it('leaves out the reader own articles when configured', async () => {
    const server = await startTestServer({ pipeline: { excludeOwnArticles: true, mmrLambda: 1 } });
    try {
      await server.request('POST', '/v1/events', { body: event('author-tech', 's1') });
      // author-tech wrote t1 … t4, so none of them is recommended to them.
      const { body } = await server.request('GET', '/v1/users/author-tech/recommendations?k=50');
      expect(itemIds(body).filter((id) => id.startsWith('t'))).toEqual([]);
      expect(body.items).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it('lets a disliked article never return', async () => {
    const server = await startTestServer({ pipeline: { mmrLambda: 1 } });
    try {
      await server.request('POST', '/v1/events', { body: [event('picky', 't1'), event('picky', 't2', { type: 'dislike' }), event('picky', 't3', { type: 'click', like: false })] });
      const { body } = await server.request('GET', '/v1/users/picky/recommendations?k=50');
      expect(itemIds(body)[0]).toBe('t4');
      expect(itemIds(body)).not.toContain('t2');
      expect(itemIds(body)).not.toContain('t3');
    } finally {
      await server.close();
    }
  });
});
