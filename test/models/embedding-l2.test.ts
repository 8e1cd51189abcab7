import { afterEach, describe, expect, it } from 'vitest';

import { parseTwoTowerConfig, resolveTwoTowerConfig } from '../../src/models/two-tower-config.js';
import type { TwoTowerModel } from '../../src/models/two-tower-model.js';
import { clearGradients, denseTableGradient, tinyBatch, tinyModel } from './fixtures.js';

describe('embedding L2', () => {
  const models: TwoTowerModel[] = [];
  afterEach(async () => {
    for (const model of models.splice(0)) await model.dispose();
  });

  it('adds lambda times each touched row', async () => {
    const plain = await tinyModel({ timeTerm: { enabled: false } });
    const decayed = await tinyModel({ timeTerm: { enabled: false }, embeddingL2: 0.5 });
    models.push(plain, decayed);
    const batch = tinyBatch(false);
    clearGradients(plain);
    clearGradients(decayed);
    const plainLoss = plain.trainStep(batch);
    const decayedLoss = decayed.trainStep(batch);

    // The penalty is not part of the reported loss.
    expect(decayedLoss).toBe(plainLoss);
    const plainTables = plain.namedTables();
    for (const [name, table] of decayed.namedTables()) {
      const expected = denseTableGradient(plainTables.get(name)!);
      const touched = new Set(table.gradient().rows);
      for (let row = 0; row < table.rows; row++) {
        if (!touched.has(row)) continue;
        for (let j = 0; j < table.dim; j++) expected[row * table.dim + j] += 0.5 * table.weights[row * table.dim + j];
      }
      const actual = denseTableGradient(table);
      for (let k = 0; k < actual.length; k++) expect(actual[k], `${name}[${k}]`).toBeCloseTo(expected[k], 6);
    }
  });

  it('leaves untouched rows without gradient', async () => {
    const model = await tinyModel({ timeTerm: { enabled: false }, embeddingL2: 0.5 });
    models.push(model);
    clearGradients(model);
    model.trainStep(tinyBatch(false));
    // The tiny batch reads article ids 1 and 4, so rows 0, 2 and 3 of the id table stay untouched.
    expect([...model.namedTables().get('candidate.id')!.gradient().rows].sort()).toEqual([1, 4]);
  });

  it('defaults to 0 for configs saved without it', () => {
    const saved: Record<string, unknown> = { ...resolveTwoTowerConfig({ preset: 'id-only' }) };
    delete saved.embeddingL2;
    expect(parseTwoTowerConfig(saved).embeddingL2).toBe(0);
  });

  it('rejects a negative strength', () => {
    expect(() => resolveTwoTowerConfig({ embeddingL2: -0.1 })).toThrow(/embeddingL2/);
  });
});
