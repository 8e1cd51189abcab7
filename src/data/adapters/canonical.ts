/**
 * The canonical format: a folder with interactions.csv|jsonl[.gz] (required) and optionally
 * articles.* and users.* in the same formats. Column lists are in read-interactions.ts,
 * read-articles.ts and read-users.ts, and in docs/data-formats.md.
 */
import { basename, dirname, relative } from 'node:path';

import { assembleDataset } from '../assemble-dataset.js';
import { IngestError } from '../errors.js';
import { InteractionBuilder } from '../interaction-builder.js';
import { withLoadContext, type LoadContext, type LoadOptions } from '../load-options.js';
import { readArticlesFile } from '../read-articles.js';
import { readInteractionsFile } from '../read-interactions.js';
import { readUsersFile } from '../read-users.js';
import type { Article, Dataset, User } from '../types.js';
import { findTableFile, requireFolder } from './find-files.js';

export const format = 'canonical';

/** Explicit file paths, for data that does not sit in one folder under the canonical names. */
export interface CanonicalFiles {
  interactions: string;
  articles?: string;
  users?: string;
}

export async function detect(folder: string): Promise<boolean> {
  try {
    return (await findTableFile(folder, 'interactions')) !== null;
  } catch {
    // Several interactions files still mean "canonical"; load() reports the ambiguity.
    return true;
  }
}

/** Loads a canonical folder. */
export async function load(folder: string, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, async (context) => {
    await requireFolder(folder);
    const interactions = await findTableFile(folder, 'interactions');
    if (interactions === null) {
      throw new IngestError(
        'INGEST_INPUT_NOT_FOUND',
        `${folder} has no interactions.csv, interactions.jsonl or their .gz versions. Add one, or pass --format for another layout.`,
        { folder },
      );
    }
    const files: CanonicalFiles = {
      interactions,
      articles: (await findTableFile(folder, 'articles')) ?? undefined,
      users: (await findTableFile(folder, 'users')) ?? undefined,
    };
    return loadCanonicalFiles(files, folder, context.options.name ?? basename(folder), context);
  });
}

/** Loads explicitly named canonical files; report file names are relative to the interactions file's folder. */
export async function loadFiles(files: CanonicalFiles, options: LoadOptions = {}): Promise<Dataset> {
  return withLoadContext(options, (context) => {
    const root = dirname(files.interactions);
    return loadCanonicalFiles(files, root, context.options.name ?? basename(root), context);
  });
}

async function loadCanonicalFiles(files: CanonicalFiles, root: string, name: string, context: LoadContext): Promise<Dataset> {
  const builder = new InteractionBuilder();
  const articles = new Map<string, Article>();
  const users = files.users === undefined ? null : new Map<string, User>();
  const total = 1 + (files.articles === undefined ? 0 : 1) + (files.users === undefined ? 0 : 1);
  let done = 0;

  const interactionsFile = relative(root, files.interactions);
  await readInteractionsFile(files.interactions, interactionsFile, builder, context);
  done += 1;
  context.progress(interactionsFile, done, total, builder.rowCount);

  if (files.articles !== undefined) {
    const articlesFile = relative(root, files.articles);
    await readArticlesFile(files.articles, articlesFile, articles, context);
    done += 1;
    context.progress(articlesFile, done, total, builder.rowCount);
  }
  if (files.users !== undefined && users !== null) {
    const usersFile = relative(root, files.users);
    await readUsersFile(files.users, usersFile, users, context);
    done += 1;
    context.progress(usersFile, done, total, builder.rowCount);
  }

  return assembleDataset({ name, builder, articles, users }, context);
}
