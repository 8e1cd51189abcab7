/** Formats a metric for the report: 3 decimals below 10, 1 above; a dash for NaN or a missing value. */
export function formatMetric(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);
}

/** Formats a count with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
