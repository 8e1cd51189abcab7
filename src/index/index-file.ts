import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { VectorIndexError } from './errors.js';

/**
 * The saved index directory: `manifest.json` plus the data files it lists. The manifest carries
 * the format version, kind, dimension, count, kind-specific parameters, and the byte length and
 * SHA-256 of every data file. Loading checks all of them before it interprets any bytes, so it
 * rejects a truncated copy, a file from another save and an index of another kind.
 */
export const INDEX_FORMAT = 'readnext-vector-index';
export const INDEX_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

const fileEntrySchema = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  formatVersion: z.number().int(),
  kind: z.enum(['exact', 'hnsw']),
  metric: z.literal('inner_product'),
  byteOrder: z.literal('little'),
  dimension: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  params: z.record(z.string(), z.unknown()),
  // Plain file names only, so a crafted manifest cannot point outside the index directory.
  files: z.record(z.string().regex(/^[\w-]+(\.[\w-]+)*$/), fileEntrySchema),
});

export type IndexManifest = z.infer<typeof manifestSchema>;

/** Manifest fields that the index supplies; the file table is filled in by `writeIndexDirectory`. */
export type IndexManifestHeader = Omit<IndexManifest, 'format' | 'formatVersion' | 'metric' | 'byteOrder' | 'files'>;

/** Throws on big-endian hosts, because the data files store float32 values little-endian. */
export function assertLittleEndianHost(): void {
  if (os.endianness() !== 'LE') {
    throw new VectorIndexError(
      'INDEX_FORMAT_UNSUPPORTED',
      'saved indexes store little-endian float32 data, but this host is big-endian; rebuild the index on this host instead of loading or saving files',
    );
  }
}

/**
 * Writes an index directory through a staging directory. `writeDataFiles` puts the data files
 * into it and returns their names. This function then checksums them, writes the manifest last
 * and renames the staging directory to `dir`, so `dir` never contains a half-written index or
 * a mix of two saves.
 */
export async function writeIndexDirectory(
  dir: string,
  header: IndexManifestHeader,
  writeDataFiles: (stagingDir: string) => Promise<string[]>,
): Promise<IndexManifest> {
  const resolved = path.resolve(dir);
  const staging = `${resolved}.staging-${process.pid}`;
  const previous = `${resolved}.previous-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });

  try {
    const names = await writeDataFiles(staging);
    const files: IndexManifest['files'] = {};
    for (const name of names) {
      const filePath = path.join(staging, name);
      files[name] = { bytes: (await stat(filePath)).size, sha256: await sha256File(filePath) };
    }

    const manifest: IndexManifest = {
      format: INDEX_FORMAT,
      formatVersion: INDEX_FORMAT_VERSION,
      metric: 'inner_product',
      byteOrder: 'little',
      ...header,
      files,
    };
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    await rm(previous, { recursive: true, force: true });
    const hadPrevious = await rename(resolved, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staging, resolved);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
    return manifest;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads and validates `dir/manifest.json`, then checks that every listed data file exists with
 * the listed length and SHA-256. Throws `INDEX_NOT_FOUND`, `INDEX_FORMAT_UNSUPPORTED` or
 * `INDEX_CORRUPT`.
 */
export async function readVerifiedManifest(dir: string): Promise<IndexManifest> {
  const manifest = await readManifest(dir);
  for (const [name, entry] of Object.entries(manifest.files)) {
    await verifyDataFile(path.join(dir, name), entry);
  }
  return manifest;
}

async function readManifest(dir: string): Promise<IndexManifest> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new VectorIndexError(
      'INDEX_NOT_FOUND',
      `no saved index at ${dir}: cannot read ${MANIFEST_FILE} (${reason}); build the index and save it there first`,
      { cause: error },
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VectorIndexError(
      'INDEX_CORRUPT',
      `${manifestPath} is not valid JSON (${(error as Error).message}); the file is truncated or corrupt, so save the index again`,
      { cause: error },
    );
  }

  // Check the version before the full schema, so an index from a newer release gets the
  // version message instead of a list of unknown fields.
  const header = json as { format?: unknown; formatVersion?: unknown };
  if (header?.format !== INDEX_FORMAT) {
    throw new VectorIndexError(
      'INDEX_FORMAT_UNSUPPORTED',
      `${manifestPath} has format ${JSON.stringify(header?.format)}, expected "${INDEX_FORMAT}"; point to a directory written by VectorIndex.save`,
    );
  }
  if (header.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new VectorIndexError(
      'INDEX_FORMAT_UNSUPPORTED',
      `${manifestPath} has format version ${JSON.stringify(header.formatVersion)}; this ReadNext reads version ${INDEX_FORMAT_VERSION}, so rebuild the index with this version`,
    );
  }

  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VectorIndexError(
      'INDEX_CORRUPT',
      `${manifestPath} is invalid at "${issue.path.join('.')}": ${issue.message}; save the index again`,
    );
  }
  return parsed.data;
}

async function verifyDataFile(filePath: string, entry: { bytes: number; sha256: string }): Promise<void> {
  let bytes: number;
  try {
    bytes = (await stat(filePath)).size;
  } catch (error) {
    throw new VectorIndexError(
      'INDEX_CORRUPT',
      `data file ${filePath} listed in the manifest is missing (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); copy the whole index directory or save it again`,
      { cause: error },
    );
  }
  if (bytes !== entry.bytes) {
    throw new VectorIndexError(
      'INDEX_CORRUPT',
      `data file ${filePath} has ${bytes} bytes but the manifest lists ${entry.bytes}; the file is truncated or from another save, so copy the whole index directory or save it again`,
    );
  }
  const checksum = await sha256File(filePath);
  if (checksum !== entry.sha256) {
    throw new VectorIndexError(
      'INDEX_CORRUPT',
      `data file ${filePath} has SHA-256 ${checksum} but the manifest lists ${entry.sha256}; the file is corrupt, so copy the whole index directory or save it again`,
    );
  }
}

/** Streams the file through SHA-256, so a multi-gigabyte HNSW graph is never held in memory twice. */
async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws `INDEX_FORMAT_UNSUPPORTED` when the manifest belongs to another kind of index. */
export function expectKind(manifest: IndexManifest, kind: IndexManifest['kind'], dir: string): void {
  if (manifest.kind !== kind) {
    throw new VectorIndexError(
      'INDEX_FORMAT_UNSUPPORTED',
      `index at ${dir} is of kind "${manifest.kind}", expected "${kind}"; load it with loadIndex, which picks the kind from the manifest`,
    );
  }
}
