/**
 * Deep checks of what the host sends. `parseHostMessage` checks the envelope only; a result whose matrices
 * do not match their shapes or labels, or whose options or controls are malformed, would render half a
 * panel (or controls that post invalid messages), so it is shown as an error instead.
 */
import { optionsProblem as problemOfOptions } from '../src/core/attention/options';
import { ROLES, SCORE_FUNCTIONS, STEP_ROLES } from '../src/core/attention/types';
import { base64Bytes, packedOf } from './unpack';
import { COLOR_MAPS, type ColorMapName, type ControlsState, type ViewSettings, type WireMatrix, type WireOptions, type WireResult, type WireStep } from '../src/shared/protocol';

/** What is wrong with the result, or `undefined` when it can be rendered. */
export function resultProblem(result: WireResult): string | undefined {
  if (!isList(result.inputs) || !isList(result.diagnostics) || !isList(result.queryLabels) || !isList(result.keyLabels)) {
    return 'the result lacks inputs, diagnostics or labels';
  }
  const o = optionsProblem(result.options);
  if (o) return `options: ${o}`;
  if (typeof result.dk !== 'number') return 'the result lacks d_k';
  if (!isList(result.notes) || !result.notes.every((n) => typeof n === 'string')) return 'the result lacks its notes';
  const p = stepsProblem(result.steps);
  if (p) return p;
  for (const i of result.inputs) {
    if (!isRecord(i) || typeof i.name !== 'string' || typeof i.role !== 'string' || typeof i.roleTitle !== 'string') return 'an input lacks its name or role';
    const m = matrixProblem(i.matrix, i.rowLabels, i.colLabels);
    if (m) return `input ${i.name}: ${m}`;
    const n = sliceProblem(i.ndShape, i.sliceIndex);
    if (n) return `input ${i.name}: ${n}`;
    if (i.dtype !== undefined && i.dtype !== 'bool' && i.dtype !== 'int64' && i.dtype !== 'float32') return `input ${i.name}: unknown dtype ${String(i.dtype)}`;
  }
  const b = batchProblem(result.batch);
  if (b) return `batch: ${b}`;
  const g = headGridProblem(result.headGrid);
  if (g) return `head grid: ${g}`;
  if (result.heads !== undefined) {
    if (!isList(result.heads)) return 'heads is not a list';
    if (result.heads.length !== result.options.heads) return `${result.heads.length} heads for heads = ${result.options.heads}`;
    for (const [h, head] of result.heads.entries()) {
      if (!isRecord(head) || !isList(head.steps) || !isList(head.diagnostics)) return `head ${h} lacks its steps or diagnostics`;
      const hp = stepsProblem(head.steps);
      if (hp) return `head ${h}: ${hp}`;
    }
  }
  return undefined;
}

/** An N-D input: a full shape of rank ≥ 3 and the index of its leading axes (both or neither). */
function sliceProblem(shape: readonly number[] | undefined, index: readonly number[] | undefined): string | undefined {
  if (shape === undefined && index === undefined) return undefined;
  if (!isList(shape) || !isList(index) || !(shape as readonly number[]).every(isCount) || !(index as readonly number[]).every(isCount)) return 'malformed N-D shape or slice index';
  const s = shape as readonly number[], i = index as readonly number[];
  if (s.length < 3 || i.length !== s.length - 2 || i.some((k, a) => k >= s[a])) return `slice [${i.join(', ')}] does not fit the shape (${s.join(', ')})`;
  return undefined;
}

/** The batch shape and the index shown: same length, each index below its dimension. */
export function batchProblem(b: WireResult['batch']): string | undefined {
  if (b === undefined) return undefined;
  if (!isRecord(b) || !isList(b.shape) || !isList(b.index) || !b.shape.every(isCount) || !b.index.every(isCount)) return 'malformed';
  if (b.shape.length !== b.index.length || b.index.some((k, a) => k >= b.shape[a])) return `index [${b.index.join(', ')}] does not fit the batch shape (${b.shape.join(', ')})`;
  return undefined;
}

/** Thumbnails of one shape (at least two), a mean of that shape, and the current head in range or null. */
export function headGridProblem(g: WireResult['headGrid']): string | undefined {
  if (g === undefined) return undefined;
  if (!isRecord(g) || !isList(g.heads) || g.heads.length < 2) return 'fewer than two heads';
  if (g.current !== null && !(isCount(g.current) && g.current < g.heads.length)) return `current head ${String(g.current)} of ${g.heads.length}`;
  for (const [h, m] of [...g.heads, g.mean].entries()) {
    const name = h < g.heads.length ? `head ${h}` : 'mean';
    if (!isRecord(m)) return `${name}: malformed matrix`;
    const p = matrixProblem(m, labels(m.rows), labels(m.cols));
    if (p) return `${name}: ${p}`;
    if (m.rows !== g.heads[0].rows || m.cols !== g.heads[0].cols) return `${name}: ${m.rows} × ${m.cols}, unlike head 0`;
  }
  return undefined;
}

/** Placeholder labels of the right length (thumbnails carry no labels of their own). */
function labels(n: number): string[] {
  return Number.isInteger(n) && n >= 0 && n < 1e6 ? new Array<string>(n).fill('') : [];
}

function stepsProblem(steps: readonly WireStep[]): string | undefined {
  if (!isList(steps)) return 'the steps are not a list';
  for (const [k, s] of steps.entries()) {
    if (!isRecord(s) || typeof s.id !== 'string' || typeof s.title !== 'string' || typeof s.formula !== 'string' || typeof s.description !== 'string') {
      return `step ${k} lacks its id, title, formula or description`;
    }
    if (!(STEP_ROLES as readonly unknown[]).includes(s.role)) return `step ${s.id}: unknown role ${String(s.role)}`;
    const p = matrixProblem(s.matrix, s.rowLabels, s.colLabels) ?? provenanceProblem(s);
    if (p) return `step ${s.id}: ${p}`;
  }
  return undefined;
}

