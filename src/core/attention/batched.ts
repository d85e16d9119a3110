/**
 * Attention on N-D inputs, as PyTorch `F.scaled_dot_product_attention` computes it: every axis before the last
 * two is a batch axis, broadcast between the inputs (NumPy rules), and each batch element is one 2-D
 * computation by {@link computeAttention} (Vaswani et al. 2017, eq. 1, and its variants). This is the entry
 * point every caller uses: 2-D inputs go straight to the 2-D pipeline.
 */
import { InputError } from '../errors';
import type { Matrix } from '../matrix/matrix';
import { type NDArray, ndarray, shapeString, size } from '../ndarray/array';
import { batchIndexOf } from './batchIndex';
import { concatColumns, headColumns } from './heads';
import { additiveNote, conventionalMask, maskReading } from './maskValues';
import { computeAttention, DEFAULT_LIMITS, DEFAULT_OPTIONS, type PipelineLimits } from './pipeline';
import type { ExtraRoles, RoleSet } from './roles';
import type { ArrayValue, AttentionOptions, AttentionResult, BatchedStep, HeadSource, MaskTest, Role, RoleBinding, Step, StepId } from './types';

/**
 * Computes attention on inputs of any rank, keeping every step's full N-D value.
 *
 * Shapes (batch axes `...` broadcast between all inputs):
 * - projection mode: `X: (..., L, d_model)`, `W_Q: (..., d_model, d_k)`, `W_K: (..., d_model, d_k)`,
 *   `W_V: (..., d_model, d_v)` (usually 2-D), `Q = X·W_Q` per batch element;
 * - direct mode: `Q: (..., L, d_k)`, `K: (..., S, d_k)`, `V: (..., S, d_v)`; when one of them has rank ≥ 4 the
 *   axis just before L is the head axis, `(B, H, L, d_head)` (PyTorch SDPA's layout): head h attends with its
 *   own slices, scaled by `1/√d_head`, and the heads' outputs stay separate `(B, H, L, d_v)`;
 * - `options.heads` = H > 1 on un-headed inputs splits Q, K, V into H contiguous column blocks and merges the
 *   heads again (`nn.MultiheadAttention`, with `W_O` when given);
 * - mask (`mask` role, mask "matrix"): `(..., L, S)` broadcast against `(...batch, H, L, S)` — `(L, S)`,
 *   `(1, S, S)`, `(B, 1, 1, S)`…; the same for every head. Boolean / 0-1 entries follow the mask convention; a
 *   float mask holding −inf is additive (0 = attend). Key padding (`padding` role): `(..., S)`.
 *
 * Output: `batch.steps` in pipeline order, each `(...batch, rows, cols)` or, per head, `(...batch, H, rows,
 * cols)`; the result's own steps are those of batch element 0 (see {@link selectBatch} for the others).
 *
 * @throws InputError when batch axes do not broadcast (naming the inputs and their shapes), when a mask varies
 *   over heads, when `heads` disagrees with an explicit head axis, when the whole computation exceeds
 *   `limits.maxElements` entries of weights, and for everything {@link computeAttention} refuses.
 */
