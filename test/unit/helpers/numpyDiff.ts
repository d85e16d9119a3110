/**
 * Differential testing of the evaluator against real NumPy: programs (a fixed list and fast-check generated
 * ones over the N-D operations of issue 8 §2, with small random shapes) run through `extractMatrices` (the
 * entry the CLI uses) and through `python3` (one batched process, helpers/numpy_runner.py). Every array both
 * sides have must agree: shape and dtype exactly, values to 1e-12 (relative above 1).
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { extractMatrices } from '../../../src/core/parse/index';
import type { FoundMatrix } from '../../../src/core/parse/types';
import { loader } from './loader';

export interface PyArray { readonly shape: number[]; readonly dtype: string; readonly data: (number | boolean | string)[] }
interface PyResult { readonly arrays: Record<string, PyArray>; readonly failed: Record<string, string> }

/** The outcome of comparing one program. */
export interface ProgramReport {
  readonly program: string;
  /** Arrays present on both sides and compared. */
  readonly compared: number;
  /** Names NumPy computed that the evaluator left unknown (with the reason when one was given). */
  readonly unknown: string[];
  /** Disagreements: a wrong shape, dtype or value, or a value where NumPy raised. */
  readonly mismatches: string[];
}

/** Runs all `programs` through NumPy in one python3 process. */
export function runNumpy(programs: readonly string[]): PyResult[] {
  const r = spawnSync('python3', ['test/unit/helpers/numpy_runner.py'], { input: JSON.stringify(programs), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PyResult[];
}

const decode = (x: number | boolean | string): number => (typeof x === 'boolean' ? Number(x) : typeof x === 'string' ? (x === 'nan' ? NaN : x === 'inf' ? Infinity : -Infinity) : x);

function close(a: number, b: number): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

/** Evaluates `program` with the evaluator and compares it with NumPy's `expected`. */
export async function compareProgram(program: string, expected: PyResult): Promise<ProgramReport> {
  const found = await extractMatrices(loader, [{ text: program, language: 'python' }]);
  const last = new Map<string, FoundMatrix>();
  for (const m of found.matrices) if (m.name) last.set(m.name, m);
  const mismatches: string[] = [];
  const unknown: string[] = [];
  let compared = 0;
  for (const [name, want] of Object.entries(expected.arrays)) {
    const got = last.get(name)?.array;
    if (!got) {
      const why = found.problems.find((p) => p.names.includes(name))?.message;
      unknown.push(`${name}${why ? ` (${why})` : ''}`);
      continue;
    }
    compared++;
    if (got.shape.join(',') !== want.shape.join(',')) { mismatches.push(`${name}: shape (${got.shape.join(', ')}) but NumPy (${want.shape.join(', ')})`); continue; }
    if (got.dtype !== want.dtype) { mismatches.push(`${name}: dtype ${got.dtype} but NumPy ${want.dtype}`); continue; }
    const bad = want.data.findIndex((x, i) => !close(got.data[i], decode(x)));
    if (bad >= 0) mismatches.push(`${name}: entry ${bad} is ${got.data[bad]} but NumPy ${String(want.data[bad])}`);
  }
  for (const [name, err] of Object.entries(expected.failed)) {
    const m = last.get(name);
    if (m && !(name in expected.arrays)) mismatches.push(`${name}: the evaluator shows a value but NumPy raised ${err}`);
  }
  return { program, compared, unknown, mismatches };
}

// ---------------------------------------------------------------------------------------------------------------
// Programs

/** A Python float literal that NumPy and the evaluator both read as float (`2.0`, `-0.25`). */
const lit = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
const tuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);

/** The fixed programs: every construct of issue 8 §2 at least once, on shapes from attention code. */
export const FIXED_PROGRAMS: readonly string[] = [
  [
    'x = np.arange(24.0).reshape(2, 3, 4) / 7 - 1.5',
    'w = np.arange(20).reshape(4, 5) % 3 - 1.0',
    'y = x @ w',
    'yb = x @ np.swapaxes(x, -1, -2)',
    'd3 = np.dot(x, w)',
    'd4 = np.dot(x, np.arange(40.0).reshape(2, 4, 5))',
    'vT = x.T',
    'p = np.transpose(x, (1, 0, 2))',
    'p2 = x.transpose(0, 2, 1)',
    'mv = np.moveaxis(x, 0, -1)',
    'r = x.reshape(-1, 4)',
    'r1 = x.reshape(6, -1)',
    'e = np.expand_dims(x, 1)',
    's = np.squeeze(e)',
    'n1 = x[None]',
    'n2 = x[..., None]',
    'n3 = x[:, None, 1:, ::2]',
    'st = x[::-1, 1:, ::3]',
    'ia = x[[0, 1, 1]]',
    'ib = x[:, [2, 0]]',
    'ic = x[[0, 1], [1, 2]]',
    'id2 = x[[0, 1], :, [1, 3]]',
    'bm = x[x > 0]',
    'cmp = x > 0.25',
    'inv = ~cmp',
    'both = (x > -1) & (x < 1)',
    'either = (x < -1) | (x > 1)',
    'wh = np.where(x > 0, x, -x)',
    'tl = np.tril(np.ones((4, 4)), -1)',
    'tu = np.triu(x, 1)',
    "es = np.einsum('bij,jk->bik', x, w)",
    "ei = np.einsum('ij,jk', w.T, w)",
    "ee = np.einsum('...ij,...kj->...ik', x, x)",
    "etr = np.einsum('ii->i', w[:, :4])",
    'nm = np.linalg.norm(x, axis=-1)',
    'nk = np.linalg.norm(x, ord=1, axis=2, keepdims=True)',
    'ninf = np.linalg.norm(w, ord=np.inf)',
    'nall = np.array([np.linalg.norm(x)])',
    'rp = np.repeat(x, 2, axis=1)',
    'rp2 = np.repeat(w, [1, 0, 2, 1], axis=0)',
    'tt = np.tile(w, (2, 1, 2))',
    'cc = np.concatenate([x, x], axis=-1)',
    'sk = np.stack([w, w], axis=1)',
    'vs = np.vstack([w, w])',
    'hs = np.hstack([x, x])',
    'sp = np.split(x, 2, axis=2)[1]',
    'asp = np.array_split(x, 3, axis=-1)[0]',
  ].join('\n'),
  [
    'a = np.arange(12).reshape(3, 4) - 5',
    'b = np.arange(4)',
    'q = a / b.max()',
    'fd = a // 3',
    'md = a % 3',
    'pw = a ** 2',
    'sm = a.sum(axis=0)',
    'mn = a.mean(axis=1)',
    'am = np.array([a.argmax()])',
    'am0 = a.argmax(axis=0)',
    'amn = np.argmin(a, axis=-1)',
    'pr = a.prod(axis=1)',
    'sd = a.std(axis=0)',
    'vr = np.var(a, axis=(0, 1), keepdims=True)',
    'mx = np.max(a, axis=(0, 1), keepdims=True)',
    'mi = a.min(axis=1, keepdims=True)',
    'mm = np.maximum(a, 0)',
    'mi2 = np.minimum(a, b)',
    'cl = np.clip(a, -2, 3)',
    'sg = np.sign(a)',
    'ab = np.abs(a)',
    'ex = np.exp(a / 4)',
    'lg = np.log(np.abs(a) + 1)',
    'sq = np.sqrt(np.abs(a))',
    'th = np.tanh(a)',
    'sn = np.sin(a)',
    'cs = np.cos(a)',
    'po = np.power(a, 3)',
    'ou = np.outer(b, b)',
    'f = a.astype(float)',
    'bo = a.astype(bool)',
    'c = a.copy()',
    'c[c > 0] = 0',
    'c[0] = 7',
    'c[:, 1] = np.arange(3)',
    'g = np.array(a.tolist())',
    'z = np.zeros_like(a)',
    'o = np.ones_like(f)',
    'fl = np.full_like(a, 2.5)',
    'ar = np.arange(0.5, 3, 0.25)',
    'ls = np.linspace(0, 1, 7)',
    'ls2 = np.linspace(-1, 1, 4, endpoint=False)',
    'r1 = np.round(np.array([0.5, 1.5, 2.5, -0.5, 0.125, 2.675]), 2)',
    'r0 = np.round(np.array([0.5, 1.5, 2.5, -2.5]))',
    'bsum = (a > 0).sum(axis=1)',
    'bint = (a > 0) + (a < -3)',
    'bmul = (a > 0) * 2.5',
  ].join('\n'),
  [
    'np.random.seed(0)',
    'B, S, D, H = 2, 5, 8, 2',
    'x = np.random.randn(B, S, D)',
    'Wq = np.random.randn(D, D) / np.sqrt(D)',
    'Wk = np.random.randn(D, D) / np.sqrt(D)',
    'Wv = np.random.randn(D, D) / np.sqrt(D)',
    'q = (x @ Wq).reshape(B, S, H, D // H).transpose(0, 2, 1, 3)',
    'k = (x @ Wk).reshape(B, S, H, D // H).transpose(0, 2, 1, 3)',
    'v = (x @ Wv).reshape(B, S, H, D // H).transpose(0, 2, 1, 3)',
    'scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D // H)',
    'mask = np.triu(np.ones((S, S)), 1).astype(bool)',
    'scores = np.where(mask[None, None], -1e9, scores)',
    'weights = np.exp(scores - scores.max(axis=-1, keepdims=True))',
    'weights = weights / weights.sum(axis=-1, keepdims=True)',
    'ctx = weights @ v',
    'out = ctx.transpose(0, 2, 1, 3).reshape(B, S, D)',
    "check = np.einsum('bhqk,bhkd->bhqd', weights, v)",
    'valid = np.array([3, 5])',
    'keep = np.arange(S)[None, :] < valid[:, None]',
    'masked = np.where(keep[:, None, None, :], scores, -1e6)',
  ].join('\n'),
  // Where NumPy raises, the evaluator must not show a value.
  [
    'a = np.ones((2, 3))',
    'b = np.ones((3, 2))',
    'e1 = a + b',
    'e2 = a @ a',
    'e3 = (a > 0) - (a > 0)',
    'e4 = np.arange(3) ** -1',
    'e5 = a[5]',
    'e6 = a[:, [0, 7]]',
    'e7 = a.reshape(4, -1)',
    'e8 = np.transpose(a, (0, 0))',
    "e9 = np.einsum('ij,jk->ik', a, a)",
    'e10 = np.concatenate([a, b])',
    'e11 = np.split(a, 2, axis=1)[0]',
    'e12 = a[a[0] > 0]',
    'e13 = -(a > 0)',
    'e14 = np.linalg.norm(np.ones((2, 2, 2)), ord=1)',
    'ok = np.array([a.sum()])',
  ].join('\n'),
];

interface Shapes { readonly a: number[]; readonly b: number[] }

/** A shape of rank 1 to 4 with small dimensions, and one that broadcasts with it. */
const shapesArb: fc.Arbitrary<Shapes> = fc.integer({ min: 1, max: 4 }).chain((rank) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
    fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
    fc.integer({ min: 0, max: rank - 1 }),
  ).map(([a, ones, drop]) => ({ a, b: a.map((d, i) => (ones[i] ? 1 : d)).slice(drop) })));

