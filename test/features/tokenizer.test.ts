import { describe, expect, it } from 'vitest';

import { FeatureError } from '../../src/features/errors.js';
import { hashString, murmur3_32 } from '../../src/features/murmur3.js';
import { hashTextFeatures, hashTokens, tokenize } from '../../src/features/tokenizer.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('tokenize', () => {
  it('handles accents and CJK', () => {
    expect(tokenize('Ação Über 数据 naïve')).toEqual(['ação', 'über', '数', '据', 'naïve']);
  });

  it('drops emoji and punctuation', () => {
    expect(tokenize('Hello 🚀 world! 👩‍💻 ok?')).toEqual(['hello', 'world', 'ok']);
    // The keycap emoji is digit + U+FE0F + U+20E3: the selector is removed, the keycap mark dropped.
    expect(tokenize('1️⃣ step')).toEqual(['1', 'step']);
  });

  it('applies NFKC before lowercasing', () => {
    // Full-width letters, the "fi" ligature, and e + combining acute accent.
    expect(tokenize('ＡＢＣ ﬁle e\u0301cole')).toEqual(['abc', 'file', 'école']);
  });

  it('splits Japanese per character', () => {
    expect(tokenize('データ設計 and 한국어 문장')).toEqual(['デ', 'ー', 'タ', '設', '計', 'and', '한국어', '문장']);
    expect(tokenize('abc数据def')).toEqual(['abc', '数', '据', 'def']);
  });

  it('keeps combining marks inside words', () => {
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
  });

  it('splits on apostrophes and hyphens', () => {
    expect(tokenize("Don't stop-me now_x")).toEqual(['don', 't', 'stop', 'me', 'now', 'x']);
  });

  it('truncates to maxTokens', () => {
    expect(tokenize('one two three four', { maxTokens: 2 })).toEqual(['one', 'two']);
    expect(tokenize('数据库设计', { maxTokens: 3 })).toEqual(['数', '据', '库']);
    expect(tokenize('anything', { maxTokens: 0 })).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' ,.!? 🚀 ')).toEqual([]);
  });

  it('rejects a negative maxTokens', () => {
    expect(() => tokenize('a', { maxTokens: -1 })).toThrow(FeatureError);
  });
});

describe('murmur3_32', () => {
  // Reference vectors of MurmurHash3_x86_32 as published with the algorithm's test suites.
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['aa', 0x9747b28c, 0x5d211726],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('hashes %j with seed %d', (text, seed, expected) => {
    expect(murmur3_32(utf8(text), seed)).toBe(expected);
  });

  it('hashes four zero bytes', () => {
    expect(murmur3_32(new Uint8Array(4), 0)).toBe(0x2362f9de);
  });

  it('matches hashString on UTF-8', () => {
    expect(hashString('ação')).toBe(murmur3_32(utf8('ação')));
    expect(hashString('ação')).toBe(4088441131);
    expect(hashString('ação', 42)).toBe(2413222035);
    expect(hashString('数')).toBe(198802373);
    // A long string grows the scratch buffer and must hash the same as a fresh encoding.
    const long = 'x'.repeat(10_000);
    expect(hashString(long)).toBe(murmur3_32(utf8(long)));
  });
});

describe('hashTokens', () => {
  it('hashes unigrams then bigrams', () => {
    // murmur3 % 1000: ação 4088441131 -> 131, über 2684790572 -> 572, 数 198802373 -> 373,
    // "ação über" 2004724177 -> 177, "über 数" -> 34.
    expect(Array.from(hashTokens(['ação', 'über', '数'], { buckets: 1000 }))).toEqual([131, 572, 373, 177, 34]);
    expect(Array.from(hashTokens(['ação', 'über', '数'], { buckets: 1000, bigrams: false }))).toEqual([131, 572, 373]);
    expect(Array.from(hashTokens([], { buckets: 1000 }))).toEqual([]);
  });
});

describe('hashTextFeatures', () => {
  it('returns stable distinct buckets', () => {
    const text = 'Ação Über 数据 naïve';
    expect(Array.from(hashTextFeatures(text, { buckets: 1000 }))).toEqual([34, 131, 177, 178, 373, 445, 572, 606, 779]);
    expect(Array.from(hashTextFeatures(text, { buckets: 1000, seed: 42 }))).toEqual([35, 250, 371, 404, 622, 737, 756, 811, 882]);
  });

  it('counts a repeated token once', () => {
    // "spam" -> 853848 and "spam spam" -> 47175 with 2^20 buckets; repeats collapse.
    expect(Array.from(hashTextFeatures('spam spam spam', { buckets: 1 << 20 }))).toEqual([47175, 853848]);
  });

  it('applies maxTokens before hashing', () => {
    const truncated = hashTextFeatures('Ação Über 数据 naïve', { buckets: 1000, maxTokens: 2 });
    expect(Array.from(truncated)).toEqual([131, 177, 572]);
  });

  it('rejects invalid options', () => {
    for (const options of [{ buckets: 0 }, { buckets: 2 ** 31 }, { buckets: 10, seed: -1 }, { buckets: 10, maxTokens: -2 }]) {
      let code = '';
      try {
        hashTextFeatures('x', options);
      } catch (error) {
        code = (error as FeatureError).code;
      }
      expect(code).toBe('FEATURES_INVALID_OPTIONS');
    }
  });
});