export function computeAttentionND(roles: RoleSet, options: AttentionOptions = {}, limits: PipelineLimits = DEFAULT_LIMITS): AttentionResult {
  const opts = { ...DEFAULT_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<AttentionOptions>;
  const main = mainBindings(roles);
  const extras: ExtraRoles = roles.extras ?? {};
  const mask = opts.mask === 'matrix' ? extras.mask : undefined;
  if (!main.some(isND) && !(mask && isND(mask)) && !(extras.padding && isND(extras.padding))) return computeFlat(roles, opts, limits);

  const P = broadcastLeads(main);
  const explicit = headAxisSize(roles) !== undefined;
  const H = explicit ? P[P.length - 1] : opts.heads;
  const batchShape = explicit ? P.slice(0, -1) : P;
  if (explicit && opts.heads !== 1 && opts.heads !== H) {
    const q = main.find((b) => rankOf(b) >= 4) as RoleBinding;
    throw new InputError(`${q.name} has shape ${shapeString(arrayOf(q).shape)}: its head axis holds ${H} heads, but the number of heads is set to ${opts.heads}; set it to 1 (the heads come from the axis)`, q.range);
  }
  const [L, S] = roles.mode === 'projection' ? [rowsOf(roles.x), rowsOf(roles.x)] : [rowsOf(roles.q), rowsOf(roles.k)];
  const count = size(batchShape);
  if (count * H * L * S > limits.maxElements) {
    throw new InputError(`the batched weights (${[...batchShape, ...(H > 1 || explicit ? [H] : []), L, S].join(' × ')}) have ${count * H * L * S} entries, more than the limit of ${limits.maxElements} (setting attentionExplorer.limits.maxMatrixElements)`);
  }
  const maskPlan = mask ? planBatchedMask(mask, batchShape, H, explicit, L, S) : undefined;
  const padPlan = extras.padding ? planPadding(extras.padding, batchShape, S) : undefined;
  const sliceOpts: AttentionOptions = { ...opts, heads: explicit ? H : opts.heads };
  const readings = new Map<Role, ReturnType<typeof maskReading>>();
  for (const b of [mask, extras.padding]) if (b) readings.set(b.role, maskReading(b));

  const slices: AttentionResult[] = [];
  for (let k = 0; k < count; k++) {
    const idx = batchIndexOf(batchShape, k);
    const compute = new Map<Role, RoleBinding>(), display = new Map<Role, RoleBinding>();
    for (const b of main) {
      const lead = leadOf(b);
      if (explicit) {
        // Every input, a 2-D one too (shared by the heads), is laid out as H column blocks, one per head.
        const heads = Array.from({ length: H }, (_, h) => sliceOf(arrayOf(b), leadIndex(lead, P, [...idx, h])));
        compute.set(b.role, plain(b, concatColumns(heads)));
        display.set(b.role, isND(b) ? { ...b, matrix: heads[0], sliceIndex: leadIndex(lead, P, [...idx, 0]) } : b);
      } else if (isND(b)) {
        const at = leadIndex(lead, P, idx);
        const m = sliceOf(arrayOf(b), at);
        compute.set(b.role, plain(b, m));
        display.set(b.role, { ...b, matrix: m, sliceIndex: at });
      }
    }
    const extra: { -readonly [R in keyof ExtraRoles]: ExtraRoles[R] } = { ...extras };
    let shownMask: MaskShown | undefined;
    if (mask && maskPlan) {
      const { matrix, at } = maskPlan(idx);
      extra.mask = plain(mask, conventionalMask(matrix, readings.get('mask') ?? 'convention', opts.maskConvention));
      const shown = rankOf(mask) > 2 ? sliceOf(arrayOf(mask), at) : mask.matrix;
      display.set('mask', { ...mask, matrix: shown, ...(rankOf(mask) > 2 ? { sliceIndex: at } : {}) });
      shownMask = { rows: shown.rows, cols: shown.cols, ...(readings.get('mask') === 'additive' ? { blocks: 'neg_inf' } : {}) };
    }
    // An N-D mask that is not applied is named below with its whole shape (not the pipeline's 2-D slice).
    const idle = !mask && extras.mask && isND(extras.mask) ? extras.mask : undefined;
    if (idle) delete extra.mask;
    if (extras.padding && padPlan) extra.padding = plain(extras.padding, conventionalMask(padPlan(idx), readings.get('padding') ?? 'convention', opts.maskConvention));
    const sliceRoles = withBindings(roles, compute, extra);
    const computed = withShownMask(computeAttention(sliceRoles, sliceOpts, limits), 'matrix', shownMask);
    const r = explicit ? withHeadAxisInputs(computed, H) : computed;
    const where = batchShape.length ? `batch element [${idx.join(', ')}] of ${shapeString(batchShape)}` : 'the only batch element';
    const notes = [
      `Batched inputs (${main.filter(isND).map((b) => `${b.name} ${shapeString(arrayOf(b).shape)}`).join(', ')}): the steps show ${where}${explicit ? `, with the ${H} heads of the head axis` : ''}.`,
      ...[...readings].filter(([, how]) => how === 'additive').map(([role]) => additiveNote((role === 'mask' ? mask : extras.padding)?.name ?? role)),
      ...(idle ? [`${idle.name} ${shapeString(arrayOf(idle).shape)} looks like a mask but is not applied: choose the mask "matrix" to apply it (and say whether its 1s mean attend or blocked).`] : []),
      ...r.notes,
    ];
    slices.push({ ...r, roles: r.roles.map((b) => display.get(b.role) ?? b), notes });
  }
  const source: HeadSource = explicit ? 'explicit' : 'split';
  const steps = batchedSteps(slices, batchShape, explicit, H);
  const weights = stack(slices.map((r) => r.weights), batchShape);
  const output = steps.find((s) => s.id === 'output')?.value ?? stack(slices.map((r) => r.output), batchShape);
  return { ...slices[0], batch: { shape: batchShape, index: batchShape.map(() => 0), headSource: source, steps, weights, output, slices } };
}

/**
 * The size of the inputs' head axis, or undefined when they have none: Q, K or V given directly with rank ≥ 4,
 * `(..., H, L, d_head)`, has a head axis just before L (PyTorch SDPA's layout); the largest such axis (the
 * others broadcast to it or are refused by {@link computeAttentionND}).
 */
export function headAxisSize(roles: RoleSet): number | undefined {
  if (roles.mode !== 'direct') return undefined;
  const axes = mainBindings(roles).filter((b) => rankOf(b) >= 4).map((b) => arrayOf(b).shape[rankOf(b) - 3]);
  return axes.length ? Math.max(...axes) : undefined;
}

/** 2-D inputs: the 2-D pipeline, with an additive float mask read as such (and the user's matrices shown). */
function computeFlat(roles: RoleSet, opts: Required<AttentionOptions>, limits: PipelineLimits): AttentionResult {
  const extras: ExtraRoles = roles.extras ?? {};
  const mask = opts.mask === 'matrix' ? extras.mask : undefined;
  const additive = [mask, extras.padding].filter((b): b is RoleBinding => b !== undefined && maskReading(b) === 'additive');
  if (!additive.length) return computeAttention(roles, opts, limits);
  const extra: { -readonly [R in keyof ExtraRoles]: ExtraRoles[R] } = { ...extras };
  for (const b of additive) extra[b.role as 'mask' | 'padding'] = plain(b, conventionalMask(b.matrix, 'additive', opts.maskConvention));
  let r = computeAttention({ ...roles, extras: extra }, opts, limits);
  for (const b of additive) r = withShownMask(r, b.role === 'mask' ? 'matrix' : 'padding', { blocks: 'neg_inf' });
  const original = new Map(additive.map((b) => [b.role, b]));
  return { ...r, roles: r.roles.map((b) => original.get(b.role) ?? b), notes: [...additive.map((b) => additiveNote(b.name)), ...r.notes] };
}

/** How the result shows a mask input, when not as the 2-D pipeline read it: its shape, and which entries block. */
interface MaskShown {
  readonly rows?: number;
  readonly cols?: number;
  readonly blocks?: MaskTest;
}

/**
 * The result with the `kind` mask rules of its masked steps (top level and heads) describing the mask as the
 * result's inputs show it: the user's additive mask (−∞ blocks) or its un-broadcast slice, rather than the 0/1
 * `L × S` matrix the 2-D pipeline was given.
 */
function withShownMask(r: AttentionResult, kind: 'matrix' | 'padding', shown: MaskShown | undefined): AttentionResult {
  if (!shown) return r;
  const patch = (steps: readonly Step[]): Step[] => steps.map((s) => s.provenance.kind !== 'mask' ? s : {
    ...s, provenance: { ...s.provenance, rules: s.provenance.rules.map((rule) => (rule.kind === kind ? { ...rule, ...shown } : rule)) },
  });
  return { ...r, steps: patch(r.steps), ...(r.heads ? { heads: r.heads.map((h) => ({ ...h, steps: patch(h.steps) })) } : {}) };
}

/** The result with its given Q, K, V saying that they are the inputs' `H` head slices side by side (a head axis). */
function withHeadAxisInputs(r: AttentionResult, H: number): AttentionResult {
  const steps = r.steps.map((s): Step => {
    if (s.provenance.kind !== 'given') return s;
    const width = s.matrix.cols / H;
    return { ...s, provenance: { ...s.provenance, heads: Array.from({ length: H }, (_, h) => ({ start: h * width, width })) } };
  });
  return { ...r, steps };
}

/** The main inputs: X, W_Q, W_K, W_V or Q, K, V (one binding per role). */
function mainBindings(roles: RoleSet): RoleBinding[] {
  return roles.mode === 'projection' ? [roles.x, roles.wq, roles.wk, roles.wv] : [roles.q, roles.k, roles.v];
}

function withBindings(roles: RoleSet, compute: ReadonlyMap<Role, RoleBinding>, extras: ExtraRoles): RoleSet {
  const get = (b: RoleBinding): RoleBinding => compute.get(b.role) ?? b;
  const main: RoleSet = roles.mode === 'projection'
    ? { mode: 'projection', x: get(roles.x), wq: get(roles.wq), wk: get(roles.wk), wv: get(roles.wv) }
    : { mode: 'direct', q: get(roles.q), k: get(roles.k), v: get(roles.v) };
  return Object.keys(extras).length ? { ...main, extras } : main;
}

/** A binding of `matrix` (a 2-D slice) for the 2-D pipeline: no N-D array attached. */
function plain(b: RoleBinding, matrix: Matrix): RoleBinding {
  return { role: b.role, name: b.name, matrix, source: b.source, ...(b.range ? { range: b.range } : {}), ...(b.rowLabels ? { rowLabels: b.rowLabels } : {}), ...(b.dtype ? { dtype: b.dtype } : {}) };
}

function isND(b: RoleBinding): boolean {
  return rankOf(b) > 2;
}

function rankOf(b: RoleBinding): number {
  return b.array?.shape.length ?? 2;
}

function arrayOf(b: RoleBinding): ArrayValue {
  return b.array ?? { shape: [b.matrix.rows, b.matrix.cols], data: b.matrix.data };
}

function rowsOf(b: RoleBinding): number {
  return b.matrix.rows;
}

/** The batch axes of a binding: every axis before its last two (none for a matrix). */
function leadOf(b: RoleBinding): readonly number[] {
  return isND(b) ? arrayOf(b).shape.slice(0, -2) : [];
}

/** The broadcast of the inputs' batch axes. @throws InputError naming every input and its shape. */
function broadcastLeads(bs: readonly RoleBinding[]): number[] {
  const leads = bs.map(leadOf);
  const n = Math.max(...leads.map((l) => l.length));
  const out: number[] = [];
  for (let a = 0; a < n; a++) {
    let d = 1;
    for (const l of leads) {
      const x = l[l.length - n + a] ?? 1;
      if (x === 1) continue;
      if (d !== 1 && d !== x) {
        const shown = bs.filter(isND).map((b) => `${b.name} ${shapeString(arrayOf(b).shape)}`).join(', ');
        throw new InputError(`the batch axes of ${shown} do not broadcast together (every axis before the last two is a batch axis)`, bs.find((b) => leadOf(b).length)?.range);
      }
      d = x;
    }
    out.push(d);
  }
  return out;
}

/** The index into an array whose leading axes `lead` broadcast (right-aligned) to `full`, of `fullIndex`. */
function leadIndex(lead: readonly number[], full: readonly number[], fullIndex: readonly number[]): number[] {
  const off = full.length - lead.length;
  return lead.map((d, a) => (d === 1 ? 0 : fullIndex[off + a]));
}

/** The 2-D slice `a[index]` (the last two axes) as a matrix. */
function sliceOf(a: ArrayValue, index: readonly number[]): Matrix {
  const r = a.shape.length;
  const rows = a.shape[r - 2], cols = a.shape[r - 1];
  let k = 0;
  for (let i = 0; i < r - 2; i++) k = k * a.shape[i] + index[i];
  const start = k * rows * cols;
  return { rows, cols, data: a.data.slice(start, start + rows * cols) };
}

/**
 * For each batch index, the mask's `(L, S)` matrix (broadcast from `(1 | L, 1 | S)`) and the index of its
 * leading axes. The mask's leading axes align with `(...batch, H)` (right-aligned, NumPy rules).
 */
function planBatchedMask(mask: RoleBinding, batchShape: readonly number[], H: number, explicit: boolean, L: number, S: number): (idx: readonly number[]) => { matrix: Matrix; at: number[] } {
  const shape = arrayOf(mask).shape.length >= 2 ? arrayOf(mask).shape : [1, ...arrayOf(mask).shape];
  const lead = shape.slice(0, -2);
  const [mL, mS] = shape.slice(-2);
  const withHead = explicit || H > 1 || lead.length > batchShape.length;
  const target = withHead ? [...batchShape, H] : [...batchShape];
  const fits = lead.length <= target.length && lead.every((d, a) => d === 1 || d === target[target.length - lead.length + a]);
  if (!fits || (mL !== 1 && mL !== L) || (mS !== 1 && mS !== S)) {
    throw new InputError(`${mask.name} has shape ${shapeString(shape)}, which does not broadcast to the weights' shape ${shapeString([...target, L, S])}`, mask.range);
  }
  if (withHead && H > 1 && lead.length > 0 && lead[lead.length - 1] !== 1) {
    throw new InputError(`${mask.name} has shape ${shapeString(shape)}: a mask that differs between heads is not supported; give one mask for all heads (size 1 on the head axis)`, mask.range);
  }
  const array: ArrayValue = { shape, data: arrayOf(mask).data };
  return (idx) => {
    const at = leadIndex(lead, target, withHead ? [...idx, 0] : idx);
    const m = sliceOf(array, at);
    if (m.rows === L && m.cols === S) return { matrix: m, at };
    const out: Matrix = { rows: L, cols: S, data: new Float64Array(L * S) };
    for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) out.data[i * S + j] = m.data[(mL === 1 ? 0 : i) * mS + (mS === 1 ? 0 : j)];
    return { matrix: out, at };
  };
}

