import type { ModelResult, SettingResult } from '../evaluate.js';
import type { CandidateSetting } from '../candidate-settings.js';
import { escapeHtml } from './html-escape.js';
import { formatMetric } from './format-number.js';

/** One column of the results table. */
export interface MetricColumn {
  label: string;
  /** Tooltip: what the metric measures. */
  title: string;
  /** Direction of the best value; null for descriptive metrics that have no best. */
  better: 'higher' | 'lower' | null;
  value(setting: SettingResult): number;
}

/** Lists the table's columns for per-user cut-off `k` and top-K accuracy cut-offs `ks`. */
export function metricColumns(k: number, ks: readonly number[]): MetricColumn[] {
  return [
    { label: `recall@${k}`, title: 'Mean per-user share of test articles in the top k', better: 'higher', value: (s) => s.ranking.recall },
    { label: `NDCG@${k}`, title: 'Mean per-user normalised discounted cumulative gain', better: 'higher', value: (s) => s.ranking.ndcg },
    { label: `hit rate@${k}`, title: 'Share of users with a test article in the top k', better: 'higher', value: (s) => s.ranking.hitRate },
    { label: 'MRR', title: 'Mean reciprocal rank of the best-ranked test article', better: 'higher', value: (s) => s.ranking.mrr },
    ...ks.map(
      (cut): MetricColumn => ({
        label: `top-${cut} acc.`,
        title: `Share of test interactions whose article ranks in the top ${cut} (TFRS FactorizedTopK)`,
        better: 'higher',
        value: (s) => s.topKAccuracy.values.find((entry) => entry.k === cut)?.accuracy ?? NaN,
      }),
    ),
    { label: 'coverage', title: 'Share of the catalogue recommended at least once', better: 'higher', value: (s) => s.beyondAccuracy.coverage },
    { label: 'novelty', title: 'Mean self-information of recommended articles, in bits', better: null, value: (s) => s.beyondAccuracy.novelty },
    { label: 'long tail', title: 'Share of recommended slots outside the popular head', better: null, value: (s) => s.beyondAccuracy.longTailShare },
    { label: 'exposure Gini', title: 'Inequality of exposure over the catalogue (0 = equal)', better: null, value: (s) => s.beyondAccuracy.exposureGini },
    {
      label: 'diversity',
      title: 'Intra-list diversity: share of article pairs in a list with different categories',
      better: null,
      value: (s) => s.beyondAccuracy.intraListDiversity.value,
    },
  ];
}

/**
 * Renders one setting's table: a row per model, a column per metric, the best value of each
 * column in bold with a ★ (ties all marked). Failed models get one row with their error.
 */
export function renderMetricTable(models: readonly ModelResult[], setting: CandidateSetting, columns: readonly MetricColumn[]): string {
  const rows = models.map((model) => ({ model, measured: model.settings.find((entry) => entry.setting === setting) }));
  const best = columns.map((column) => {
    if (column.better === null) return NaN;
    const values = rows.flatMap(({ measured }) => (measured === undefined ? [] : [column.value(measured)])).filter((v) => !Number.isNaN(v));
    if (values.length === 0) return NaN;
    return column.better === 'higher' ? Math.max(...values) : Math.min(...values);
  });

  const header = columns.map((column) => `<th title="${escapeHtml(column.title)}">${escapeHtml(column.label)}</th>`).join('');
  const body = rows
    .map(({ model, measured }) => {
      const name = `<th scope="row">${escapeHtml(model.name)}</th>`;
      if (model.status === 'failed' || measured === undefined) {
        const reason = model.error === undefined ? 'not measured' : `failed: ${model.error.code}: ${model.error.message}`;
        return `<tr class="failed">${name}<td colspan="${columns.length}">${escapeHtml(reason)}</td></tr>`;
      }
      const cells = columns
        .map((column, j) => {
          const value = column.value(measured);
          const isBest = !Number.isNaN(best[j]) && value === best[j];
          const text = escapeHtml(formatMetric(value));
          return isBest ? `<td class="best"><strong>${text} ★</strong></td>` : `<td>${text}</td>`;
        })
        .join('');
      return `<tr>${name}${cells}</tr>`;
    })
    .join('\n');
  return `<table class="metrics" data-setting="${escapeHtml(setting)}">\n<thead><tr><th>model</th>${header}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
