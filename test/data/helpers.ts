/**
 * Test helpers for the ingest suite: temp folders with hand-written input files, and the
 * location of the public data sets used by the adapter tests.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Root of the read-only public data sets, beside the repository. */
export const SHARED_DATA = resolve(repoRoot, '../shared/data');

/**
 * Returns the folder of a public data set, or null after printing why its tests are skipped.
 */
export function sharedDataFolder(name: string): string | null {
  const folder = join(SHARED_DATA, name);
  if (existsSync(folder)) return folder;
  console.warn(`Skipping tests on ${name}: ${folder} is absent (the public data sets are not checked out here).`);
  return null;
}

/** Creates a fresh temp folder; `files` maps names to contents (names ending in .gz are gzipped). */
export async function tempFolder(files: Record<string, string | Buffer> = {}): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'readnext-ingest-'));
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeFile(join(folder, name), name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  }
  return folder;
}

export async function removeFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** 2025-01-01T00:00:00Z, the load time the tests pass as `now`. */
export const NOW = Date.UTC(2025, 0, 1);
