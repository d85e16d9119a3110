/**
 * The attention inside a call: when the top level of a program names no attention inputs (a PyTorch module
 * whose `forward` computes `q`, `k`, `v` from its `nn.Linear` layers; a helper `attention(query, key, value)`
 * called on arrays), the roles come from the arrays the last such call computed (CallFrame), and the options
 * (scaling, mask, its convention) are those under which the engine's weights equal the weights the call
 * itself computed — so that the panel shows the same numbers as the program, or says that it could not.
 */
import { computeAttentionND } from './attention/batched';
import type { PipelineLimits } from './attention/pipeline';
import { type RoleSet, assignRoles, roleForName } from './attention/roles';
import type { AttentionOptions, AttentionResult, MaskConvention, MaskKind, Role, RoleBinding } from './attention/types';
import { InputError } from './errors';
import type { CallFrame, FoundMatrix } from './parse/types';

/** Names a call's attention weights go by (`weights`, `attn`, `p_attn`, `attention_weights`, `probs`, `alpha`). */
const WEIGHTS_NAME = /^(w|a|alpha|weights?|attn|attention|p_?attn|attn_?weights?|attention_?weights?|att|probs?|scores?_?softmax)$/i;

/** How close the engine's weights must be to the call's own: float32 tensors hold 24-bit values. */
const RELATIVE_TOLERANCE = 1e-5;
const ABSOLUTE_TOLERANCE = 1e-7;

/** Roles found in one call, and the call. */
export interface FrameRoles {
  readonly roles: RoleSet;
  readonly frame: CallFrame;
}

/** True when every main role is played by a matrix named for it (not a fallback such as Q = K = V = X). */
export function namedPipeline(r: RoleSet): boolean {
  const named = (b: RoleBinding, role: Role): boolean => roleForName(b.name) === role;
  return r.mode === 'projection'
    ? named(r.x, 'x') && named(r.wq, 'wq') && named(r.wk, 'wk') && named(r.wv, 'wv')
    : named(r.q, 'q') && named(r.k, 'k') && named(r.v, 'v');
}

/** The roles of the last call whose arrays name a full pipeline (Q, K, V or X and its projections), if any. */
export function rolesFromFrames(frames: readonly CallFrame[]): FrameRoles | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i];
    try {
      const roles = assignRoles(frame.matrices, {});
      if (namedPipeline(roles)) return { roles, frame };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return undefined;
}

/** The weights the call computed: an array named like weights, of the engine's weights shape. */
function callWeights(frame: CallFrame, shape: readonly number[]): FoundMatrix | undefined {
  const same = (m: FoundMatrix): boolean => !!m.array && m.array.shape.length === shape.length && m.array.shape.every((n, i) => n === shape[i]);
  return [...frame.matrices].reverse().find((m) => m.name !== null && WEIGHTS_NAME.test(m.name) && same(m));
}

/** The engine's attention weights with their full shape: `(...batch, [H,] L, S)`. */
function engineWeights(r: AttentionResult): { shape: readonly number[]; data: ArrayLike<number> } {
  const step = r.batch?.steps.find((s) => s.role === 'weights');
  if (step) return { shape: step.value.shape, data: step.value.data };
  return { shape: [r.weights.rows, r.weights.cols], data: r.weights.data };
}

/** Largest |a − b| / (|b| + abs tolerance), or Infinity when the entries differ in kind (a masked −∞, NaN). */
function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x === y) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
    worst = Math.max(worst, Math.abs(x - y) / (Math.abs(y) + ABSOLUTE_TOLERANCE / RELATIVE_TOLERANCE));
  }
  return worst;
}

/** A computation whose weights equal the call's own, with the options that gave them. */
export interface MatchedComputation {
  readonly result: AttentionResult;
  /** For people: which call, which weights, how close. */
  readonly note: string;
}

/**
 * Computes attention on a call's roles under each plausible choice of the options the program fixed itself
 * (scaled or not; no mask, a causal mask, or its mask array with 1 = attend or 1 = blocked) and returns the
 * first whose weights equal the weights the call computed, within float32 rounding. `options` given by the
 * user (score, mask) are kept as they are. Without weights to compare with, the defaults are used and the
 * note says the numbers were not checked against the call.
 * @throws InputError as {@link computeAttentionND} does for the first candidate.
 */
export function computeLikeFrame(found: FrameRoles, options: AttentionOptions, limits: PipelineLimits): MatchedComputation {
  const { roles, frame } = found;
  const where = `${frame.fn}() called at line ${frame.call.start.line + 1}`;
  const base = computeAttentionND(roles, options, limits);
  const target = callWeights(frame, engineWeights(base).shape);
  if (!target?.array) {
    return { result: base, note: `Q, K and V are the arrays ${where} computed (${names(roles)}); it keeps no attention weights to compare with, so check the score and mask in the controls.` };
  }
  const masks: { mask: MaskKind; maskConvention?: MaskConvention }[] = options.mask !== undefined
    ? [{ mask: options.mask }]
    : [...(roles.extras?.mask ? [{ mask: 'matrix' as const, maskConvention: 'keep' as const }, { mask: 'matrix' as const, maskConvention: 'block' as const }] : []), { mask: 'none' }, { mask: 'causal' }];
  const additive = roles.extras?.wa && roles.extras.ua && roles.extras.va;
  const scores: AttentionOptions[] = options.score !== undefined ? [{}] : [{ score: 'scaled_dot' }, { score: 'dot' }, ...(additive ? [{ score: 'additive' as const }] : [])];
  for (const s of scores) {
    for (const m of masks) {
      // The program's own weights are those at T = 1 without hard attention; the user's T and hard apply after.
      const candidate: AttentionOptions = { ...options, temperature: 1, hard: false, ...s, ...m };
      let r: AttentionResult;
      try {
        r = computeAttentionND(roles, candidate, limits);
      } catch (e) {
        if (e instanceof InputError) continue;
        throw e;
      }
      const d = distance(engineWeights(r).data, target.array.data);
      if (d <= RELATIVE_TOLERANCE) {
        const note = `Q, K and V are the arrays ${where} computed (${names(roles)}); with these options the weights equal its ${target.name} (largest relative difference ${d.toExponential(1)})`;
        const own = (options.temperature ?? 1) === 1 && !options.hard;
        if (own) return { result: r, note: `${note}.` };
        return { result: computeAttentionND(roles, { ...candidate, temperature: options.temperature ?? 1, hard: options.hard ?? false }, limits), note: `${note} at T = 1 with softmax; shown with the temperature and attention you chose.` };
      }
    }
  }
  const differs = `no choice of scaling and mask reproduces the ${target.name} ${where} computed from ${names(roles)}`;
  // Options the user chose are computed as asked; chosen by us, weights that are not the program's are not shown.
  if (options.mask !== undefined && options.score !== undefined) return { result: base, note: `${differs}: these are the weights of the options you chose.` };
  throw new InputError(`${differs}: the call computes attention in a way the panel does not model (choose the score and mask in the controls to compare)`);
}

function names(r: RoleSet): string {
  return r.mode === 'projection' ? `X = ${r.x.name}, W_Q = ${r.wq.name}, W_K = ${r.wk.name}, W_V = ${r.wv.name}` : `Q = ${r.q.name}, K = ${r.k.name}, V = ${r.v.name}`;
}
