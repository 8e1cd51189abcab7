import { z } from 'zod';

import type { Article, InteractionTable, User } from '../data/types.js';
import { FeatureError, describeIssues } from './errors.js';
import { Vocabulary, type VocabularyJson } from './vocabulary.js';

export const VOCABULARY_NAMES = ['users', 'articles', 'categories', 'tags', 'authors'] as const;
export type VocabularyName = (typeof VOCABULARY_NAMES)[number];

/** One vocabulary per id-like feature. Profile topics are looked up in `categories`. */
export type Vocabularies = Record<VocabularyName, Vocabulary>;

const minCountSchema = z.int().min(1);

const buildOptionsSchema = z.strictObject({
  /** Minimum count for a key to get its own row: one number for all, or per vocabulary. */
  minCount: z.union([minCountSchema, z.partialRecord(z.enum(VOCABULARY_NAMES), minCountSchema)]).default(1),
  /**
   * Count only rows with click != 0. Rows with click = 0 (shown, not clicked) never act as a
   * positive in retrieval training, so their ids would get rows that are never trained.
   */
  positivesOnly: z.boolean().default(true),
});

export type BuildVocabulariesOptions = z.input<typeof buildOptionsSchema>;

/**
 * Builds the vocabularies from training data only, so nothing after the split leaks into
 * the index space and ids first seen at test time map to the OOV row, as they would in serving.
 *
 * - users, articles: count = training rows of that id.
 * - categories, tags, authors: count = training articles (articles occurring in the counted
 *   rows) that carry the value. Metadata of articles never read in training is ignored, because
 *   its rows would never receive a gradient.
 * - categories also counts the preferred topics of users occurring in the counted rows, so a
 *   profile topic and an article category with the same name share one row.
 *
 * Throws FeatureError FEATURES_INVALID_OPTIONS for a minCount below 1 or an unknown vocabulary name.
 */
export function buildVocabularies(
  train: InteractionTable,
  articles: ReadonlyMap<string, Article>,
  users: ReadonlyMap<string, User>,
  options: BuildVocabulariesOptions = {},
): Vocabularies {
  const parsed = buildOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new FeatureError(
      'FEATURES_INVALID_OPTIONS',
      `buildVocabularies: invalid options ${JSON.stringify(options)}: ${describeIssues(parsed.error.issues)}. ` +
        `minCount is an integer >= 1 or an object keyed by ${VOCABULARY_NAMES.join(', ')}.`,
      { options },
    );
  }
  const { minCount, positivesOnly } = parsed.data;
  const minCountOf = (name: VocabularyName): number => (typeof minCount === 'number' ? minCount : (minCount[name] ?? 1));

  const userRows = new Int32Array(train.userIds.length);
  const articleRows = new Int32Array(train.articleIds.length);
  for (let row = 0; row < train.size; row++) {
    if (positivesOnly && train.click[row] === 0) continue;
    userRows[train.user[row]]++;
    articleRows[train.article[row]]++;
  }

  const userCounts = countCodes(train.userIds, userRows);
  const articleCounts = countCodes(train.articleIds, articleRows);
  const categoryCounts = new Map<string, number>();
  const tagCounts = new Map<string, number>();
  const authorCounts = new Map<string, number>();

  for (const articleId of articleCounts.keys()) {
    const article = articles.get(articleId);
    if (!article) continue;
    if (article.category !== null) increment(categoryCounts, article.category);
    for (const tag of new Set(article.tags)) increment(tagCounts, tag);
    if (article.author !== null) increment(authorCounts, article.author);
  }
  for (const userId of userCounts.keys()) {
    const user = users.get(userId);
    if (!user) continue;
    for (const topic of new Set(user.preferredTopics)) increment(categoryCounts, topic);
  }

  return {
    users: Vocabulary.fromCounts(userCounts, { minCount: minCountOf('users') }),
    articles: Vocabulary.fromCounts(articleCounts, { minCount: minCountOf('articles') }),
    categories: Vocabulary.fromCounts(categoryCounts, { minCount: minCountOf('categories') }),
    tags: Vocabulary.fromCounts(tagCounts, { minCount: minCountOf('tags') }),
    authors: Vocabulary.fromCounts(authorCounts, { minCount: minCountOf('authors') }),
  };
}

/** JSON form of all vocabularies, for the model directory. */
export function vocabulariesToJSON(vocabularies: Vocabularies): Record<VocabularyName, VocabularyJson> {
  const out = {} as Record<VocabularyName, VocabularyJson>;
  for (const name of VOCABULARY_NAMES) out[name] = vocabularies[name].toJSON();
  return out;
}

/**
 * Restores vocabularies saved with `vocabulariesToJSON`. Throws FeatureError
 * FEATURES_INVALID_VOCABULARY when one is missing or malformed; the message names it.
 */
export function vocabulariesFromJSON(value: unknown): Vocabularies {
  if (typeof value !== 'object' || value === null) {
    throw new FeatureError(
      'FEATURES_INVALID_VOCABULARY',
      `Expected an object with vocabularies ${VOCABULARY_NAMES.join(', ')}, got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const record = value as Record<string, unknown>;
  const out = {} as Vocabularies;
  for (const name of VOCABULARY_NAMES) {
    if (!(name in record)) {
      throw new FeatureError('FEATURES_INVALID_VOCABULARY', `The "${name}" vocabulary is missing; rebuild the vocabularies.`, {
        name,
      });
    }
    try {
      out[name] = Vocabulary.fromJSON(record[name]);
    } catch (error) {
      if (error instanceof FeatureError) {
        throw new FeatureError('FEATURES_INVALID_VOCABULARY', `The "${name}" vocabulary is invalid: ${error.message}`, {
          name,
          ...error.details,
        });
      }
      throw error;
    }
  }
  return out;
}

/** Counts per raw id for the codes with a non-zero count, in code order. */
function countCodes(ids: readonly string[], counts: Int32Array): Map<string, number> {
  const out = new Map<string, number>();
  for (let code = 0; code < counts.length; code++) {
    if (counts[code] > 0) out.set(ids[code], counts[code]);
  }
  return out;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