const valuesArb = (n: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: -12, max: 12 }).map((k) => k / 4), { minLength: n, maxLength: n });

const size = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);

/** Statements over `A` (shape `sa`), `B` (broadcasts with it), `I` (int64, shape `sa`) and `W` (`(sa[-1], 3)`). */
function templates(sa: readonly number[], pick: (n: number) => number): string[] {
  const nd = sa.length;
  const ax = (): number => pick(2 * nd) - nd;
  const ax2 = (): [number, number] => { const i = pick(nd); const j = (i + 1 + pick(Math.max(1, nd - 1))) % nd; return [i, j]; };
  const perm = (): number[] => { const p = sa.map((_, i) => i); for (let i = p.length - 1; i > 0; i--) { const j = pick(i + 1); [p[i], p[j]] = [p[j], p[i]]; } return p; };
  const red = ['sum', 'mean', 'max', 'min', 'prod', 'std', 'var'][pick(7)];
  const out = [
    'A + B', 'A - B', 'A * B', 'A / (np.abs(B) + 1)', 'A // (np.abs(B) + 0.5)', 'A % (np.abs(B) + 1)', 'A ** 2', 'np.abs(A) ** 0.5',
    'I // 3', 'I % 4', 'I * I - 1', 'I / 2', 'I + 0.5', '(I > 0) & (B < 0)', 'A > B', '~(A > 0)', '(A >= B) | (A == 0)',
    'np.where(A > B, A, B)', 'np.maximum(A, B)', 'np.minimum(A, 0.5)', 'np.clip(A, -1, 1)', 'np.exp(A)', 'np.log(np.abs(A) + 1)',
    'np.sqrt(np.abs(A))', 'np.tanh(A)', 'np.sin(A)', 'np.cos(A)', 'np.sign(A)', 'np.round(A * 3.7, 1)', 'np.round(A)',
    `A.${red}(axis=${ax()})`, `np.${red}(A, axis=${ax()}, keepdims=True)`, `np.array([A.${red}()])`, `I.sum(axis=${ax()})`, `I.mean(axis=${ax()})`,
    `A.argmax(axis=${ax()})`, `np.argmin(I, axis=${ax()})`, `np.array([A.argmax()])`,
    'A.T', `np.transpose(A, ${tuple(perm())})`, `np.swapaxes(A, ${ax2().join(', ')})`, `np.moveaxis(A, ${ax()}, ${ax()})`,
    'A.reshape(-1)', `A.reshape(${sa[0]}, -1)`, `np.expand_dims(A, ${pick(nd + 1)})`, 'A[None]', 'A[..., None]', 'np.squeeze(A[:1])',
    'A[::2]', 'A[..., ::-1]', 'A[1:, ...]', 'A[-1]', `A[[0, ${sa[0] - 1}, 0]]`, 'A[A > 0]', 'I[I % 2 == 0]', 'A @ W', 'np.dot(A, W)',
    `np.linalg.norm(A, axis=${ax()})`, `np.linalg.norm(A, ord=1, axis=${ax()}, keepdims=True)`, `np.linalg.norm(A, ord=np.inf, axis=-1)`,
    'np.array([np.linalg.norm(A)])', `np.repeat(A, 2, axis=${ax()})`, 'np.repeat(A, 2)', `np.tile(A, ${tuple(sa.map(() => 1 + pick(2)))})`,
    `np.concatenate([A, A], axis=${ax()})`, `np.stack([A, B + A], axis=${pick(nd + 1)})`, 'np.vstack([A, A])', 'np.hstack([A, A])',
    `np.array_split(A, 2, axis=${ax()})[0]`, 'np.zeros_like(I)', 'np.ones_like(A)', 'np.full_like(I, 2.5)', 'A.astype(int)', '(A > 0).astype(float)',
    'np.array(A.tolist())', 'np.outer(A.ravel()[:3], B.ravel()[:2])', "np.einsum('...i,...i->...', A, A)", "np.einsum('...i,ij->...j', A, W)",
    'np.exp(A - A.max(axis=-1, keepdims=True)) / np.exp(A - A.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)',
    'A[:, np.newaxis]', 'A[np.newaxis, ..., np.newaxis]', 'np.full(A.shape, A.size)', 'np.zeros((A.ndim, A.size))', `(A > 0).sum(axis=${ax()})`,
    `(A > B).any(axis=${ax()})`, `(I >= 0).all(axis=${ax()})`, `np.array([(A > 0).sum()])`, `np.max(A > 0, axis=${ax()})`, 'I @ W', 'I @ I.reshape(-1)[:' + sa[nd - 1] + ']',
    "np.einsum('...i,...i', I, I)", `np.linalg.norm(I, axis=${ax()})`, `np.where(I > 0, I, 0)`, 'np.where(A > 0, 1, 0.5)', 'np.where(I % 2 == 0, I, -I)',
    'np.maximum(I, 2)', 'np.minimum(I, B)', 'np.clip(I, -2, 2)', 'np.clip(A, None, 0.5)', 'np.abs(I)', 'np.sign(I)', 'np.round(I, -1)', 'np.round(A, 2) * 100',
    'I ** 2', 'I ** 0.5', '2 ** I.clip(0, 5)', 'A * True', '(A > 0) * (B > 0)', '(A > 0) + True', 'I + (A > 0)', 'I / I.max()', '-I', '~I', 'I & 6', 'I | 1', 'I ^ 3',
    '(A > 0) ^ (B > 0)', '-A', '+A', 'abs(A)', '1 - A', '2.5 / (np.abs(A) + 1)', 'I - 1.0', 'I * 2.0', 'np.sqrt(I.clip(0, 9))', 'np.exp(I / 4)',
    `np.squeeze(np.expand_dims(A, ${pick(nd + 1)}))`, `A.reshape(${tuple([...sa].reverse())})`, 'A.flatten()', 'A.ravel()', `np.ravel(I)`, `A.copy()`,
    'np.arange(A.size).reshape(A.shape) % 3 == 0', 'np.eye(3, 4, 1)', 'np.eye(3, dtype=int)', 'np.identity(2)', 'np.ones((2, 3), dtype=bool)',
    'np.zeros(3, dtype=int) + 1', 'np.full((2, 2), 7)', 'np.full((2, 2), True)', 'np.arange(5, 0, -1)', 'np.arange(-3, 3, 2)', 'np.arange(1.5, 4)', 'np.linspace(2, 3, 5)',
    'np.linspace(0, 10, 1)', `np.array([${sa.join(', ')}]) * 2`, 'np.array([[1, 2], [3, 4]]) @ np.array([1.5, -1])', 'np.array([True, False, True])',
    `A.mean(axis=${ax()}, keepdims=True) - A`, `A.std(axis=${ax()}, ddof=1)`, `np.var(I, axis=${ax()})`, `A.max(axis=${ax()}) - A.min(axis=${ax()})`,
    `A.sum(axis=(${[...new Set([pick(nd), pick(nd)])].join(', ')},))`, `np.mean(A, axis=(${[...new Set([pick(nd), pick(nd)])].join(', ')},), keepdims=True)`,
    'A.astype(bool)', 'I.astype(float) / 3', '(A > 0).astype(int)', 'A.astype(np.float64)', 'np.array(I, dtype=float)', 'np.asarray(A > 0, dtype=int)',
    'np.split(A, [1], axis=0)[1]', `np.repeat(I, [${Array.from({ length: sa[0] }, () => pick(3)).join(', ')}], axis=0)`,
    'A + A.tolist()', 'I * I.tolist()', 'np.maximum(A, A.tolist())', 'np.concatenate([A, B + A])', 'np.concatenate([A.ravel(), I.ravel()])', 'np.stack([I, I])', 'np.hstack([I, A])', 'np.vstack([A.ravel(), A.ravel()])',
  ];
  if (nd >= 2) {
    out.push('A @ np.swapaxes(A, -1, -2)', 'np.matmul(np.swapaxes(A, -1, -2), A)', 'A[:, 0]', `A[:, [${sa[1] - 1}, 0]]`, `np.tril(A, ${pick(3) - 1})`,
      `np.triu(A, ${pick(3) - 1})`, "np.einsum('...ij,...kj->...ik', A, A)", 'A[..., 1:, ::2]', `A[[0, ${sa[0] - 1}], [0, ${sa[1] - 1}]]`);
  }
  if (nd >= 3) out.push('A[:, :, 0]', `A[0, :, ${sa[2] - 1}]`, 'A[..., 0, :]', `A[[0, ${sa[0] - 1}], :, [0, ${sa[2] - 1}]]`, 'A[:, 1:, None, ::-1]', 'np.moveaxis(A, [0, 1], [-1, -2])',
    'np.transpose(A)', 'np.swapaxes(A, 0, -1) @ np.ones((A.shape[1], 2))', "np.einsum('ab...->...ba', A)");
  if (nd === 2) out.push('np.linalg.norm(A, ord=1)', "np.linalg.norm(A, 'fro')", "np.einsum('ij->ji', A)", "np.einsum('ij,jk', A, W)");
  return out;
}

