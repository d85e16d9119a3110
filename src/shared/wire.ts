/** Converts the engine's results to the protocol's plain-JSON form. */
import { inputForHead } from '../core/attention/batchIndex';
import { roleTitle } from '../core/attention/roles';
import { indexLabels } from '../core/attention/pipeline';
import type { AttentionResult, Step } from '../core/attention/types';
import { toLatex } from '../core/formula/latex';
import type { Matrix } from '../core/matrix/matrix';
import { MAX_THUMBNAIL_SIDE, type WireHeadGrid, type WireMatrix, type WireResult, type WireStep } from './protocol';

/** A matrix as JSON: `−∞` becomes `null` (JSON has no infinities). */
export function toWireMatrix(m: Matrix): WireMatrix {
  const values: (number | null)[] = new Array(m.data.length);
  for (let i = 0; i < m.data.length; i++) values[i] = m.data[i] === -Infinity ? null : m.data[i];
  return { rows: m.rows, cols: m.cols, values };
}

/**
 * At most this many rows and columns of a matrix are sent to the panel (drawn at full resolution, one canvas
 * pixel per entry); larger ones are sampled, and the panel says so. `attentionExplorer.display.maxResolution`.
 */
export const MAX_WIRE_SIDE = 1024;

/** The bounds and default of `attentionExplorer.display.maxResolution` (package.json declares the same). */
export const MAX_RESOLUTION_SETTING = { min: 16, max: 2048, default: MAX_WIRE_SIDE } as const;

/** `n` evenly spaced indices of `0 … size − 1` (all of them when `size ≤ n`), first and last included. */
function spread(size: number, n: number): number[] {
  if (size <= n) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.round((i * (size - 1)) / (n - 1)));
}

/** A matrix and its labels for the panel, sampled to at most `maxSide` rows and columns. */
function sampled(m: Matrix, rowLabels: readonly string[], colLabels: readonly string[], whole: boolean, maxSide: number): { matrix: WireMatrix; rowLabels: string[]; colLabels: string[]; isSampled: boolean } {
  if (whole || (m.rows <= maxSide && m.cols <= maxSide)) return { matrix: toWireMatrix(m), rowLabels: [...rowLabels], colLabels: [...colLabels], isSampled: false };
  const ri = spread(m.rows, maxSide), ci = spread(m.cols, maxSide);
  const values: (number | null)[] = [];
  for (const i of ri) for (const j of ci) {
    const x = m.data[i * m.cols + j];
    values.push(x === -Infinity ? null : x);
  }
  return {
    matrix: { rows: ri.length, cols: ci.length, values, sampledFrom: { rows: m.rows, cols: m.cols, rowIndex: ri, colIndex: ci } },
    rowLabels: ri.map((i) => rowLabels[i] ?? String(i)),
    colLabels: ci.map((j) => colLabels[j] ?? String(j)),
    isSampled: true,
  };
}

/**
 * The head grid of a multi-head result: every head's weights (L × S) and their mean, sampled to at most
 * {@link MAX_THUMBNAIL_SIDE} on a side (thumbnails), and the head the panel shows (`null` = the mean).
 * Undefined with fewer than two heads.
 */
export function toWireHeadGrid(r: AttentionResult, current: number | null): WireHeadGrid | undefined {
  if (!r.heads || r.heads.length < 2) return undefined;
  const thumb = (m: Matrix): WireMatrix => sampled(m, [], [], false, MAX_THUMBNAIL_SIDE).matrix;
  return { heads: r.heads.map((h) => thumb(h.weights)), mean: thumb(r.weights), current: current !== null && current < r.heads.length ? current : null };
}

/**
 * Entries the steps of all heads together may send at full resolution: beyond it, the heads' steps are sampled
 * to a smaller side (8 heads at L = 1024 would otherwise be 24 million entries, a 260 MB message; the mean
 * and the top-level steps keep `maxSide`).
 */
export const HEADS_WIRE_BUDGET = 2 * 1024 * 1024;