/** The parts of a step's provenance that are read per cell: known kinds, and a hard argmax per row within the keys. */
function provenanceProblem(s: WireStep): string | undefined {
  const p = s.provenance;
  if (p === undefined) return undefined;
  if (!isRecord(p) || typeof p.kind !== 'string') return 'malformed provenance';
  if (p.kind === 'hardmax' && !(isList(p.argmax) && p.argmax.length === s.matrix.rows && p.argmax.every((j) => Number.isInteger(j) && j >= -1 && j < s.matrix.cols))) {
    return 'the argmax does not match the rows and keys';
  }
  if (p.kind === 'mask' && !(isList(p.rules) && p.rules.every((r) => isRecord(r) && typeof r.kind === 'string'))) return 'malformed mask rules';
  return undefined;
}

/** What is wrong with a set of options (as in the result and in the controls), or `undefined`. */
export function optionsProblem(o: WireOptions): string | undefined {
  if (!isRecord(o)) return 'missing';
  return problemOfOptions(o, true);
}

/** What is wrong with the controls' state, or `undefined` when the controls can be shown. */
export function controlsProblem(c: ControlsState): string | undefined {
  if (!isRecord(c)) return 'missing';
  const o = optionsProblem(c.options);
  if (o) return `options: ${o}`;
  if (!isList(c.roles) || !isList(c.candidates) || !isList(c.scores)) return 'roles, candidates or scores are not lists';
  for (const r of c.roles) {
    if (!isRecord(r) || !(ROLES as readonly unknown[]).includes(r.role) || typeof r.title !== 'string') return 'a role is malformed';
    if (r.name !== null && typeof r.name !== 'string') return `role ${r.role}: malformed name`;
    if (r.source !== 'inferred' && r.source !== 'given' && r.source !== 'none') return `role ${r.role}: unknown source`;
  }
  for (const m of c.candidates) {
    if (!isRecord(m) || typeof m.name !== 'string' || !isCount(m.rows) || !isCount(m.cols) || (m.cell !== undefined && !isCount(m.cell))) return 'a candidate is malformed';
  }
  for (const s of c.scores) {
    if (!isRecord(s) || !(SCORE_FUNCTIONS as readonly unknown[]).includes(s.id) || typeof s.title !== 'string' || typeof s.source !== 'string') return 'a score is malformed';
    if (!isList(s.params) || !s.params.every((p) => typeof p === 'string') || typeof s.multiHead !== 'boolean') return `score ${s.id}: malformed params`;
  }
  if (!isList(c.heads) || !c.heads.every((x) => isRecord(x) && isCount(x.heads) && typeof x.valid === 'boolean' && typeof x.description === 'string')) return 'malformed head counts';
  return undefined;
}

function matrixProblem(m: WireMatrix, rowLabels: readonly string[], colLabels: readonly string[]): string | undefined {
  if (!isRecord(m) || !Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0 || !isList(m.values)) {
    return 'malformed matrix';
  }
  const packed = packedOf(m);
  if (packed !== undefined) {
    // Packed float64: every entry decodes to a number; the byte count must match the shape.
    if (base64Bytes(packed) !== m.rows * m.cols * 8) return `${Math.max(0, base64Bytes(packed)) / 8} packed values for a ${m.rows} × ${m.cols} matrix`;
  } else {
    if (m.values.length !== m.rows * m.cols) return `${m.values.length} values for a ${m.rows} × ${m.cols} matrix`;
    if (!m.values.every((v) => v === null || typeof v === 'number')) return 'non-numeric entries';
  }
  if (!isList(rowLabels) || !isList(colLabels) || rowLabels.length !== m.rows || colLabels.length !== m.cols) {
    return `labels do not match the ${m.rows} × ${m.cols} shape`;
  }
  const f = m.sampledFrom;
  if (f !== undefined) {
    if (!isRecord(f) || !isCount(f.rows) || !isCount(f.cols) || !isList(f.rowIndex) || !isList(f.colIndex)) return 'malformed sampling';
    if (!isIndexList(f.rowIndex, m.rows, f.rows) || !isIndexList(f.colIndex, m.cols, f.cols)) return `sampled indices do not match the ${m.rows} × ${m.cols} sample of ${f.rows} × ${f.cols}`;
  }
  return undefined;
}

/** The settings with defaults for anything missing or out of range. */
export function normalizeSettings(s: Partial<ViewSettings>): ViewSettings {
  const precision = Number.isInteger(s.precision) && (s.precision as number) >= 1 && (s.precision as number) <= 17 ? (s.precision as number) : 4;
  const canvasThreshold = typeof s.canvasThreshold === 'number' && s.canvasThreshold >= 1 ? s.canvasThreshold : 20;
  const colorMap: ColorMapName = (COLOR_MAPS as readonly unknown[]).includes(s.colorMap) ? (s.colorMap as ColorMapName) : 'theme';
  return { precision, canvasThreshold, colorMap };
}

/** `Array.isArray` without narrowing (which would turn the typed arrays into `any[]`). */
function isList(x: unknown): boolean {
  return Array.isArray(x);
}

function isRecord(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `n` ascending indices below `size`. */
function isIndexList(xs: readonly number[], n: number, size: number): boolean {
  return xs.length === n && xs.every((x, k) => isCount(x) && x < size && (k === 0 || x > xs[k - 1]));
}

function isCount(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}