/** A generated program: the inputs, then `count` statements from {@link templates}, and one item assignment. */
export const programArb: fc.Arbitrary<string> = shapesArb.chain((s) =>
  fc.tuple(valuesArb(size(s.a)), valuesArb(size(s.b)), valuesArb(s.a[s.a.length - 1] * 3), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), fc.integer({ min: 3, max: 8 }))
    .map(([va, vb, vw, picks, count]) => {
      let p = 0;
      const pick = (n: number): number => picks[(p++) % picks.length] % Math.max(1, n);
      const lines = [
        `A = np.array([${va.map(lit).join(', ')}]).reshape(${tuple(s.a)})`,
        `B = np.array([${vb.map(lit).join(', ')}]).reshape(${tuple(s.b.length ? s.b : [1])})`,
        `I = np.arange(${size(s.a)}).reshape(${tuple(s.a)}) - ${Math.floor(size(s.a) / 2)}`,
        `W = np.array([${vw.map(lit).join(', ')}]).reshape(${s.a[s.a.length - 1]}, 3)`,
      ];
      const t = templates(s.a, pick);
      for (let i = 0; i < count; i++) lines.push(`r${i} = ${t[pick(t.length)]}`);
      lines.push('C = A.copy()', ['C[C > 0] = -1.5', 'C[0] = 2', 'C[..., 0] = 9', 'C[C < B] = B.max()'][pick(4)]);
      return lines.join('\n');
    }));

