import type { ServingModel } from '../models/serving-model.js';
import type { UserContext } from './user-context.js';

/**
 * Builds the query embedding [dimension] from the user's id and current history, or returns
 * null for a cold-start user:
 *
 * - with history: the model embeds the id, the newest `historyLength` history articles and the
 *   profile topics; null only when the model has a row for none of them;
 * - without history: the user is cold unless the model has a row for the user id itself (a
 *   user seen in training whose events are not in this store). Then the id and topics count.
 *
 * Profile topics alone never make a query: a cold user gets trending articles tilted towards
 * their topics instead, which needs no trained user row.
 */
export function buildQueryEmbedding(model: ServingModel, context: UserContext, historyLength: number): Float32Array | null {
  const { userId, history, profileTopics } = context;
  if (history.length > 0) return model.embedQuery(userId, history.slice(-historyLength), profileTopics);

  const knownUser = model.embedQuery(userId, [], []) !== null;
  return knownUser ? model.embedQuery(userId, [], profileTopics) : null;
}
