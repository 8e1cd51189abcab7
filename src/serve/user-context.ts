import type { Store, StoredEvent } from '../store/index.js';
import { POSITIVE_EVENT_TYPES } from './popularity.js';

/** The requesting user's history and profile, read from the store at request time. */
export interface UserContext {
  userId: string;
  /**
   * Distinct articles of the user's positive events (click, read, like, share), oldest first by
   * event time; an article read twice sits at its latest read.
   */
  history: string[];
  /** The articles of `history` as a set: already read, so never recommended. */
  read: ReadonlySet<string>;
  /** Articles the user disliked (dislike, hide, or like = false): never recommended. */
  disliked: ReadonlySet<string>;
  /** Preferred topics from the user's profile; empty when the user has no profile row. */
  profileTopics: readonly string[];
}

const POSITIVE = new Set<string>(POSITIVE_EVENT_TYPES);

/**
 * Reads the user's newest `historyEvents` events by event time (not arrival order) and profile.
 * Events stored a moment ago count, so a posted event changes the next recommendations.
 */
export function readUserContext(store: Store, userId: string, historyEvents: number): UserContext {
  const events = store.events.history(userId, { limit: historyEvents });
  const profileTopics = store.users.get(userId)?.preferredTopics ?? [];
  return { userId, ...summarizeEvents(events), profileTopics };
}

/** Splits events (oldest first) into distinct positive history and disliked articles. */
export function summarizeEvents(events: readonly StoredEvent[]): Pick<UserContext, 'history' | 'read' | 'disliked'> {
  const latestPosition = new Map<string, number>();
  const disliked = new Set<string>();
  events.forEach((event, position) => {
    if (event.type === 'dislike' || event.type === 'hide' || event.liked === false) {
      disliked.add(event.articleId);
      return;
    }
    if (POSITIVE.has(event.type)) latestPosition.set(event.articleId, position);
  });

  // Map iteration follows first insertion, so sort by the latest position to order by last read.
  const history = [...latestPosition.entries()].sort((a, b) => a[1] - b[1]).map(([articleId]) => articleId);
  return { history, read: new Set(history), disliked };
}
