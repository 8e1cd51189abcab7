import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store } from '../../src/store/index.js';
import { HOUR, NOW, startTestServer, type TestServer } from './harness.js';

describe('POST /v1/events', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const base = { user: 'u1', article: 't1', type: 'read', timestamp: '2026-12-04T10:00:00Z', read_time: 42.5, like: true };

  it('stores one event with its fields', async () => {
    const { status, body } = await server.request('POST', '/v1/events', { body: { event_id: 'one', ...base } });
    expect(status).toBe(200);
    expect(body).toEqual({ inserted: 1, duplicates: [], conflicts: [] });
    expect(server.store.events.get('one')).toMatchObject({
      userId: 'u1',
      articleId: 't1',
      type: 'read',
      timestamp: Date.UTC(2026, 11, 4, 10),
      readTime: 42.5,
      liked: true,
      receivedAt: NOW,
    });
  });

  it('treats a retried event id as a duplicate', async () => {
    const { body } = await server.request('POST', '/v1/events', { body: [{ event_id: 'one', ...base }, { event_id: 'two', ...base, timestamp: NOW }] });
    expect(body).toEqual({ inserted: 1, duplicates: ['one'], conflicts: [] });
    expect(server.store.events.count()).toBe(2);
  });

  it('keeps and logs an event id reused for another event', async () => {
    const { body } = await server.request('POST', '/v1/events', {
      body: { event_id: 'one', ...base, article: 't2' },
      headers: { 'x-request-id': 'conflict-request' },
    });
    expect(body).toEqual({ inserted: 0, duplicates: ['one'], conflicts: ['one'] });
    expect(server.store.events.get('one')?.articleId).toBe('t1');

    const warning = server.logLines.map((line) => JSON.parse(line)).find((entry) => entry.conflictingEventIds !== undefined);
    expect(warning).toMatchObject({ level: 40, reqId: 'conflict-request', conflictingEventIds: ['one'], conflicts: 1 });
  });

  it('writes nothing when one event of a batch is invalid', async () => {
    const before = server.store.events.count();
    const { status, body } = await server.request('POST', '/v1/events', {
      body: [{ event_id: 'ok', ...base }, { event_id: 'bad', ...base, type: 'teleport' }],
    });
    expect(status).toBe(400);
    expect(body.details.issues[0].path).toBe('body.1.type');
    expect(server.store.events.count()).toBe(before);
  });

  it('updates trending for the next request', async () => {
    // t1 leads with the two reads above, 2 h and 0 h old: 2 · 2^-0.5 = 1.41421. The clock
    // does not advance, so only the new events marking the popularity cache dirty can refresh it.
    const before = await server.request('GET', '/v1/users/newcomer/recommendations?k=1');
    expect(before.body.items[0].articleId).toBe('t1');
    expect(before.body.items[0].score).toBeCloseTo(1.41421, 4);
    await server.request('POST', '/v1/events', {
      body: ['a', 'b', 'c'].map((user) => ({ event_id: `trend-${user}`, user, article: 'f2', type: 'read', timestamp: NOW - HOUR })),
    });
    // f2: 3 · 2^-0.5 = 2.12132.
    const after = await server.request('GET', '/v1/users/newcomer/recommendations?k=1');
    expect(after.body.items[0].articleId).toBe('f2');
    expect(after.body.items[0].score).toBeCloseTo(2.12132, 4);
  });

  it('counts events in the metrics', async () => {
    const { body } = await server.request('GET', '/metrics');
    expect(body).toContain('readnext_events_total{result="inserted"} 5');
    expect(body).toContain('readnext_events_total{result="duplicate"} 1');
    expect(body).toContain('readnext_events_total{result="conflict"} 1');
  });
});

describe('event durability', () => {
  it('keeps events stored before the reply after the server stops', async () => {
    const server = await startTestServer();
    const file = path.join(server.dir, 'readnext.db');
    await server.request('POST', '/v1/events', {
      body: [
        { event_id: 'd1', user: 'u', article: 't1', type: 'read', timestamp: NOW - 2 * HOUR },
        { event_id: 'd2', user: 'u', article: 's1', type: 'click', timestamp: NOW - 3 * HOUR },
      ],
    });
    // Read through a second connection while the server still runs: the reply came after commit.
    const reader = Store.open(file);
    try {
      expect(reader.events.history('u').map((stored) => stored.eventId)).toEqual(['d2', 'd1']);
    } finally {
      reader.close();
      await server.close();
    }
  });
});
