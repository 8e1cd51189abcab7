import { describe, expect, it } from 'vitest';

import { parseIso8601, parseUsDate12h, TimestampParser } from '../../src/data/timestamps.js';

describe('parseIso8601', () => {
  it.each([
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12, 0, 0)],
    ['2024-05-01T12:00:00.123Z', Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
    // Fractions beyond ms are cut, not rounded.
    ['2024-05-01T12:00:00.123999Z', Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
    ['2024-05-01T12:00:00,5Z', Date.UTC(2024, 4, 1, 12, 0, 0, 500)],
    ['2024-05-01 12:00', Date.UTC(2024, 4, 1, 12, 0)],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    // 14:00 at +02:00 is 12:00 UTC.
    ['2024-05-01T14:00:00+02:00', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T14:00:00+0200', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T09:30:00-02:30', Date.UTC(2024, 4, 1, 12)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('parses %s', (text, expected) => {
    expect(parseIso8601(text)).toBe(expected);
  });

  it.each(['2023-02-29', '2023-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-01-01T24:00:00Z', '2O24-01-01T00:00:00Z', '2024-13-01', '2024-04-31', '2024-05-01T24:00:00Z', '2024-05-01T12:60Z', '2024-05-01T12:00:60Z', '01/05/2024', 'May 1 2024', '2024-5-1', ''])(
    'rejects %s',
    (text) => {
      expect(parseIso8601(text)).toBeNaN();
    },
  );

  it('keeps years below 100 as written', () => {
    // Date.UTC would turn year 99 into 1999.
    expect(new Date(parseIso8601('0099-01-01')).getUTCFullYear()).toBe(99);
  });
});

describe('TimestampParser', () => {
  it('detects Unix seconds', () => {
    const parser = new TimestampParser();
    expect(parser.parse('881250949')).toBe(881_250_949_000);
    expect(parser.format).toBe('unix_seconds');
    expect(parser.parse('1465413032.5')).toBe(1_465_413_032_500);
  });

  it('detects Unix milliseconds', () => {
    const parser = new TimestampParser();
    expect(parser.parse('1506826828020')).toBe(1_506_826_828_020);
    expect(parser.format).toBe('unix_milliseconds');
  });

  it('places the seconds/milliseconds boundary at 1e11', () => {
    // 99,999,999,999 s is year 5138; 100,000,000,000 ms is 1973-03-03.
    const seconds = new TimestampParser();
    expect(seconds.parse('99999999999')).toBe(99_999_999_999_000);
    expect(seconds.format).toBe('unix_seconds');
    const milliseconds = new TimestampParser();
    expect(milliseconds.parse('100000000000')).toBe(100_000_000_000);
    expect(milliseconds.format).toBe('unix_milliseconds');
  });

  it('rejects a value in another format than the first', () => {
    const parser = new TimestampParser();
    expect(parser.parse('1506826828020')).toBe(1_506_826_828_020);
    expect(parser.parse('1506826828')).toBeNaN();
    expect(parser.problem).toBe('format_mismatch');
    expect(parser.describeProblem('1506826828')).toBe(
      'timestamp "1506826828" is not in this file\'s format (unix_milliseconds), detected from its first valid value',
    );
    expect(parser.parse('2024-01-01')).toBeNaN();
    expect(parser.problem).toBe('format_mismatch');
  });

  it('ignores invalid values when detecting', () => {
    const parser = new TimestampParser();
    expect(parser.parse('yesterday')).toBeNaN();
    expect(parser.format).toBeNull();
    expect(parser.parse('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(parser.format).toBe('iso8601');
  });

  it.each([
    ['', 'empty', 'timestamp is empty'],
    ['-5', 'negative', 'timestamp "-5" is before 1970-01-01'],
    ['1969-12-31T23:59:59Z', 'negative', 'timestamp "1969-12-31T23:59:59Z" is before 1970-01-01'],
    ['1e15', 'out_of_range', 'timestamp "1e15" is beyond the year 5138'],
    ['0x5F5E100', 'not_a_time', 'timestamp "0x5F5E100" is not ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds'],
    ['Infinity', 'not_a_time', 'timestamp "Infinity" is not ISO 8601 (2024-05-01T12:00:00Z), Unix seconds or Unix milliseconds'],
  ])('rejects %j as %s', (text, problem, message) => {
    const parser = new TimestampParser();
    expect(parser.parse(text)).toBeNaN();
    expect(parser.problem).toBe(problem);
    expect(parser.describeProblem(text)).toBe(message);
  });
});

describe('parseUsDate12h', () => {
  it.each([
    ['11/13/2019 5:53:12 AM', Date.UTC(2019, 10, 13, 5, 53, 12)],
    ['11/12/2019 2:14:46 PM', Date.UTC(2019, 10, 12, 14, 14, 46)],
    ['11/09/2019 12:01:13 AM', Date.UTC(2019, 10, 9, 0, 1, 13)],
    ['11/09/2019 12:01:13 PM', Date.UTC(2019, 10, 9, 12, 1, 13)],
  ])('parses %s', (text, expected) => {
    expect(parseUsDate12h(text)).toBe(expected);
  });

  it.each(['13/01/2019 1:00:00 AM', '11/13/2019 13:00:00 PM', '11/13/2019 0:10:00 AM', '2019-11-13 05:53:12', '02/30/2019 1:00:00 AM'])(
    'rejects %s',
    (text) => {
      expect(parseUsDate12h(text)).toBeNaN();
    },
  );
});
