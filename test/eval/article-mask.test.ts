import { describe, expect, it } from 'vitest';

import { ArticleMask } from '../../src/eval/article-mask.js';

describe('ArticleMask', () => {
  it('adds, tests and clears codes', () => {
    const mask = new ArticleMask(10);
    mask.addAll([3, 5, 3, 42, -1]);
    expect(mask.size).toBe(2);
    expect(mask.has(3)).toBe(true);
    expect(mask.has(4)).toBe(false);
    expect(mask.has(42)).toBe(false);
    mask.clear();
    expect(mask.has(3)).toBe(false);
    expect(mask.size).toBe(0);
  });
});
