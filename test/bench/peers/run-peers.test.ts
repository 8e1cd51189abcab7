import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PeerError } from '../../../bench/peers/peer-error.js';
import type { PeerResult, PeerSkipped } from '../../../bench/peers/peer-result.js';
import { runPeer, type PeerName } from '../../../bench/peers/run-peers.js';

const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy']).status === 0;
if (!hasTorch) console.log('skipping the pytorch peer checks: /usr/bin/python3 cannot import torch and numpy');

let folder: string;
let crossCsv: string;
let hitsCsv: string;
let reference: PeerResult;

/** Small training run shared by every peer: 2 epochs of 9 steps. */
const CROSS_RUN = { batch: 64, dim: 8, epochs: 2, seed: 7, traceLosses: true } as const;

function expectResult(output: PeerResult | PeerSkipped): PeerResult {
  if ('skipped' in output) throw new Error(`peer ${output.peer} was skipped: ${output.skipped}`);
  return output;
}

async function peerError(promise: Promise<unknown>): Promise<PeerError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PeerError);
  return error as PeerError;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'readnext-peers-run-'));

  // 600 rows over 40 users and 15 articles (i * i mod 29 takes 15 values, unevenly, so batches
  // have accidental hits). Every 13th row is an impression without a click and every 11th has
  // an empty click, so the peers must agree on the data rules too.
  const rows = ['user_id,article_id,timestamp,click,read_time,like'];
  for (let i = 0; i < 600; i++) {
    let click = '1';
    if (i % 11 === 0) click = '';
    if (i % 13 === 0) click = '0';
    rows.push(`u${(i * 7) % 40},a${(i * i) % 29},2026-11-01T00:00:00Z,${click},30,0`);
  }
  crossCsv = join(folder, 'cross.csv');
  await writeFile(crossCsv, `${rows.join('\n')}\n`);

  hitsCsv = join(folder, 'hits.csv');
  await writeFile(hitsCsv, 'user_id,article_id\nu1,a1\nu2,a1\nu3,a2\nu4,a3\n');

  reference = expectResult(await runPeer('tfjs-cpu-scatter', { data: crossCsv, ...CROSS_RUN }));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('runPeer reference run', () => {
  it('reports the run', () => {
    // 600 rows - 47 impressions (i = 0, 13, ..., 598) = 553 examples; ceil(553 / 64) = 9 steps.
    expect(reference.examplesPerEpoch).toBe(553);
    expect(reference.users).toBe(40);
    expect(reference.articles).toBe(15);
    expect(reference.stepsPerEpoch).toBe(9);
    expect(reference.stepsRun).toBe(18);
    expect(reference.examplesRun).toBe(1106);
    expect(reference.extrapolated).toBe(false);
    expect(reference.losses).toHaveLength(18);
    expect(reference.lossWindowSteps).toBe(18);
    expect(reference.threads).toBe(1);
  });

  it('starts near the log of the candidate count', () => {
    // With std 0.05 and dim 8 the logits are about 0.01, so each row's loss is close to ln of its
    // unmasked candidates, which accidental hits keep below ln 64 = 4.16.
    expect(reference.losses![0]).toBeGreaterThan(2.5);
    expect(reference.losses![0]).toBeLessThan(4.16);
  });
});

describe.each<PeerName>(['tfjs-cpu', 'tfjs-wasm-scatter', 'pytorch'])('runPeer %s', (peer) => {
  it.skipIf(peer === 'pytorch' && !hasTorch)('matches the reference losses', async () => {
    const result = expectResult(await runPeer(peer, { data: crossCsv, ...CROSS_RUN }));

    expect(result.peer).toBe(peer);
    expect(result.examplesPerEpoch).toBe(reference.examplesPerEpoch);
    expect(result.users).toBe(reference.users);
    expect(result.articles).toBe(reference.articles);
    expect(result.losses).toHaveLength(18);
    // Same tables, order and arithmetic up to float32 summation order.
    for (let step = 0; step < 18; step++) {
      expect(Math.abs(result.losses![step]! - reference.losses![step]!)).toBeLessThan(2e-5);
    }
  });

  it.skipIf(peer === 'pytorch' && !hasTorch)('masks accidental hits exactly', async () => {
    // Zero tables give every logit 0. Articles [a1, a1, a2, a3]: rows 0 and 1 each mask the
    // other and keep 3 candidates, rows 2 and 3 keep 4: (2 ln 3 + 2 ln 4) / 4 = 1.242453.
    const result = expectResult(await runPeer(peer, { data: hitsCsv, batch: 4, dim: 2, initStd: 0 }));
    expect(result.lossFinal).toBeCloseTo(1.242453, 5);
  });
});

