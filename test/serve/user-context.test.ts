import { describe, expect, it } from 'vitest';

import { explainItems } from '../../src/serve/explain.js';
import { summarizeEvents } from '../../src/serve/user-context.js';
import type { StoredEvent } from '../../src/store/index.js';

function stored(articleId: string, type: StoredEvent['type'], liked: boolean | null = null): StoredEvent {
  return { eventId: articleId + type, userId: 'u', articleId, type, timestamp: 0, readTime: null, liked, receivedAt: 0 };
}

describe('summarizeEvents', () => {
  it('orders distinct reads by their latest event', () => {
    const summary = summarizeEvents([stored('a', 'read'), stored('b', 'click'), stored('a', 'like'), stored('c', 'impression')]);
    expect(summary.history).toEqual(['b', 'a']);
    expect([...summary.read].sort()).toEqual(['a', 'b']);
    expect([...summary.disliked]).toEqual([]);
  });

  it('collects dislikes, hides and explicit unlikes', () => {
    const summary = summarizeEvents([stored('a', 'dislike'), stored('b', 'hide'), stored('c', 'read', false), stored('d', 'share')]);
    expect([...summary.disliked].sort()).toEqual(['a', 'b', 'c']);
    expect(summary.history).toEqual(['d']);
  });
});

describe('explainItems', () => {
  const vectors: Record<string, Float32Array> = {
    h1: Float32Array.of(1, 0),
    h2: Float32Array.of(0, 1),
    item: Float32Array.of(0.2, 0.6),
    tie: Float32Array.of(1, 1),
  };
  const vectorOf = (id: string) => vectors[id] ?? null;

  it('picks the history article with the largest dot product', () => {
    // item·h1 = 0.2, item·h2 = 0.6.
    expect(explainItems(['item'], ['h1', 'h2'], vectorOf)).toEqual([{ articleId: 'h2', score: expect.closeTo(0.6, 6) }]);
  });

  it('breaks ties towards the newest history article', () => {
    expect(explainItems(['tie'], ['h1', 'h2'], vectorOf)).toEqual([{ articleId: 'h2', score: 1 }]);
  });

  it('returns null without history vectors', () => {
    expect(explainItems(['item', 'missing'], ['unknown'], vectorOf)).toEqual([null, null]);
  });
});
