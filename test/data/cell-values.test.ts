import { describe, expect, it } from 'vitest';

import { checkId, INVALID_FLAG, parseFlag, parseList, parseReadTime, truncateText } from '../../src/data/cell-values.js';
import { MISSING_FLAG } from '../../src/data/types.js';

describe('parseFlag', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    ['true', 1],
    ['FALSE', 0],
    ['', MISSING_FLAG],
    ['2', INVALID_FLAG],
    ['yes', INVALID_FLAG],
    ['1.0', INVALID_FLAG],
  ])('maps %j to %d', (text, expected) => {
    expect(parseFlag(text)).toBe(expected);
  });
});

describe('parseReadTime', () => {
  it('parses seconds', () => {
    expect(parseReadTime('42.5')).toBe(42.5);
    expect(parseReadTime('0')).toBe(0);
    expect(parseReadTime('1e2')).toBe(100);
  });

  it('treats an empty cell as missing', () => {
    expect(parseReadTime('')).toBeNaN();
  });

  it.each(['NaN', '-1', '-0.5', 'Infinity', '1e400', 'abc', '0x10'])('flags %j as invalid', (text) => {
    expect(parseReadTime(text)).toBe(-1);
  });
});

describe('parseList', () => {
  it.each([
    ['python|ml', ['python', 'ml']],
    ['python; ml', ['python', 'ml']],
    ['python, ml', ['python', 'ml']],
    // The first separator present wins: | before ; before ,.
    ['a|b;c', ['a', 'b;c']],
    ['a;b,c', ['a', 'b,c']],
    ['["a|b", "c", 7]', ['a|b', 'c', '7']],
    [' x | | x | y ', ['x', 'y']],
    ['', []],
    ['single', ['single']],
  ])('parses %j', (text, expected) => {
    expect(parseList(text)).toEqual(expected);
  });

  it('rejects a broken JSON array', () => {
    expect(parseList('["a", ')).toBeNull();
    expect(parseList('[{"a": 1}]')).toBeNull();
  });
});

describe('checkId', () => {
  it('accepts Unicode and URL-like ids verbatim', () => {
    expect(checkId('用户1')).toBeNull();
    expect(checkId('ação/2024?x=1&y')).toBeNull();
    expect(checkId('9007199254740993')).toBeNull();
  });

  it('reports missing and invalid ids', () => {
    expect(checkId('')).toBe('missing');
    expect(checkId('a\nb')).toBe('invalid');
    expect(checkId('a\u0000b')).toBe('invalid');
    expect(checkId('x'.repeat(1025))).toBe('invalid');
    expect(checkId(`${'x'.repeat(100)}\t`)).toBe('invalid');
  });
});

describe('truncateText', () => {
  it('keeps short text unchanged', () => {
    expect(truncateText('abc', 3)).toBe('abc');
  });

  it('does not split a surrogate pair', () => {
    // "a😀b": the emoji is two UTF-16 code units at positions 1 and 2.
    expect(truncateText('a😀b', 2)).toBe('a');
    expect(truncateText('a😀b', 3)).toBe('a😀');
  });
});
