/**
 * Explains one real cell of a step on the whole matrices (the host's copy of the result, not the sample the
 * panel received): a sampled view asks for entry (i, j) by its real indices and shows this text, so an
 * explanation never describes another cell than the one shown.
 */
import { explainerFor } from './explain';
import { formatNumber } from './format';
import type { WireResult } from './protocol';
import { entry } from './wireMatrix';

/**
 * The explanation of entry (`row`, `col`) of step `stepId` (of head `head` when given) of `whole`, a result
 * converted without sampling (`toWireResult(r, true)`), with `digits` significant digits; the value alone when
 * the step has no explanation; `undefined` when there is no such step or cell.
 */
export function explainCell(whole: WireResult, stepId: string, head: number | undefined, row: number, col: number, digits: number): string | undefined {
  const steps = head === undefined ? whole.steps : whole.heads?.[head]?.steps;
  const step = steps?.find((s) => s.id === stepId);
  if (!step || !Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0 || row >= step.matrix.rows || col >= step.matrix.cols) return undefined;
  return explainerFor(step, whole, digits, head)?.(row, col) ?? formatNumber(entry(step.matrix, row, col), digits);
}
