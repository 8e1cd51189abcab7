import { describe, expect, it } from 'vitest';

import type { Dataset, IngestReport } from '../../src/data/types.js';
import { resolveProtocolOptions, type ProtocolResult } from '../../src/eval/protocols/protocol-types.js';
import { runPlan } from '../../src/eval/protocols/run-protocol.js';
import { renderReport } from '../../src/eval/report/render-report.js';
import type { FitData, Recommender, ScoringRequest } from '../../src/models/recommender.js';
import { buildTable, HOUR, splitAt } from './fixtures.js';

/** Cutoff 10 h; u2's request at 12 h follows u3's test click at 11 h. */
const table = buildTable([
  { user: 'u1', article: 'a', time: 9 * HOUR },
  { user: 'u3', article: 'b', time: 11 * HOUR },
  { user: 'u2', article: 'a', time: 12 * HOUR },
]);

/** Records how many recent rows each request carried (undefined without a feed). */
class RecordingModel implements Recommender {
  readonly name = 'recording';
  readonly recentSizes: (number | undefined)[] = [];
  async fit(_data: FitData): Promise<void> {}
  score(request: ScoringRequest, _candidates: Int32Array, out: Float32Array): void {
    this.recentSizes.push(request.recent?.size);
    out.fill(0);
  }
}

async function runWith(liveFeed: boolean | undefined): Promise<{ result: ProtocolResult; model: RecordingModel }> {
  const model = new RecordingModel();
  const dataset = { name: 'tiny', interactions: table, articles: new Map(), users: new Map(), report: {} as IngestReport } satisfies Dataset;
  const result = await runPlan(
    {
      protocol: 'demo',
      title: 'Tiny',
      description: 'Three rows.',
      dataset,
      folder: null,
      split: splitAt(table, 10 * HOUR),
      splitKind: 'time',
      splitDescription: 'Split at 10 h.',
      models: [model],
      evaluation: { candidates: 'warm' },
    },
    resolveProtocolOptions(liveFeed === undefined ? {} : { liveFeed }),
    () => {},
    Date.now(),
  );
  return { result, model };
}

describe('protocol liveFeed option', () => {
  it('defaults to off', async () => {
    const { result, model } = await runWith(undefined);
    expect(result.options.liveFeed).toBe(false);
    expect(result.evaluation.options.liveFeed).toBe(false);
    expect(model.recentSizes).toEqual([undefined, undefined]);
  });

  it('reaches the runner when on', async () => {
    const { result, model } = await runWith(true);
    expect(result.options.liveFeed).toBe(true);
    expect(result.evaluation.options.liveFeed).toBe(true);
    // Requests in user-code order: u3 at 11 h gets no row, and u2 at 12 h gets u3's 11 h row.
    expect(model.recentSizes).toEqual([0, 1]);
  });

  it('shows the option in the report summary', async () => {
    const on = renderReport((await runWith(true)).result, '');
    const off = renderReport((await runWith(false)).result, '');
    expect(on).toContain('<dt>live feed</dt><dd>on: each request also carried the test interactions strictly before its time');
    expect(off).toContain('<dt>live feed</dt><dd>off: models saw training interactions only</dd>');
  });
});