// ---------------------------------------------------------------------------------------------------------------
// Python ints and floats

/**
 * A Python scalar expression of ints and floats (`(7 // 2) * 1.0`, `round(2.5)`, `float(3) / 2`, `2 ** -1`,
 * `math.sqrt(abs(-4))`), written inline where NumPy reads it: its int/float type decides the dtype of the
 * array, and a float where NumPy needs an integer raises.
 */
const scalarArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('0', '1', '2', '3', '7', '-3', '10'),
    fc.constantFrom('0.0', '0.5', '2.0', '-1.5', '3.', '1e2', '2.5'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '//', '%'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('2', '3', '2.0', '-2', '0.5'), fc.constantFrom('2', '3', '-1', '-2', '0', '0.5')).map(([a, b]) => `(${a} ** ${b})`),
    tie('e').map((a) => `float(${a})`),
    tie('e').map((a) => `int(${a})`),
    tie('e').map((a) => `round(${a})`),
    tie('e').map((a) => `round(${a}, 1)`),
    tie('e').map((a) => `abs(${a})`),
    tie('e').map((a) => `-${a}`),
    tie('e').map((a) => `math.sqrt(abs(${a}))`),
    tie('e').map((a) => `math.floor(${a})`),
  ),
})).e;

/** Programs on Python's ints and floats: arrays from scalar expressions, and integer arguments NumPy checks. */
export const scalarProgramArb: fc.Arbitrary<string> = fc.array(
  fc.tuple(fc.constantFrom('list', 'pair', 'zeros', 'range', 'eye'), scalarArb, scalarArb),
  { minLength: 3, maxLength: 8 },
).map((lines) => ['import math', ...lines.map(([kind, a, b], i) => {
  if (kind === 'list') return `s${i} = np.array([${a}, ${b}])`;
  if (kind === 'pair') return `s${i} = np.array([[${a}], [${b}]]) * 2`;
  if (kind === 'zeros') return `s${i} = np.zeros((2, ${a}))`;
  if (kind === 'range') return `s${i} = np.array([k * 2 for k in range(${a})] + [1])`;
  return `s${i} = np.eye(${a})`;
})].join('\n'));

