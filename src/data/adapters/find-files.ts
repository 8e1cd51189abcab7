/**
 * Locating input files inside a data folder.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { IngestError } from '../errors.js';

const TABLE_EXTENSIONS = ['.csv', '.csv.gz', '.jsonl', '.jsonl.gz', '.ndjson', '.ndjson.gz'];

/** Throws INGEST_INPUT_NOT_FOUND unless `folder` is a readable directory. */
export async function requireFolder(folder: string): Promise<void> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(folder)).isDirectory();
  } catch (error) {
    throw new IngestError('INGEST_INPUT_NOT_FOUND', `Data folder ${folder} does not exist. Check the path.`, { folder }, { cause: error });
  }
  if (!isDirectory) {
    throw new IngestError('INGEST_INPUT_NOT_FOUND', `${folder} is not a folder. Pass the folder that contains the data files.`, {
      folder,
    });
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Finds `<baseName>.csv|jsonl|ndjson[.gz]` in `folder`. Returns null when there is none and
 * throws INGEST_AMBIGUOUS_INPUT when there are several.
 */
export async function findTableFile(folder: string, baseName: string): Promise<string | null> {
  const found: string[] = [];
  for (const extension of TABLE_EXTENSIONS) {
    const path = join(folder, baseName + extension);
    if (await isFile(path)) found.push(path);
  }

  if (found.length > 1) {
    throw new IngestError(
      'INGEST_AMBIGUOUS_INPUT',
      `${folder} has several ${baseName} files (${found.map((path) => path.slice(folder.length + 1)).join(', ')}). Keep exactly one.`,
      { folder, files: found },
    );
  }
  return found[0] ?? null;
}

/** Returns the first of `names` that exists as a file in `folder` (so plain and .gz variants can be listed). */
export async function firstExisting(folder: string, names: readonly string[]): Promise<string | null> {
  for (const name of names) {
    const path = join(folder, name);
    if (await isFile(path)) return path;
  }
  return null;
}

/** Lists the files of `folder` whose names match `pattern`, sorted by name; [] when the folder is absent. */
export async function listFiles(folder: string, pattern: RegExp): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(folder, name));
}
