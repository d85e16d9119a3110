/**
 * NumPy `einsum(subscripts, *operands)`: explicit (`'bhqd,bhkd->bhqk'`) and implicit (`'ij,jk'`: the letters
 * that appear once, in alphabetical order) output, `...` broadcasting, repeated letters within an operand
 * (diagonals, `'ii->i'`). Each output entry is the sum of the products over the summed letters.
 */
import { InputError } from '../errors';
import { broadcastShapes } from './broadcast';
import { type ArrayLimits, type NDArray, checkShape, dtypeOf, ndarray, scalarResult, shapeString, size, stridesOf } from './array';
import { NotReproduced, promoteTypes } from './ufunc';

/** Most multiply-adds one einsum may spend (the evaluator's work budget for a whole program is 2·10^8). */
const MAX_EINSUM_WORK = 2e8;

/** Letters of one operand's subscripts, with `...` as `'.'`. */
function parseTerm(term: string, what: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === ' ') continue;
    if (c === '.') {
      if (term.slice(i, i + 3) !== '...' || out.includes('.')) throw new InputError(`einsum: invalid ellipsis in '${what}'`);
      out.push('.');
      i += 2;
    } else if (/[A-Za-z]/.test(c)) out.push(c);
    else throw new InputError(`einsum: invalid subscript '${c}' in '${what}'`);
  }
  return out;
}

/**
 * Evaluates `np.einsum(subscripts, ...operands)`.
 * @throws InputError for malformed subscripts, a letter with two different sizes, or operands of the wrong rank.
 */
export function einsum(subscripts: string, operands: readonly NDArray[], limits: ArrayLimits): NDArray | number | boolean {
  const [lhs, rhs] = subscripts.includes('->') ? subscripts.split('->') : [subscripts, undefined];
  const terms = lhs.split(',').map((t) => parseTerm(t, subscripts));
  if (terms.length !== operands.length) throw new InputError(`einsum: ${terms.length} operand subscripts for ${operands.length} operands`);
  // Expand `...` into broadcast dimensions named '0', '1', … (right-aligned across operands).
  const ellShapes: number[][] = [];
  const labels: string[][] = terms.map((t, i) => {
    const a = operands[i];
    const named = t.filter((c) => c !== '.').length;
    if (!t.includes('.')) {
      if (named !== a.shape.length) throw new InputError(`einsum: operand ${i} has ${a.shape.length} dimensions (shape ${shapeString(a.shape)}) but its subscripts '${t.join('')}' have ${named}`);
      return t;
    }
    const ne = a.shape.length - named;
    if (ne < 0) throw new InputError(`einsum: operand ${i} has fewer dimensions than its subscripts '${t.join('')}'`);
    const at = t.indexOf('.');
    ellShapes.push(a.shape.slice(at, at + ne));
    return [...t.slice(0, at), ...Array.from({ length: ne }, (_, k) => `#${ne - k}`), ...t.slice(at + 1)];
  });
  const ellShape = broadcastShapes(ellShapes, 'einsum');
  const ellLabels = Array.from({ length: ellShape.length }, (_, k) => `#${ellShape.length - k}`);
  // Sizes of every label (a size-1 ellipsis dimension broadcasts).
  const sizes = new Map<string, number>();
  ellLabels.forEach((l, k) => sizes.set(l, ellShape[k]));
  labels.forEach((ls, i) => ls.forEach((l, ax) => {
    const d = operands[i].shape[ax];
    if (l.startsWith('#')) return;
    const prev = sizes.get(l);
    if (prev !== undefined && prev !== d) throw new InputError(`einsum: size of label '${l}' for operand ${i} (${d}) does not match previous terms (${prev})`);
    sizes.set(l, d);
  }));
  let outLabels: string[];
  if (rhs !== undefined) {
    const t = parseTerm(rhs, subscripts);
    if (!t.includes('.') && ellLabels.length > 0) throw new NotReproduced("einsum: an output without '...' for inputs with '...' dimensions is not evaluated");
    outLabels = t.flatMap((c) => (c === '.' ? ellLabels : [c]));
    for (const c of outLabels) {
      if (!sizes.has(c)) throw new InputError(`einsum: output subscript '${c}' does not appear in the input`);
    }
    if (new Set(outLabels).size !== outLabels.length) throw new InputError('einsum: output subscript appears more than once in the output');
  } else {
    const counts = new Map<string, number>();
    for (const t of terms) for (const c of t) if (c !== '.') counts.set(c, (counts.get(c) ?? 0) + 1);
    outLabels = [...ellLabels, ...[...counts].filter(([, n]) => n === 1).map(([c]) => c).sort()];
  }
  const summed = [...sizes.keys()].filter((l) => !outLabels.includes(l));
  const outShape = outLabels.map((l) => sizes.get(l) as number);
  checkShape(outShape, limits);
  const t = operands.map(dtypeOf).reduce(promoteTypes, 'bool');
  if (t === 'float32') throw new NotReproduced('einsum in float32 is not reproduced');
  // Strides of every operand for every label (0 where the operand lacks it or broadcasts it; summed for repeats).
  const all = [...outLabels, ...summed];
  const opStrides = operands.map((a, i) => {
    const st = stridesOf(a.shape);
    return all.map((l) => labels[i].reduce((s, x, ax) => (x === l && a.shape[ax] !== 1 ? s + st[ax] : x === l ? s : s), 0));
  });
  const dims = all.map((l) => sizes.get(l) as number);
  const nOut = size(outShape), nSum = size(summed.map((l) => sizes.get(l) as number));
  if (nOut * nSum * operands.length > MAX_EINSUM_WORK) {
    throw new InputError(`einsum '${subscripts}' needs ${(nOut * nSum * operands.length).toExponential(1)} multiply-adds, more than the ${MAX_EINSUM_WORK.toExponential(0)} evaluated`);
  }
  const out = new Float64Array(nOut);
  const idx = new Array<number>(all.length).fill(0);
  const offs = operands.map(() => 0);
  const no = outLabels.length;
  for (let o = 0; o < nOut; o++) {
    let acc = 0;
    for (let s = 0; s < nSum; s++) {
      let p = 1;
      for (let i = 0; i < operands.length; i++) p *= operands[i].data[offs[i]];
      acc += p;
      // advance the summed indices
      for (let d = all.length - 1; d >= no; d--) {
        idx[d]++;
        for (let i = 0; i < operands.length; i++) offs[i] += opStrides[i][d];
        if (idx[d] < dims[d]) break;
        for (let i = 0; i < operands.length; i++) offs[i] -= opStrides[i][d] * idx[d];
        idx[d] = 0;
      }
    }
    out[o] = t === 'bool' ? (acc !== 0 ? 1 : 0) : acc;
    for (let d = no - 1; d >= 0; d--) {
      idx[d]++;
      for (let i = 0; i < operands.length; i++) offs[i] += opStrides[i][d];
      if (idx[d] < dims[d]) break;
      for (let i = 0; i < operands.length; i++) offs[i] -= opStrides[i][d] * idx[d];
      idx[d] = 0;
    }
  }
  if (outShape.length === 0) return scalarResult(out[0], t);
  return ndarray(outShape, out, undefined, t);
}
