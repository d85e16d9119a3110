/** Converts the engine's results to the protocol's plain-JSON form. */
import { roleTitle } from '../core/attention/roles';
import { indexLabels } from '../core/attention/pipeline';
import type { AttentionResult, Step } from '../core/attention/types';
import type { Matrix } from '../core/matrix/matrix';
import type { WireMatrix, WireResult, WireStep } from './protocol';

/** A matrix as JSON: `−∞` becomes `null` (JSON has no infinities). */
export function toWireMatrix(m: Matrix): WireMatrix {
  const values: (number | null)[] = new Array(m.data.length);
  for (let i = 0; i < m.data.length; i++) values[i] = m.data[i] === -Infinity ? null : m.data[i];
  return { rows: m.rows, cols: m.cols, values };
}

export function toWireResult(r: AttentionResult): WireResult {
  return {
    options: { ...r.options },
    dk: r.dk,
    inputs: r.roles.map((b) => ({
      role: b.role,
      roleTitle: roleTitle(b.role),
      name: b.name,
      source: b.source,
      matrix: toWireMatrix(b.matrix),
      rowLabels: b.rowLabels ? [...b.rowLabels] : indexLabels(b.matrix.rows),
      colLabels: indexLabels(b.matrix.cols),
      ...(b.range ? { range: b.range } : {}),
    })),
    steps: r.steps.map(toWireStep),
    diagnostics: r.diagnostics.map((d) => ({ ...d })),
    queryLabels: [...r.queryLabels],
    keyLabels: [...r.keyLabels],
    ...(r.heads ? { heads: r.heads.map((h) => ({ steps: h.steps.map(toWireStep), diagnostics: h.diagnostics.map((d) => ({ ...d })) })) } : {}),
    notes: [...r.notes],
  };
}

function toWireStep(s: Step): WireStep {
  return {
    id: s.id,
    title: s.title,
    formula: s.formula,
    description: s.description,
    matrix: toWireMatrix(s.matrix),
    rowLabels: [...s.rowLabels],
    colLabels: [...s.colLabels],
    ...(s.derivation ? { derivation: { ...s.derivation } } : {}),
  };
}