describe('runPeer pytorch', () => {
  it.skipIf(!hasTorch)('reports threading and OpenBLAS', async () => {
    const result = expectResult(
      await runPeer('pytorch', { data: hitsCsv, batch: 4, dim: 2, threads: 2, ompWaitPolicy: 'PASSIVE' }),
    );
    expect(result.threads).toBe(2);
    expect(result.environment?.OMP_WAIT_POLICY).toBe('PASSIVE');
    expect(result.framework).toMatch(/^torch /);
    expect(result.embeddingGradient).toBe('sparse');
    // NOTE: fails where torch runs on a BLAS other than OpenBLAS, which the benchmark must not use.
    expect(result.blas).toMatch(/^OpenBLAS/);
  });

  it('skips when the interpreter lacks torch', async () => {
    const python = join(folder, 'python-without-torch');
    await writeFile(python, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
    await chmod(python, 0o755);

    const result = await runPeer('pytorch', { data: hitsCsv, python });
    expect(result).toEqual({
      peer: 'pytorch',
      skipped: expect.stringContaining("No module named 'torch'"),
    });
    expect((result as PeerSkipped).skipped).toMatch(/apt-get install -y python3-torch libopenblas0-pthread/);
  });

  it('skips when the interpreter is missing', async () => {
    const result = await runPeer('pytorch', { data: hitsCsv, python: join(folder, 'no-such-python') });
    expect((result as PeerSkipped).skipped).toMatch(/could not be started/);
  });

  it.skipIf(!hasTorch)('fails on an invalid click', async () => {
    const file = join(folder, 'bad-click.csv');
    await writeFile(file, 'user_id,article_id,click\nu1,a1,1\nu1,a2,yes\n');
    const error = await peerError(runPeer('pytorch', { data: file }));
    expect(error.code).toBe('PEER_FAILED');
    expect(error.message).toMatch(/PEER_DATA_INVALID: .*line 3: click "yes" is invalid/);
  });
});

describe('runPeer tfjs', () => {
  it('skips tfjs-wasm for its missing kernel', async () => {
    const result = await runPeer('tfjs-wasm', { data: hitsCsv, batch: 4, dim: 2 });
    expect((result as PeerSkipped).skipped).toMatch(/backend 'wasm' has no 'UnsortedSegmentSum' kernel/);
  });

  it('extrapolates a run stopped by maxSteps', async () => {
    const result = expectResult(await runPeer('tfjs-cpu-scatter', { data: crossCsv, batch: 64, dim: 8, maxSteps: 3 }));
    expect(result.stepsRun).toBe(3);
    expect(result.examplesRun).toBe(192);
    expect(result.extrapolated).toBe(true);
    expect(result.secondsPerEpoch).toBeCloseTo(553 / result.examplesPerSecond, 6);
    expect(result.note).toMatch(/measured 3 of 9 steps/);
  });

  it('fails on a missing data file', async () => {
    const error = await peerError(runPeer('tfjs-cpu', { data: join(folder, 'absent.csv') }));
    expect(error.code).toBe('PEER_FAILED');
    expect(error.message).toMatch(/PEER_DATA_INVALID: interactions file .*absent\.csv not found/);
  });

  it('rejects an invalid batch before starting', async () => {
    const error = await peerError(runPeer('tfjs-cpu', { data: crossCsv, batch: 1 }));
    expect(error.code).toBe('PEER_OPTION_INVALID');
    expect(error.message).toMatch(/--batch 1 is invalid/);
  });

  it('times out a slow peer', async () => {
    const error = await peerError(runPeer('tfjs-cpu', { data: crossCsv, timeoutMs: 50 }));
    expect(error.code).toBe('PEER_TIMEOUT');
  });
});
