import type { InteractionTable } from '../data/types.js';

/**
 * Tests whether a row is a positive interaction: clicked (1) or a plain event log without a
 * click column (MISSING_FLAG, -1). Rows with click = 0 are impressions the user did not click and
 * are neither training positives nor test positives.
 */
export function isPositiveRow(table: InteractionTable, row: number): boolean {
  return table.click[row] !== 0;
}
