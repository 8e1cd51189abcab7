import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { event, itemIds, startTestServer, type TestServer } from './harness.js';

const ODD_USER = 'lecteur/é?x=1&y=2#z 🙂 %41';
const ODD_ARTICLE = 'news/2026/12?id=4&lang=pt-BR ç 記事 %2F';

describe('ids in URLs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ pipeline: { mmrLambda: 1 } });
  });
  afterAll(async () => server.close());

  it('round-trip an article id through PUT, similar and DELETE', async () => {
    const path = `/v1/articles/${encodeURIComponent(ODD_ARTICLE)}`;
    const put = await server.request('PUT', path, { body: { title: 'Odd', category: 'tech' } });
    expect(put.status).toBe(201);
    expect(put.body.article.articleId).toBe(ODD_ARTICLE);
    expect(server.store.articles.get(ODD_ARTICLE)?.title).toBe('Odd');

    const similar = await server.request('GET', `${path}/similar?k=1`);
    expect(similar.status).toBe(200);
    expect(similar.body.articleId).toBe(ODD_ARTICLE);

    // From t1, the odd article (content vector [0.5, 0, 0, 0]) scores 0.5, below t2 … t4.
    const fromT1 = await server.request('GET', '/v1/articles/t1/similar?k=4');
    expect(itemIds(fromT1.body)).toEqual(['t2', 't3', 't4', ODD_ARTICLE]);
  });

  it('round-trip a user id through events and recommendations', async () => {
    const posted = await server.request('POST', '/v1/events', { body: event(ODD_USER, ODD_ARTICLE) });
    expect(posted.status).toBe(200);
    await server.request('POST', '/v1/events', { body: event(ODD_USER, 't1') });
    expect(server.store.events.history(ODD_USER).map((stored) => stored.articleId)).toEqual([ODD_ARTICLE, 't1']);

    const { status, body } = await server.request('GET', `/v1/users/${encodeURIComponent(ODD_USER)}/recommendations?k=2`);
    expect(status).toBe(200);
    expect(body.userId).toBe(ODD_USER);
    expect(itemIds(body)).toEqual(['t2', 't3']);
  });

  it('round-trip an odd id in the exclude list', async () => {
    const { body } = await server.request('GET', `/v1/users/someone/recommendations?k=20&exclude=${encodeURIComponent(ODD_ARTICLE)}`);
    expect(itemIds(body)).not.toContain(ODD_ARTICLE);
    const withoutExclude = await server.request('GET', '/v1/users/someone/recommendations?k=20');
    expect(itemIds(withoutExclude.body)).toContain(ODD_ARTICLE);
  });

  it('hide an odd id', async () => {
    const hidden = await server.request('DELETE', `/v1/articles/${encodeURIComponent(ODD_ARTICLE)}`);
    expect(hidden.status).toBe(200);
    expect(server.store.articles.get(ODD_ARTICLE)?.hidden).toBe(true);
  });

  it('reject an id longer than 256 characters', async () => {
    const { status, body } = await server.request('GET', `/v1/users/${'é'.repeat(257)}/recommendations`);
    expect(status).toBe(400);
    expect(body.details.issues[0].path).toBe('params.userId');
  });
});
