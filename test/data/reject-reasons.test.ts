import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { REJECT_REASONS } from '../../src/data/reject-reasons.js';

const docPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/data-formats.md');

describe('reject reason catalogue', () => {
  it('documents every code in docs/data-formats.md', async () => {
    const doc = await readFile(docPath, 'utf8');
    for (const code of Object.keys(REJECT_REASONS)) {
      expect(doc, code).toContain(`| \`${code}\` |`);
    }
  });

  it('gives each code a meaning and a fix', () => {
    for (const [code, entry] of Object.entries(REJECT_REASONS)) {
      expect(entry.meaning.length, code).toBeGreaterThan(10);
      expect(entry.fix.length, code).toBeGreaterThan(10);
    }
  });
});
