import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { API_KEY, event, startTestServer, type TestServer } from './harness.js';

/** Checks the structured error shape and returns the body. */
function expectError(result: { status: number; body: any }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(Object.keys(result.body).sort()).toEqual(['code', 'details', 'message']);
  expect(result.body.code).toBe(code);
  expect(typeof result.body.message).toBe('string');
  expect(typeof result.body.details.fix).toBe('string');
  return result.body;
}

describe('request validation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ bodyLimitBytes: 4096, pipeline: { maxEventsPerRequest: 3 } });
  });
  afterAll(async () => server.close());

  it('rejects nested arrays of events', async () => {
    const body = expectError(await server.request('POST', '/v1/events', { body: [[event('u', 't1')]] }), 400, 'invalid_request');
    expect(body.details.issues.length).toBeGreaterThan(0);
    expect(body.details.issues[0].path).toBe('body.0');
  });

  it('rejects NaN in a body as invalid JSON', async () => {
    const rawBody = '{"event_id":"n1","user":"u","article":"t1","type":"read","timestamp":NaN}';
    expectError(await server.request('POST', '/v1/events', { rawBody }), 400, 'invalid_json');
  });

  it('rejects a non-finite or fractional read time', async () => {
    const body = expectError(await server.request('POST', '/v1/events', { body: event('u', 't1', { read_time: -3 }) }), 400, 'invalid_request');
    expect(body.details.issues.map((issue: { path: string }) => issue.path)).toContain('body.read_time');
    const fractional = expectError(await server.request('POST', '/v1/events', { body: event('u', 't1', { timestamp: 1.5 }) }), 400, 'invalid_request');
    expect(fractional.message).toContain('body.timestamp');
  });

  it('rejects a timestamp without a time zone', async () => {
    const body = expectError(
      await server.request('POST', '/v1/events', { body: event('u', 't1', { timestamp: '2026-12-04 10:00' }) }),
      400,
      'invalid_request',
    );
    expect(body.message).toContain('body.timestamp');
  });

  it('rejects unknown fields and event types', async () => {
    const unknownField = expectError(await server.request('POST', '/v1/events', { body: event('u', 't1', { readTime: 3 }) }), 400, 'invalid_request');
    expect(unknownField.message).toContain('readTime');
    expectError(await server.request('POST', '/v1/events', { body: event('u', 't1', { type: 'purchase' }) }), 400, 'invalid_request');
  });

  it('rejects a batch above the limit', async () => {
    const batch = [event('u', 't1'), event('u', 't2'), event('u', 't3'), event('u', 't4')];
    const body = expectError(await server.request('POST', '/v1/events', { body: batch }), 400, 'invalid_request');
    expect(JSON.stringify(body.details.issues)).toContain('3');
  });

  it('rejects a huge or malformed k', async () => {
    for (const k of ['1000000', '101', '0', 'abc', '1e3', 'NaN', '5.0', '-1', '']) {
      const body = expectError(await server.request('GET', `/v1/users/u/recommendations?k=${k}`), 400, 'invalid_request');
      expect(body.details.issues[0].path).toBe('query.k');
    }
    expectError(await server.request('GET', '/v1/articles/t1/similar?k=500'), 400, 'invalid_request');
  });

  it('rejects unknown query parameters', async () => {
    const body = expectError(await server.request('GET', '/v1/users/u/recommendations?limit=5'), 400, 'invalid_request');
    expect(body.message).toContain('limit');
  });

  it('rejects a body over the size limit', async () => {
    const body = expectError(
      await server.request('PUT', '/v1/articles/big', { body: { title: 'Big', text: 'x'.repeat(5000) } }),
      413,
      'payload_too_large',
    );
    expect(body.details.limitBytes).toBe(4096);
  });

  it('rejects a body that is not JSON', async () => {
    expectError(
      await server.request('POST', '/v1/events', { rawBody: 'event_id=1', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    );
  });

  it('rejects an article without a title', async () => {
    const body = expectError(await server.request('PUT', '/v1/articles/x', { body: { text: 'No title' } }), 400, 'invalid_request');
    expect(body.details.issues[0].path).toBe('body.title');
    expect(server.store.articles.get('x')).toBeNull();
  });

  it('answers 404 when hiding an unknown article', async () => {
    const body = expectError(await server.request('DELETE', '/v1/articles/nowhere'), 404, 'article_not_found');
    expect(body.details.articleId).toBe('nowhere');
  });

  it('answers unknown routes with route_not_found', async () => {
    expectError(await server.request('GET', '/v1/nothing'), 404, 'route_not_found');
  });
});

describe('API key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const writes: [string, string, unknown][] = [
    ['POST', '/v1/events', event('u', 't1')],
    ['PUT', '/v1/articles/x', { title: 'X' }],
    ['DELETE', '/v1/articles/t1', undefined],
    ['POST', '/v1/admin/models', { version: 'v9', path: '/tmp/none' }],
    ['POST', '/v1/admin/models/v1/activate', undefined],
  ];

  it('rejects writes without a key', async () => {
    for (const [method, url, body] of writes) {
      const result = expectError(await server.request(method, url, { body, apiKey: null }), 401, 'unauthorized');
      expect(result.message).toContain('missing API key');
    }
    expect(server.store.events.count()).toBe(0);
    expect(server.store.articles.get('t1')?.hidden).toBe(false);
  });

  it('rejects a wrong key', async () => {
    for (const [method, url, body] of writes) {
      expectError(await server.request(method, url, { body, apiKey: `${API_KEY}x` }), 401, 'unauthorized');
    }
  });

  it('accepts a bearer token', async () => {
    const result = await server.request('POST', '/v1/events', {
      body: event('u', 't1'),
      apiKey: null,
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(result.status).toBe(200);
    expect(result.body.inserted).toBe(1);
  });

  it('needs no key to read', async () => {
    const result = await server.request('GET', '/v1/users/u/recommendations', { apiKey: null });
    expect(result.status).toBe(200);
  });

  it('never logs the key', () => {
    expect(server.logLines.join('\n')).not.toContain(API_KEY);
  });
});

describe('request ids', () => {
  it('echo the x-request-id header or create one', async () => {
    const server = await startTestServer();
    try {
      const sent = await server.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
      expect(sent.headers.get('x-request-id')).toBe('abc-123');
      const created = await server.request('GET', '/healthz');
      expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.logLines.some((line) => JSON.parse(line).reqId === 'abc-123')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
