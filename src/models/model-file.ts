import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The on-disk model directory: `manifest.json` (format version, kind, config, seed, tensor table
 * with shapes and SHA-256 checksums, plus any JSON the model wants, e.g. vocabularies) and one
 * `weights.bin` holding every Float32Array back to back, little-endian.
 *
 * Loading verifies the format version, the kind, each tensor's byte range and the file checksum,
 * so a truncated copy or a directory written by another model kind fails with a clear error
 * instead of producing plausible but wrong scores.
 */
export const MODEL_FORMAT_VERSION = 1;

const MANIFEST_FILE = 'manifest.json';
const WEIGHTS_FILE = 'weights.bin';

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset of the tensor in weights.bin. */
  offset: number;
  /** Length in float32 elements. */
  length: number;
}

export interface ModelManifest<Config = unknown, Extra = unknown> {
  formatVersion: number;
  /** Model kind, e.g. 'two-tower'; a loader for one kind rejects the others. */
  kind: string;
  createdAt: string;
  seed: number;
  config: Config;
  tensors: TensorEntry[];
  weightsBytes: number;
  weightsSha256: string;
  /** Model-specific JSON payload (vocabularies, training history, metrics). */
  extra: Extra;
}

export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

export class ModelFileError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ModelFileError';
    this.code = code;
  }
}

/**
 * Writes a model directory atomically: files go to a sibling temp directory that is renamed over
 * `dir` only when complete, so a crash never leaves a half-written model behind.
 */
export async function saveModelDirectory<Config, Extra>(
  dir: string,
  header: { kind: string; seed: number; config: Config; extra: Extra },
  tensors: Record<string, NamedTensor>,
): Promise<ModelManifest<Config, Extra>> {
  const entries: TensorEntry[] = [];
  let totalElements = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    const expected = tensor.shape.reduce((a, b) => a * b, 1);
    if (expected !== tensor.data.length) {
      throw new ModelFileError(
        'tensor_shape_mismatch',
        `tensor "${name}" has shape [${tensor.shape.join(' x ')}] (${expected} elements) but ${tensor.data.length} values`,
      );
    }
    entries.push({ name, shape: [...tensor.shape], offset: totalElements * 4, length: tensor.data.length });
    totalElements += tensor.data.length;
  }

  const weights = Buffer.alloc(totalElements * 4);
  for (const entry of entries) {
    const data = tensors[entry.name].data;
    const view = new Float32Array(weights.buffer, weights.byteOffset + entry.offset, entry.length);
    view.set(data);
  }

  const manifest: ModelManifest<Config, Extra> = {
    formatVersion: MODEL_FORMAT_VERSION,
    kind: header.kind,
    createdAt: new Date().toISOString(),
    seed: header.seed,
    config: header.config,
    tensors: entries,
    weightsBytes: weights.length,
    weightsSha256: sha256(weights),
    extra: header.extra,
  };

  const resolved = path.resolve(dir);
  const staging = `${resolved}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, WEIGHTS_FILE), weights);
  await writeFile(path.join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  await rm(resolved, { recursive: true, force: true });
  await rename(staging, resolved);
  return manifest;
}

/** Reads and verifies a model directory written by saveModelDirectory. */
export async function loadModelDirectory<Config, Extra>(
  dir: string,
  expectedKind: string,
): Promise<{ manifest: ModelManifest<Config, Extra>; tensors: Map<string, NamedTensor> }> {
  const manifest = await readManifest<Config, Extra>(dir);
  if (manifest.kind !== expectedKind) {
    throw new ModelFileError(
      'model_kind_mismatch',
      `model at ${dir} is of kind "${manifest.kind}", expected "${expectedKind}"; pass a ${expectedKind} model directory`,
    );
  }

  const weightsPath = path.join(dir, WEIGHTS_FILE);
  let weights: Buffer;
  try {
    weights = await readFile(weightsPath);
  } catch (error) {
    throw new ModelFileError('MODEL_WEIGHTS_MISSING', `cannot read ${weightsPath}: ${(error as Error).message}`);
  }
  if (weights.length !== manifest.weightsBytes) {
    throw new ModelFileError(
      'model_weights_truncated',
      `${weightsPath} has ${weights.length} bytes but the manifest lists ${manifest.weightsBytes}; the file is truncated or from another save, so re-copy or retrain the model`,
    );
  }
  const checksum = sha256(weights);
  if (checksum !== manifest.weightsSha256) {
    throw new ModelFileError(
      'model_checksum_mismatch',
      `${weightsPath} has SHA-256 ${checksum} but the manifest lists ${manifest.weightsSha256}; the file is corrupt, so re-copy or retrain the model`,
    );
  }

  // Copy each tensor out so its buffer is aligned and independent of the file buffer.
  const tensors = new Map<string, NamedTensor>();
  for (const entry of manifest.tensors) {
    const elements = entry.shape.reduce((a, b) => a * b, 1);
    if (elements !== entry.length || entry.offset + entry.length * 4 > weights.length) {
      throw new ModelFileError(
        'MODEL_MANIFEST_INVALID',
        `manifest entry "${entry.name}" (shape [${entry.shape.join(' x ')}], offset ${entry.offset}) does not fit ${weightsPath}`,
      );
    }
    const data = new Float32Array(entry.length);
    data.set(new Float32Array(weights.buffer.slice(weights.byteOffset + entry.offset, weights.byteOffset + entry.offset + entry.length * 4)));
    tensors.set(entry.name, { shape: entry.shape, data });
  }
  return { manifest, tensors };
}

async function readManifest<Config, Extra>(dir: string): Promise<ModelManifest<Config, Extra>> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new ModelFileError(
      'model_not_found',
      `no model at ${dir}: cannot read ${MANIFEST_FILE} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); train one with \`readnext train\``,
    );
  }
  let manifest: ModelManifest<Config, Extra>;
  try {
    manifest = JSON.parse(text) as ModelManifest<Config, Extra>;
  } catch (error) {
    throw new ModelFileError(
      'MODEL_MANIFEST_INVALID',
      `${manifestPath} is not valid JSON (${(error as Error).message}); the file is truncated or corrupt, so re-copy or retrain the model`,
    );
  }
  if (manifest.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelFileError(
      'model_format_unsupported',
      `${manifestPath} has format version ${String(manifest.formatVersion)}; this ReadNext reads version ${MODEL_FORMAT_VERSION}, so retrain the model with this version`,
    );
  }
  if (!Array.isArray(manifest.tensors) || typeof manifest.weightsSha256 !== 'string') {
    throw new ModelFileError('MODEL_MANIFEST_INVALID', `${manifestPath} lacks the tensor table or checksum; retrain the model`);
  }
  return manifest;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
