import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  ARTICLE_TABLE_SALT,
  hash32,
  hashedNormalTable,
  shuffledOrder,
  USER_TABLE_SALT,
} from '../../../bench/peers/portable-random.js';

const PYTHON = '/usr/bin/python3';
const PEERS_DIR = fileURLToPath(new URL('../../../bench/peers', import.meta.url));
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy, torch']).status === 0;
if (!hasNumpy) console.log(`skipping the numpy twin checks: ${PYTHON} cannot import numpy and torch`);

/** Runs a Python expression against pytorch_peer.py's twins and returns its JSON output. */
function python(expression: string): unknown {
  const script = `import json, pytorch_peer as p\nprint(json.dumps(${expression}))`;
  // PYTHONDONTWRITEBYTECODE keeps the import from leaving __pycache__ in the source tree.
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { cwd: PEERS_DIR, encoding: 'utf8', env }));
}

describe('hash32', () => {
  it('matches lowbias32 on known inputs', () => {
    // Expected values from plain Python integers:
    // x ^= x >> 16; x = x * 0x7feb352d & 0xffffffff; x ^= x >> 15; x = x * 0x846ca68b & 0xffffffff; x ^= x >> 16
    expect(hash32(0)).toBe(0);
    expect(hash32(1)).toBe(1753845952);
    expect(hash32(2)).toBe(3507691905);
    expect(hash32(42)).toBe(388445122);
    expect(hash32(0xffffffff)).toBe(1734902346);
  });

  it('wraps negative inputs to uint32', () => {
    expect(hash32(-1)).toBe(hash32(0xffffffff));
  });
});

describe('shuffledOrder', () => {
  it('pins the order of ten examples', () => {
    expect(Array.from(shuffledOrder(10, 42, 0))).toEqual([1, 7, 4, 2, 5, 6, 8, 0, 9, 3]);
    expect(Array.from(shuffledOrder(10, 42, 1))).toEqual([9, 3, 0, 1, 4, 7, 5, 6, 2, 8]);
  });

  it('is a permutation', () => {
    const order = shuffledOrder(5000, 7, 3);
    const seen = new Uint8Array(5000);
    for (const index of order) seen[index]!++;
    expect(seen.every((count) => count === 1)).toBe(true);
  });

  it('differs by seed', () => {
    expect(Array.from(shuffledOrder(10, 43, 0))).not.toEqual(Array.from(shuffledOrder(10, 42, 0)));
  });

  it('handles zero examples', () => {
    expect(shuffledOrder(0, 42, 0).length).toBe(0);
  });

  it('rejects a fractional size', () => {
    expect(() => shuffledOrder(2.5, 42, 0)).toThrow(/size 2.5/);
  });

  it.skipIf(!hasNumpy)('matches the numpy twin', () => {
    const expected = python('p.shuffled_order(2000, 12345, 2).tolist()');
    expect(Array.from(shuffledOrder(2000, 12345, 2))).toEqual(expected);
  });
});

describe('hashedNormalTable', () => {
  it('pins the first values', () => {
    const table = hashedNormalTable(2, 3, 0.05, 42, USER_TABLE_SALT);
    // Regression values, also produced by the numpy twin in pytorch_peer.py.
    expect(table[0]).toBeCloseTo(-0.021951016038656235, 9);
    expect(table[1]).toBeCloseTo(-0.0772920623421669, 9);
    expect(table[5]).toBeCloseTo(0.03964810445904732, 9);
  });

  it('has mean 0 and std 0.05', () => {
    const table = hashedNormalTable(1000, 50, 0.05, 7, ARTICLE_TABLE_SALT);
    let sum = 0;
    let squares = 0;
    for (const value of table) {
      sum += value;
      squares += value * value;
    }
    const mean = sum / table.length;
    // Standard error of the mean: 0.05 / sqrt(50000) = 0.00022; of the std: 0.05 / sqrt(100000) = 0.00016.
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(Math.sqrt(squares / table.length - mean * mean)).toBeCloseTo(0.05, 3);
  });

  it('is all zeros with std 0', () => {
    expect(hashedNormalTable(3, 4, 0, 42, USER_TABLE_SALT).every((value) => value === 0)).toBe(true);
  });

  it('differs between tables', () => {
    const users = hashedNormalTable(2, 2, 0.05, 42, USER_TABLE_SALT);
    const articles = hashedNormalTable(2, 2, 0.05, 42, ARTICLE_TABLE_SALT);
    expect(users[0]).not.toBe(articles[0]);
  });

  it.skipIf(!hasNumpy)('matches the numpy twin', () => {
    const expected = python('p.hashed_normal_table(300, 16, 0.05, 99, p.ARTICLE_TABLE_SALT).ravel().tolist()') as number[];
    const table = hashedNormalTable(300, 16, 0.05, 99, ARTICLE_TABLE_SALT);
    expect(table.length).toBe(expected.length);
    let maxDifference = 0;
    for (let i = 0; i < table.length; i++) maxDifference = Math.max(maxDifference, Math.abs(table[i]! - expected[i]!));
    // cos and log may differ by one float64 ulp between V8 and numpy; one float32 ulp at 0.2 is 1.5e-8.
    expect(maxDifference).toBeLessThan(2e-8);
  });
});