/** For each batch index, the key-padding row `(1, S)` of a padding array `(..., S)` broadcast to the batch shape. */
function planPadding(pad: RoleBinding, batchShape: readonly number[], S: number): (idx: readonly number[]) => Matrix {
  const a = arrayOf(pad);
  const column = a.shape.length === 2 && a.shape[1] === 1 && a.shape[0] === S;
  const shape = column ? [S] : a.shape;
  const lead = shape.slice(0, -1);
  const fits = shape[shape.length - 1] === S && lead.length <= batchShape.length && lead.every((d, k) => d === 1 || d === batchShape[batchShape.length - lead.length + k]);
  if (!fits) throw new InputError(`${pad.name} has shape ${shapeString(a.shape)}, but a key padding mask must be (S,) or (batch…, S) with S = ${S} and the batch shape ${shapeString(batchShape)}`, pad.range);
  return (idx) => {
    const at = leadIndex(lead, batchShape, idx);
    let k = 0;
    for (let i = 0; i < lead.length; i++) k = k * lead[i] + at[i];
    return { rows: 1, cols: S, data: a.data.slice(k * S, (k + 1) * S) };
  };
}

/** Equal-shape matrices stacked on leading axes `lead`: `(...lead, rows, cols)`. */
function stack(ms: readonly Matrix[], lead: readonly number[]): NDArray {
  const { rows, cols } = ms[0];
  const data = new Float64Array(ms.length * rows * cols);
  ms.forEach((m, k) => data.set(m.data, k * rows * cols));
  return ndarray([...lead, rows, cols], data);
}

