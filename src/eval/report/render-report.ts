import type { ProtocolResult } from '../protocols/protocol-types.js';
import { buildChartSpecs, type ChartSpec } from './chart-specs.js';
import { formatCount, formatMetric } from './format-number.js';
import { escapeHtml, inlineScriptSource, jsonForScript } from './html-escape.js';
import { metricColumns, renderMetricTable } from './metric-table.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: right; }
th[scope=row], thead th:first-child { text-align: left; }
thead th { background: #f4f4f4; }
td.best { background: #e6f4ea; }
tr.failed td { text-align: left; color: #8a1c1c; }
.yes { color: #0b6b2b; font-weight: bold; } .no { color: #8a1c1c; font-weight: bold; }
.chart { position: relative; height: 340px; margin-bottom: 2rem; }
.caption { color: #555; margin: 0 0 0.5rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; } dt { font-weight: bold; }
`;

/**
 * Renders a protocol result as one self-contained HTML page: the summary, a metrics table per
 * candidate setting (best value per column marked), the baseline comparison, reference values
 * and the charts. `chartLibrary` is the Chart.js 4 UMD source, inlined so the page needs no
 * network. Every string from the data is escaped, in HTML and in the embedded JSON.
 */
export function renderReport(result: ProtocolResult, chartLibrary: string): string {
  const charts = buildChartSpecs(result);
  const title = `ReadNext evaluation: ${result.title}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(result.description)}</p>
${renderSummary(result)}
${renderTables(result)}
${renderComparisons(result)}
${renderReferences(result)}
${renderNotes(result)}
<h2>Charts</h2>
${charts.map(renderChartBlock).join('\n')}
<script id="report-charts" type="application/json">${jsonForScript(charts.map(({ id, config }) => ({ id, config })))}</script>
<script>${inlineScriptSource(chartLibrary)}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  specs.forEach(function (spec) {
    new Chart(document.getElementById(spec.id), spec.config);
  });
})();
</script>
</body>
</html>
`;
}

const LIVE_FEED_ON =
  'on: each request also carried the test interactions strictly before its time; the two-tower time term and ' +
  'recently popular counted them, and the other models ignored them';
const LIVE_FEED_OFF = 'off: models saw training interactions only';

function renderSummary(result: ProtocolResult): string {
  const { dataset, split, evaluation } = result;
  const users = evaluation.testUsers;
  const items: [string, string][] = [
    ['protocol', result.protocol],
    ['run', `${result.startedAt}, ${result.seconds.toFixed(0)} s, seed ${result.options.seed}`],
    ['data', `${dataset.name}${dataset.folder === null ? ' (generated)' : ` from ${dataset.folder}`}`],
    [
      'interactions',
      `${formatCount(dataset.interactions)} rows (${formatCount(dataset.positives)} positives), ${formatCount(dataset.users)} users, ` +
        `${formatCount(dataset.articles)} articles (${formatCount(dataset.articlesWithMetadata)} with metadata), ` +
        `${dataset.firstInteraction} to ${dataset.lastInteraction}`,
    ],
    ['split', `${split.description} Cutoff ${split.cutoff}; ${formatCount(split.trainRows)} train rows, ${formatCount(split.testRows)} test rows.`],
    ['live feed', evaluation.options.liveFeed ? LIVE_FEED_ON : LIVE_FEED_OFF],
    [
      'test users',
      `${formatCount(users.evaluated)} evaluated of ${formatCount(users.eligible)} eligible; ${formatCount(users.withoutHistory)} without training history`,
    ],
  ];
  return `<dl>${items.map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`).join('')}</dl>`;
}

function renderTables(result: ProtocolResult): string {
  const { evaluation } = result;
  const columns = metricColumns(evaluation.options.k, evaluation.options.ks);
  return result.settings
    .map((setting) => {
      const first = evaluation.models.flatMap((model) => model.settings).find((entry) => entry.setting === setting);
      const context =
        first === undefined
          ? ''
          : `<p class="caption">${escapeHtml(
              `${formatCount(Math.round(first.meanCandidates))} candidates per request on average; ` +
                `${(first.reachableInteractionShare * 100).toFixed(1)}% of test interactions have their article among the candidates (the ceiling for top-K accuracy). ` +
                'Best value per column in bold with ★.',
            )}</p>`;
      return `<h2>Results: ${escapeHtml(setting)} candidates</h2>\n${context}\n${renderMetricTable(evaluation.models, setting, columns)}`;
    })
    .join('\n');
}

function renderComparisons(result: ProtocolResult): string {
  if (result.comparisons.length === 0) return '';
  const rows = result.comparisons
    .map((entry) => {
      const best = entry.bestBaseline === null ? 'none finished' : `${entry.bestBaseline.name} ${formatMetric(entry.bestBaseline.value)}`;
      const verdict = entry.beatsAllBaselines ? '<span class="yes">yes</span>' : '<span class="no">no</span>';
      const failed = entry.failedBaselines.length === 0 ? '' : escapeHtml(`not run: ${entry.failedBaselines.join(', ')}`);
      return (
        `<tr><th scope="row">${escapeHtml(entry.model)}</th><td>${escapeHtml(entry.setting)}</td>` +
        `<td>${escapeHtml(`${entry.metric === 'ndcg' ? 'NDCG' : 'recall'}@${entry.k}`)}</td><td>${escapeHtml(formatMetric(entry.value))}</td>` +
        `<td>${escapeHtml(best)}</td><td>${verdict}</td><td>${failed}</td></tr>`
      );
    })
    .join('\n');
  return `<h2>Does the model beat every baseline?</h2>
<p class="caption">A tie is not a win. Baselines that failed are listed and not compared.</p>
<table class="comparisons"><thead><tr><th>model</th><th>setting</th><th>metric</th><th>model value</th><th>best baseline</th><th>beats all baselines</th><th></th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function renderReferences(result: ProtocolResult): string {
  if (result.references.length === 0) return '';
  const rows = result.references
    .map((reference) => {
      const measured = referenceValue(result, reference.model, reference.metric);
      const inRange = !Number.isNaN(measured) && measured >= reference.low && measured <= reference.high;
      return (
        `<tr><th scope="row">${escapeHtml(reference.model)}</th><td>${escapeHtml(reference.metric)}</td><td>${escapeHtml(formatMetric(measured))}</td>` +
        `<td>${escapeHtml(`${reference.low}–${reference.high}`)}</td><td>${inRange ? '<span class="yes">yes</span>' : '<span class="no">no</span>'}</td>` +
        `<td>${escapeHtml(reference.source)}</td></tr>`
      );
    })
    .join('\n');
  return `<h2>Reference values</h2>
<table class="references"><thead><tr><th>model</th><th>metric</th><th>measured</th><th>reference range</th><th>in range</th><th>source</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

/** Reads "top-N accuracy" from the model's first setting; NaN when absent. */
export function referenceValue(result: ProtocolResult, modelName: string, metric: string): number {
  const model = result.evaluation.models.find((entry) => entry.name === modelName);
  const match = /^top-(\d+) accuracy$/.exec(metric);
  if (model === undefined || model.status !== 'ok' || match === null) return NaN;
  const k = Number(match[1]);
  return model.settings[0]?.topKAccuracy.values.find((value) => value.k === k)?.accuracy ?? NaN;
}

function renderNotes(result: ProtocolResult): string {
  if (result.notes.length === 0) return '';
  return `<h2>Notes</h2>\n<ul>${result.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}

function renderChartBlock(spec: ChartSpec): string {
  return `<h3>${escapeHtml(spec.title)}</h3>
<p class="caption">${escapeHtml(spec.caption)}</p>
<div class="chart"><canvas id="${escapeHtml(spec.id)}" role="img" aria-label="${escapeHtml(spec.title)}"></canvas></div>`;
}
