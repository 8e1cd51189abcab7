import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `readnext evaluate` from the sources; resolves with stdout and stderr, or rejects with them and the exit code. */
function readnext(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, timeout: 120_000 });
}

describe('readnext evaluate', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('writes results and report for the demo', async () => {
    const out = await mkdtemp(join(tmpdir(), 'readnext-evaluate-'));
    folders.push(out);
    // Baselines only, so no model trains and the run takes seconds.
    const { stdout } = await readnext(['evaluate', '--protocol', 'demo', '--models', 'most-popular,recent-popularity', '--out', out]);
    expect(stdout).toContain('loaded demo-small');
    expect(stdout).toContain(`wrote ${join(out, 'results.json')}`);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.protocol).toBe('demo');
    expect(results.evaluation.models.map((model: { name: string }) => model.name)).toEqual(['most-popular', 'recent-popularity']);
    expect(results.settings).toEqual(['warm', 'live']);
    // No two-tower model ran, so nothing is compared.
    expect(results.comparisons).toEqual([]);

    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<canvas id="recall-curve-warm"');
    expect(html).not.toContain('<script src=');
  }, 120_000);

  it('rejects an unknown protocol', async () => {
    await expect(readnext(['evaluate', '--protocol', 'netflix', '--out', tmpdir()])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown protocol "netflix"; use one of tfrs-ml100k, globo, deskdrop, ml-latest, demo'),
    });
  });

  it('names the missing data folder', async () => {
    await expect(readnext(['evaluate', '--protocol', 'deskdrop', '--out', tmpdir()])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error EVAL_INVALID_OPTIONS: The deskdrop protocol needs a data folder'),
    });
  });
});
