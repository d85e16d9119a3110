/**
 * Deep checks of a `data` view state. `parseHostMessage` checks the envelope only; a result whose matrices
 * do not match their shapes or labels would render half a panel, so it is shown as an error instead.
 */
import type { ViewSettings, WireMatrix, WireResult } from '../src/shared/protocol';

/** What is wrong with the result, or `undefined` when it can be rendered. */
export function resultProblem(result: WireResult): string | undefined {
  if (!isList(result.inputs) || !isList(result.diagnostics) || !isList(result.queryLabels) || !isList(result.keyLabels)) {
    return 'the result lacks inputs, diagnostics or labels';
  }
  if (typeof result.options !== 'object' || result.options === null || typeof result.dk !== 'number') return 'the result lacks its options';
  for (const [k, s] of result.steps.entries()) {
    if (typeof s !== 'object' || s === null || typeof s.id !== 'string' || typeof s.title !== 'string' || typeof s.formula !== 'string' || typeof s.description !== 'string') {
      return `step ${k} lacks its id, title, formula or description`;
    }
    const p = matrixProblem(s.matrix, s.rowLabels, s.colLabels);
    if (p) return `step ${s.id}: ${p}`;
  }
  for (const i of result.inputs) {
    if (typeof i !== 'object' || i === null || typeof i.name !== 'string' || typeof i.role !== 'string' || typeof i.roleTitle !== 'string') return 'an input lacks its name or role';
    const p = matrixProblem(i.matrix, i.rowLabels, i.colLabels);
    if (p) return `input ${i.name}: ${p}`;
  }
  return undefined;
}

function matrixProblem(m: WireMatrix, rowLabels: readonly string[], colLabels: readonly string[]): string | undefined {
  if (typeof m !== 'object' || m === null || !Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0 || !isList(m.values)) {
    return 'malformed matrix';
  }
  if (m.values.length !== m.rows * m.cols) return `${m.values.length} values for a ${m.rows} × ${m.cols} matrix`;
  if (!m.values.every((v) => v === null || typeof v === 'number')) return 'non-numeric entries';
  if (!isList(rowLabels) || !isList(colLabels) || rowLabels.length !== m.rows || colLabels.length !== m.cols) {
    return `labels do not match the ${m.rows} × ${m.cols} shape`;
  }
  return undefined;
}

/** The settings with defaults for anything missing or out of range. */
export function normalizeSettings(s: Partial<ViewSettings>): ViewSettings {
  const precision = Number.isInteger(s.precision) && (s.precision as number) >= 1 && (s.precision as number) <= 17 ? (s.precision as number) : 4;
  const canvasThreshold = typeof s.canvasThreshold === 'number' && s.canvasThreshold >= 1 ? s.canvasThreshold : 64;
  return { precision, canvasThreshold };
}

/** `Array.isArray` without narrowing (which would turn the typed arrays into `any[]`). */
function isList(x: unknown): boolean {
  return Array.isArray(x);
}
