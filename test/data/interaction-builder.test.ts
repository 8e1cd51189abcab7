import { describe, expect, it } from 'vitest';

import { IngestReportBuilder } from '../../src/data/ingest-report.js';
import { InteractionBuilder, sortByTime } from '../../src/data/interaction-builder.js';
import { MISSING_FLAG } from '../../src/data/types.js';

function newReport(): IngestReportBuilder {
  return new IngestReportBuilder({ maxRejectsInMemory: 100, rejectsWriter: null });
}

/** Pushes a row as an accepted record of the current file, the way InteractionSink does. */
function pushAccepted(builder: InteractionBuilder, counter: { read: number; accept(): void }, user: string, article: string, time: number, like = MISSING_FLAG): void {
  counter.read += 1;
  builder.push(user, article, time, 1, Number.NaN, like);
  counter.accept();
}

describe('InteractionBuilder', () => {
  it('credits a cross-file duplicate to the later file', () => {
    const report = newReport();
    const builder = new InteractionBuilder();
    const first = report.openTable('first.csv', 'interactions', 'csv');
    builder.startFile(first);
    pushAccepted(builder, first, 'u1', 'a1', 1000);
    pushAccepted(builder, first, 'u1', 'a2', 2000);
    const second = report.openTable('second.csv', 'interactions', 'csv');
    builder.startFile(second);
    pushAccepted(builder, second, 'u1', 'a1', 1000);
    pushAccepted(builder, second, 'u1', 'a1', 1000);
    pushAccepted(builder, second, 'u2', 'a1', 1000);

    const table = builder.finish([], []);
    expect(table.size).toBe(3);
    expect(first.toReport()).toMatchObject({ read: 2, accepted: 2, duplicatesMerged: 0 });
    expect(second.toReport()).toMatchObject({ read: 3, accepted: 1, duplicatesMerged: 2 });
  });

  it('merges duplicates inside a long run of equal times', () => {
    // 40 rows at one time exceed the pairwise limit of 32, so the sorted path runs.
    const report = newReport();
    const builder = new InteractionBuilder();
    const counter = report.openTable('run.csv', 'interactions', 'csv');
    builder.startFile(counter);
    for (let i = 0; i < 40; i += 1) pushAccepted(builder, counter, `u${i % 10}`, 'a1', 5000);

    const table = builder.finish([], []);
    expect(table.size).toBe(10);
    expect(counter.toReport()).toMatchObject({ read: 40, accepted: 10, duplicatesMerged: 30 });
    // The first occurrences survive in input order: u0..u9.
    expect(Array.from(table.user, (code) => table.userIds[code])).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9']);
  });

  it('appends unseen extra ids after the interacted ones', () => {
    const report = newReport();
    const builder = new InteractionBuilder();
    const counter = report.openTable('x.csv', 'interactions', 'csv');
    builder.startFile(counter);
    pushAccepted(builder, counter, 'u2', 'a2', 2000);
    pushAccepted(builder, counter, 'u1', 'a1', 1000);

    const table = builder.finish(['u3', 'u1', 'u3'], ['a9', 'a2']);
    expect(table.userIds).toEqual(['u1', 'u2', 'u3']);
    expect(table.articleIds).toEqual(['a1', 'a2', 'a9']);
    expect(Array.from(table.user)).toEqual([0, 1]);
  });
});

describe('sortByTime', () => {
  it('sorts stably with packed keys', () => {
    const times = Float64Array.from([3e12, 1e12, 3e12, 2e12, 1e12]);
    expect(Array.from(sortByTime(times, times.length))).toEqual([1, 4, 3, 0, 2]);
  });

  it('sorts stably when times have fractions of a ms', () => {
    // Non-integer times take the comparator path.
    const times = Float64Array.from([3.5, 1.25, 3.5, 2, 1.25]);
    expect(Array.from(sortByTime(times, times.length))).toEqual([1, 4, 3, 0, 2]);
  });

  it('sorts a span too wide to pack', () => {
    // A span of 1e14 ms with 3 rows still packs (2 index bits); 2^62 does not and falls back.
    const times = Float64Array.from([2 ** 62, 0, 2 ** 61]);
    expect(Array.from(sortByTime(times, times.length))).toEqual([1, 2, 0]);
  });

  it('handles an empty table', () => {
    expect(Array.from(sortByTime(new Float64Array(0), 0))).toEqual([]);
  });
});
