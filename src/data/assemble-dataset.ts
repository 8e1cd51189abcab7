/**
 * The last step of every load: finish the interaction table, count interactions whose article or
 * user has no metadata, and build the report.
 */
import type { InteractionBuilder } from './interaction-builder.js';
import type { LoadContext } from './load-options.js';
import type { Article, Dataset, User } from './types.js';

export interface DatasetParts {
  name: string;
  builder: InteractionBuilder;
  articles: Map<string, Article>;
  /** null when the source has no user table (then interactionsWithUnknownUser is 0). */
  users: Map<string, User> | null;
}

export function assembleDataset(parts: DatasetParts, context: LoadContext): Dataset {
  const users = parts.users ?? new Map<string, User>();
  const interactions = parts.builder.finish(users.keys(), parts.articles.keys());

  const interactionsWithUnknownArticle = countRowsWithout(interactions.article, interactions.articleIds, parts.articles);
  const interactionsWithUnknownUser =
    parts.users === null ? 0 : countRowsWithout(interactions.user, interactions.userIds, parts.users);

  if (interactions.size === 0) {
    context.report.warn('(dataset)', 'no_interactions', 'the data set has no accepted interaction, so it cannot be used to train or evaluate');
  }
  const report = context.report.build({ interactionsWithUnknownArticle, interactionsWithUnknownUser });
  return { name: parts.name, interactions, articles: parts.articles, users, report };
}

/** Counts rows whose code maps to an id that `known` does not contain. */
function countRowsWithout(codes: Int32Array, ids: readonly string[], known: Map<string, unknown>): number {
  const hasRow = new Uint8Array(ids.length);
  for (let code = 0; code < ids.length; code += 1) hasRow[code] = known.has(ids[code]) ? 1 : 0;

  let count = 0;
  for (let i = 0; i < codes.length; i += 1) if (hasRow[codes[i]] === 0) count += 1;
  return count;
}
