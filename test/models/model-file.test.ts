import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadModelDirectory, ModelFileError, saveModelDirectory } from '../../src/models/model-file.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'readnext-model-file-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function saveSample(dir: string): Promise<void> {
  await saveModelDirectory(
    dir,
    { kind: 'two-tower', seed: 7, config: { dim: 2 }, extra: { vocab: ['<oov>', 'a'] } },
    {
      user: { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
      bias: { shape: [3], data: Float32Array.from([0.5, -0.25, 1e-7]) },
    },
  );
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as ModelFileError).code).toBe(code);
}

describe('model directory', () => {
  it('round-trips tensors, config and seed', async () => {
    const dir = path.join(root, 'model');
    await saveSample(dir);
    const { manifest, tensors } = await loadModelDirectory<{ dim: number }, { vocab: string[] }>(dir, 'two-tower');
    expect(manifest.seed).toBe(7);
    expect(manifest.config.dim).toBe(2);
    expect(manifest.extra.vocab).toEqual(['<oov>', 'a']);
    expect(Array.from(tensors.get('user')!.data)).toEqual([1, 2, 3, 4]);
    expect(tensors.get('bias')!.data[2]).toBe(Math.fround(1e-7));
  });

  it('rejects a truncated weights file', async () => {
    const dir = path.join(root, 'model');
    await saveSample(dir);
    await truncate(path.join(dir, 'weights.bin'), 10);
    await expectCode(loadModelDirectory(dir, 'two-tower'), 'model_weights_truncated');
  });

  it('rejects flipped bytes by checksum', async () => {
    const dir = path.join(root, 'model');
    await saveSample(dir);
    const weightsPath = path.join(dir, 'weights.bin');
    const bytes = await readFile(weightsPath);
    bytes[0] ^= 0xff;
    await writeFile(weightsPath, bytes);
    await expectCode(loadModelDirectory(dir, 'two-tower'), 'model_checksum_mismatch');
  });

  it('rejects a truncated manifest', async () => {
    const dir = path.join(root, 'model');
    await saveSample(dir);
    await truncate(path.join(dir, 'manifest.json'), 20);
    await expectCode(loadModelDirectory(dir, 'two-tower'), 'MODEL_MANIFEST_INVALID');
  });

  it('rejects another kind and another format version', async () => {
    const dir = path.join(root, 'model');
    await saveSample(dir);
    await expectCode(loadModelDirectory(dir, 'ease'), 'model_kind_mismatch');
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.formatVersion = 99;
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expectCode(loadModelDirectory(dir, 'two-tower'), 'model_format_unsupported');
  });

  it('reports a missing directory with the train hint', async () => {
    const error = await loadModelDirectory(path.join(root, 'absent'), 'two-tower').catch((caught: unknown) => caught);
    expect((error as ModelFileError).code).toBe('model_not_found');
    expect((error as Error).message).toContain('readnext train');
  });

  it('rejects a tensor whose data does not match its shape', async () => {
    await expect(
      saveModelDirectory(path.join(root, 'bad'), { kind: 'k', seed: 1, config: {}, extra: {} }, {
        w: { shape: [2, 3], data: new Float32Array(5) },
      }),
    ).rejects.toThrow('shape [2 x 3] (6 elements) but 5 values');
  });
});
