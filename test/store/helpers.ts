import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach } from 'vitest';

import { StoreError } from '../../src/store/errors.js';

/** A settable clock in ms, so received_at and updated_at are literal numbers in tests. */
export class TestClock {
  constructor(public time = 1_000) {}

  readonly now = (): number => this.time;
}

/** Creates a fresh temp directory per test and removes it afterwards; returns a getter. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Runs `run` and returns the StoreError it throws; fails the test if it throws nothing else. */
export function catchStoreError(run: () => unknown): StoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, but the call succeeded');
}