function stepOf(steps: readonly Step[], id: StepId): Step {
  return steps.find((s) => s.id === id) as Step;
}

function stepMatrix(steps: readonly Step[], id: StepId): Matrix {
  return stepOf(steps, id).matrix;
}

/**
 * Every step's full value: `(...batch, rows, cols)`, or `(...batch, H, rows, cols)` for what each head has on
 * its own (scores … weights; with explicit heads also Q, K, V and, without W_O, the heads' outputs).
 */
function batchedSteps(slices: readonly AttentionResult[], batchShape: readonly number[], explicit: boolean, H: number): BatchedStep[] {
  const s0 = slices[0];
  const top = (id: StepId): BatchedStep => ({ id, role: stepOf(s0.steps, id).role, value: stack(slices.map((r) => stepMatrix(r.steps, id)), batchShape), perHead: false });
  if (!s0.heads) {
    // One head: every step per batch element; an explicit head axis of size 1 is kept in the shapes.
    return s0.steps.map((s) => {
      const t = top(s.id);
      return explicit ? { ...t, value: ndarray([...batchShape, 1, ...t.value.shape.slice(-2)], t.value.data), perHead: true } : t;
    });
  }
  const head0 = s0.heads[0].steps;
  const perHead = (id: StepId): BatchedStep => ({
    id, role: stepOf(head0, id).role, value: stack(slices.flatMap((r) => (r.heads ?? []).map((h) => stepMatrix(h.steps, id))), [...batchShape, H]), perHead: true,
  });
  const split = (id: StepId): BatchedStep => ({
    id, role: stepOf(s0.steps, id).role, value: stack(slices.flatMap((r) => Array.from({ length: H }, (_, h) => headColumns(stepMatrix(r.steps, id), h, H, id))), [...batchShape, H]), perHead: true,
  });
  const out: BatchedStep[] = [];
  for (const id of ['Q', 'K', 'V'] as const) if (s0.steps.some((s) => s.id === id)) out.push(explicit ? split(id) : top(id));
  for (const s of head0) if (s.role !== 'head_output') out.push(perHead(s.id));
  const projected = s0.steps.some((s) => s.role === 'projection');
  if (explicit && !projected) out.push(perHead('output'));
  else for (const s of s0.steps) if (s.role === 'concat' || s.role === 'projection') out.push(top(s.id));
  return out;
}
