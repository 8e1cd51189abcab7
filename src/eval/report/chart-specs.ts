import type { CandidateSetting } from '../candidate-settings.js';
import type { ModelResult, SettingResult } from '../evaluate.js';
import type { ProtocolResult } from '../protocols/protocol-types.js';

/** A chart as the page draws it: a canvas id, a heading and a Chart.js 4 configuration (plain JSON). */
export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence under the heading on how to read the chart. */
  caption: string;
  config: { type: 'line' | 'bar'; data: { labels: string[]; datasets: Record<string, unknown>[] }; options: Record<string, unknown> };
}

/** Categories shown in the exposure chart; the rest are left out. */
const MAX_CATEGORIES = 12;

/** Colour-blind-friendly palette (Okabe-Ito), one colour per model in result order. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
const REFERENCE_COLOUR = '#888888';

/** Builds every chart the report draws; a chart with no data (no model reported losses, say) is left out. */
export function buildChartSpecs(result: ProtocolResult): ChartSpec[] {
  const models = result.evaluation.models;
  const colourOf = (name: string) => PALETTE[models.findIndex((model) => model.name === name) % PALETTE.length];
  const specs: ChartSpec[] = [];
  for (const setting of result.settings) {
    specs.push(recallCurve(models, setting, colourOf));
    specs.push(topKAccuracyCurve(models, setting, colourOf));
  }
  const loss = trainingLoss(models, colourOf);
  if (loss !== null) specs.push(loss);
  for (const setting of result.settings) {
    const popularity = popularityExposure(models, setting, colourOf);
    if (popularity !== null) specs.push(popularity);
    const categories = categoryExposure(models, setting, colourOf);
    if (categories !== null) specs.push(categories);
  }
  return specs;
}

function measuredIn(models: readonly ModelResult[], setting: CandidateSetting): { model: ModelResult; measured: SettingResult }[] {
  return models.flatMap((model) => {
    const measured = model.settings.find((entry) => entry.setting === setting);
    return model.status === 'ok' && measured !== undefined ? [{ model, measured }] : [];
  });
}

function lineDataset(label: string, data: (number | null)[], colour: string): Record<string, unknown> {
  return { label, data, borderColor: colour, backgroundColor: colour, fill: false, tension: 0, pointRadius: 3 };
}

function axes(x: string, y: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { position: 'bottom' } },
    scales: { x: { title: { display: true, text: x } }, y: { title: { display: true, text: y }, beginAtZero: true, ...extra } },
  };
}