/** The side the heads' steps are sampled to: `maxSide`, or less when all heads' steps would exceed {@link HEADS_WIRE_BUDGET}. */
export function headsSide(r: AttentionResult, maxSide: number): number {
  let entries = 0;
  let count = 0;
  for (const h of r.heads ?? []) {
    for (const s of h.steps) {
      entries += Math.min(s.matrix.rows, maxSide) * Math.min(s.matrix.cols, maxSide);
      count++;
    }
  }
  if (entries <= HEADS_WIRE_BUDGET || count === 0) return maxSide;
  return Math.max(16, Math.min(maxSide, Math.floor(Math.sqrt(HEADS_WIRE_BUDGET / count))));
}

/**
 * The result as the panel receives it: every matrix larger than `maxSide` (default {@link MAX_WIRE_SIDE}) on a
 * side sampled (with the real indices of what it keeps; the heads' own steps to {@link headsSide}), unless
 * `whole` (the host's own copy, to explain a real cell); `head` is the head the panel shows (`null` = the mean),
 * for the head grid.
 */
export function toWireResult(r: AttentionResult, whole = false, head: number | null = null, maxSide = MAX_WIRE_SIDE): WireResult {
  // What was sampled, and to which side.
  const big = new Map<string, number>();
  const perHead = headsSide(r, maxSide);
  const toWireStep = (s: Step, side = maxSide, name: string = s.id): WireStep => {
    const w = sampled(s.matrix, s.rowLabels, s.colLabels, whole, side);
    if (w.isSampled) big.set(name, side);
    return {
      id: s.id,
      role: s.role,
      title: s.title,
      formula: toLatex(s.formula),
      description: s.description,
      matrix: w.matrix,
      rowLabels: w.rowLabels,
      colLabels: w.colLabels,
      // A sampled cell is explained by the host on the whole matrix (the panel asks for it by its real index).
      ...(w.isSampled ? {} : { provenance: s.provenance }),
    };
  };
  const result: Omit<WireResult, 'notes'> = {
    options: { ...r.options },
    dk: r.dk,
    // With heads given as an axis, the inputs are shown as the current head sees them (q[b, h]).
    inputs: r.roles.map((given) => {
      const b = head === null ? given : inputForHead(r, given, head);
      const s = sampled(b.matrix, b.rowLabels ?? indexLabels(b.matrix.rows), indexLabels(b.matrix.cols), whole, maxSide);
      if (s.isSampled) big.set(b.name, maxSide);
      return {
        role: b.role,
        roleTitle: roleTitle(b.role),
        name: b.name,
        source: b.source,
        matrix: s.matrix,
        rowLabels: s.rowLabels,
        colLabels: s.colLabels,
        ...(b.range ? { range: b.range } : {}),
        ...(b.dtype ? { dtype: b.dtype } : {}),
        ...(b.array && b.array.shape.length > 2 ? { ndShape: [...b.array.shape], sliceIndex: [...(b.sliceIndex ?? b.array.shape.slice(2).map(() => 0))] } : {}),
      };
    }),
    steps: r.steps.map((s) => toWireStep(s)),
    diagnostics: r.diagnostics.map((d) => ({ ...d })),
    queryLabels: [...r.queryLabels],
    keyLabels: [...r.keyLabels],
    ...(r.heads ? { heads: r.heads.map((h, k) => ({ steps: h.steps.map((s) => toWireStep(s, perHead, `head ${k} ${s.id}`)), diagnostics: h.diagnostics.map((d) => ({ ...d })) })) } : {}),
  };
  const headGrid = toWireHeadGrid(r, head);
  const notes = [...r.notes];
  for (const side of new Set(big.values())) {
    const names = [...big].filter(([, s]) => s === side).map(([n]) => n);
    const why = side < maxSide ? ` (the heads' steps together are limited to ${HEADS_WIRE_BUDGET.toLocaleString('en-US')} entries)` : '';
    notes.push(`${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} larger than ${side} × ${side}${why}: shown sampled (evenly spaced rows and columns, labelled with their real indices); copying a step exports it whole.`);
  }
  const batch = r.batch ? { shape: [...r.batch.shape], index: [...r.batch.index] } : undefined;
  return { ...result, notes, ...(batch ? { batch } : {}), ...(headGrid ? { headGrid } : {}) };
}