/** Runs `programs` through both sides; the reports, in order. */
export async function differential(programs: readonly string[]): Promise<ProgramReport[]> {
  const expected = runNumpy(programs);
  const out: ProgramReport[] = [];
  for (let i = 0; i < programs.length; i++) out.push(await compareProgram(programs[i], expected[i]));
  return out;
}

/**
 * Programs whose Python ints and floats are held in names first (`v0 = 6 / 2`, `v1 = v0 // 2`, `v0 += 1`):
 * NumPy's dtypes and TypeErrors must follow the type each name holds, not only what the expression's own
 * syntax says (`np.arange(v0)` is float64, `np.zeros((2, v0))` and `range(v0)` raise).
 */
export const heldScalarProgramArb: fc.Arbitrary<string> = fc.array(
  fc.tuple(fc.constantFrom('hold', 'hold', 'derive', 'augment', 'list', 'arange', 'full', 'zeros', 'range', 'scaled'), scalarArb, fc.nat(), fc.nat(), fc.constantFrom('+=', '-=', '*=', '/=', '//=', '%=')),
  { minLength: 4, maxLength: 10 },
).map((lines) => {
  const out = ['import math', 'v0 = 6 / 2', 'v1 = 3'];
  let held = 2;
  const v = (k: number): string => `v${k % held}`;
  lines.forEach(([kind, e, a, b, op], i) => {
    if (kind === 'hold') out.push(`v${held++} = ${e}`);
    else if (kind === 'derive') out.push(`v${held++} = ${v(a)} ${['+', '-', '*', '/', '//', '%'][b % 6]} ${v(a + b)}`);
    else if (kind === 'augment') out.push(`${v(a)} ${op} ${e}`);
    else if (kind === 'list') out.push(`s${i} = np.array([${v(a)}, ${v(b)}])`);
    else if (kind === 'arange') out.push(`s${i} = np.arange(${v(a)})`);
    else if (kind === 'full') out.push(`s${i} = np.full((2,), ${v(a)})`);
    else if (kind === 'zeros') out.push(`s${i} = np.zeros((2, ${v(a)}))`);
    else if (kind === 'range') out.push(`s${i} = np.array([k * 2 for k in range(${v(a)})] + [1])`);
    else out.push(`s${i} = ${v(a)} * np.ones(2, dtype=int)`);
  });
  return out.join('\n');
});