/** NaN and infinities are not valid JSON; Chart.js skips null points. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function recallCurve(models: readonly ModelResult[], setting: CandidateSetting, colourOf: (name: string) => string): ChartSpec {
  const rows = measuredIn(models, setting);
  const ks = rows[0]?.measured.ranking.recallCurve.map((point) => point.k) ?? [];
  return {
    id: `recall-curve-${setting}`,
    title: `Recall@K per model (${setting} candidates)`,
    caption: 'Mean per-user recall at each cut-off K, history excluded; higher is better.',
    config: {
      type: 'line',
      data: {
        labels: ks.map(String),
        datasets: rows.map(({ model, measured }) =>
          lineDataset(model.name, measured.ranking.recallCurve.map((point) => finiteOrNull(point.recall)), colourOf(model.name)),
        ),
      },
      options: axes('K', 'recall@K'),
    },
  };
}

function topKAccuracyCurve(models: readonly ModelResult[], setting: CandidateSetting, colourOf: (name: string) => string): ChartSpec {
  const rows = measuredIn(models, setting);
  const ks = rows[0]?.measured.topKAccuracy.values.map((value) => value.k) ?? [];
  return {
    id: `top-k-accuracy-${setting}`,
    title: `Top-K accuracy per model (${setting} candidates)`,
    caption: 'Share of test interactions whose article ranks in the top K of all candidates (TFRS FactorizedTopK, no exclusion).',
    config: {
      type: 'line',
      data: {
        labels: ks.map(String),
        datasets: rows.map(({ model, measured }) =>
          lineDataset(model.name, measured.topKAccuracy.values.map((value) => finiteOrNull(value.accuracy)), colourOf(model.name)),
        ),
      },
      options: axes('K', 'top-K accuracy'),
    },
  };
}

function trainingLoss(models: readonly ModelResult[], colourOf: (name: string) => string): ChartSpec | null {
  const trained = models.filter((model) => (model.trainingHistory?.length ?? 0) > 0);
  if (trained.length === 0) return null;
  const epochs = Math.max(...trained.map((model) => model.trainingHistory?.length ?? 0));
  return {
    id: 'training-loss',
    title: 'Training loss per epoch',
    caption: "Mean training loss per example in each model's own units (softmax cross-entropy for two-tower, -ln σ for BPR), so compare shapes, not levels.",
    config: {
      type: 'line',
      data: {
        labels: Array.from({ length: epochs }, (_, i) => String(i + 1)),
        datasets: trained.map((model) =>
          lineDataset(model.name, (model.trainingHistory ?? []).map((entry) => finiteOrNull(entry.loss)), colourOf(model.name)),
        ),
      },
      options: axes('epoch', 'mean loss', { beginAtZero: false }),
    },
  };
}

function popularityExposure(models: readonly ModelResult[], setting: CandidateSetting, colourOf: (name: string) => string): ChartSpec | null {
  const rows = measuredIn(models, setting);
  const buckets = rows[0]?.measured.beyondAccuracy.exposureByPopularity ?? [];
  if (buckets.length === 0) return null;
  const reference: Record<string, unknown> = {
    ...lineDataset('training interactions', buckets.map((bucket) => finiteOrNull(bucket.interactionShare)), REFERENCE_COLOUR),
    type: 'line',
    borderDash: [6, 4],
  };
  return {
    id: `popularity-exposure-${setting}`,
    title: `Exposure by catalogue popularity (${setting} candidates)`,
    caption:
      'The catalogue in equal-size slices by training popularity, least read on the left. Bars: share of recommended slots per slice; ' +
      'dashed line: share of training interactions. Bars piled on the right mean a popularity bias.',
    config: {
      type: 'bar',
      data: {
        labels: buckets.map((bucket) => `${bucket.bucket}`),
        datasets: [
          reference,
          ...rows.map(({ model, measured }) => ({
            label: model.name,
            data: measured.beyondAccuracy.exposureByPopularity.map((bucket) => finiteOrNull(bucket.exposureShare)),
            backgroundColor: colourOf(model.name),
          })),
        ],
      },
      options: axes(`popularity slice (1 = least read, ${buckets.length} = most read)`, 'share'),
    },
  };
}

function categoryExposure(models: readonly ModelResult[], setting: CandidateSetting, colourOf: (name: string) => string): ChartSpec | null {
  const rows = measuredIn(models, setting);
  if (rows.length === 0) return null;
  // Catalogue shares are the same for every model; take the categories with the largest ones.
  const catalogue = new Map<string, number>();
  for (const { measured } of rows) {
    for (const group of measured.beyondAccuracy.exposureByCategory.groups) {
      if (group.value !== null) catalogue.set(group.value, group.catalogueShare);
    }
  }
  if (catalogue.size === 0) return null;
  const categories = [...catalogue.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_CATEGORIES)
    .map(([value]) => value);

  return {
    id: `category-exposure-${setting}`,
    title: `Exposure by category (${setting} candidates)`,
    caption: `Share of recommended slots per category next to the category's share of the catalogue, for the ${categories.length} largest categories.`,
    config: {
      type: 'bar',
      data: {
        labels: categories,
        datasets: [
          { label: 'catalogue', data: categories.map((value) => catalogue.get(value) ?? 0), backgroundColor: REFERENCE_COLOUR },
          ...rows.map(({ model, measured }) => {
            const shares = new Map(measured.beyondAccuracy.exposureByCategory.groups.map((group) => [group.value, group.exposureShare]));
            return {
              label: model.name,
              data: categories.map((value) => finiteOrNull(shares.get(value) ?? 0)),
              backgroundColor: colourOf(model.name),
            };
          }),
        ],
      },
      options: axes('category', 'share'),
    },
  };
}
