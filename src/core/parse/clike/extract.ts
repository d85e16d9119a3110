/**
 * Finds matrices written as brace and bracket literals in C, C++, Java, C#, Rust, Go and Mathematica:
 * `double W[2][3] = {{…}, {…}};`, `new double[][] {{…}}`, `double[,] W = {{…}}`, `vec![vec![…]]`,
 * `let w: [[f64; 2]; 2] = [[…]]`, `ndarray::array![…]`, `[][]float64{{…}}`, `W = {{1, 2}, {3, 4}};`, with
 * suffixes (`0.5f`, `1.0L`, `2u`, `1e-3f`) and trailing commas. Flat data with an explicit shape are reshaped:
 * nalgebra's `from_row_slice(r, c, &[…])` (and the column-major `from_column_slice`, `from_vec`), ndarray's
 * `from_shape_vec((r, c), vec![…])`, gonum's `mat.NewDense(r, c, []float64{…})`, ND4J's
 * `Nd4j.create(new double[]{…}, new int[]{r, c})`, and Eigen's comma initializer (`W << 1, 2, 3, 4;` after
 * `Eigen::MatrixXd W(2, 2);` or `Eigen::Matrix<double, 2, 2> W;`). Mathematica notebooks (`.nb`) are read
 * through their input boxes. The name is the declared identifier.
 * Comments and strings never yield matrices.
 */
import { InputError } from '../../errors';
import { type Grid, MatrixCollector, type NotationResult } from '../literal/report';
import type { ParseLimits, SourceDocument, Target } from '../types';
import { evaluateEntry } from './element';
import { type CToken, lexCLike } from './lexer';
import { ListReader, type Structure, structure } from './literal';
import { isNotebook, notebookInput } from './notebook';
import { type Site, siteOf } from './sites';

/** Calls that take flat data and a shape: which argument is the data, how to read the shape, and the fill order. */
const SHAPED: Readonly<Record<string, { readonly data: number; readonly shape: readonly number[]; readonly byRow: boolean }>> = {
  from_row_slice: { data: 2, shape: [0, 1], byRow: true },
  from_column_slice: { data: 2, shape: [0, 1], byRow: false },
  from_vec: { data: 2, shape: [0, 1], byRow: false },
  from_shape_vec: { data: 1, shape: [0], byRow: true },
  NewDense: { data: 2, shape: [0, 1], byRow: true },
  create: { data: 0, shape: [1], byRow: true },
};

/**
 * The list-literal matrices of one C-family or Mathematica source, in order. Only what overlaps
 * `target.range` is reported. Lists with non-numeric entries are skipped; ragged ones are problems.
 * @throws InputError when the text is longer than `limits.maxTextLength`.
 */
export function extractCLike(doc: SourceDocument, source: number, target: Target | undefined, limits: ParseLimits): NotationResult {
  const collector = new MatrixCollector(doc, source, target, limits);
  // A notebook's input, unboxed; its output cells hold results, so only named matrices are read there.
  const notebook = doc.language === 'mathematica' && isNotebook(doc.text);
  const toks = lexCLike(notebook ? notebookInput(doc.text) : doc.text, doc.language);
  const s = structure(toks);
  const reader = new ListReader(s, doc.language === 'mathematica', limits);
  const openers = doc.language === 'rust' ? '[' : doc.language === 'csharp' ? '{[' : '{';
  const eigen = new Map<string, readonly [number, number]>();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (doc.language === 'cpp' && t.kind === 'ident') {
      const done = eigenStatement(s, i, eigen, collector, doc.text, limits);
      if (done > i) { i = done; continue; }
    }
    if (t.kind !== 'open' || !openers.includes(t.text) || s.match[i] < 0) continue;
    if (t.text === '[' && isIndexing(toks[i - 1])) continue;
    const site = siteOf(s, i, doc.language);
    if (!site || (notebook && site.name === null) || !toks[site.first] || !toks[site.last]) continue;
    let handled = false;
    collector.add({
      name: site.name,
      start: toks[site.first].start,
      end: toks[site.last].end,
      expression: doc.text.slice(t.start, toks[s.match[i]].end),
      kind: 'array',
      read: () => {
        try {
          const grid = site.call && site.call.callee in SHAPED ? shaped(s, reader, site, i, limits) : site.call && site.call.arg !== 0 ? undefined : reader.grid(i);
          handled = grid !== undefined;
          return grid;
        } catch (e) {
          handled = e instanceof InputError;
          throw e;
        }
      },
    });
    if (handled) i = s.match[i];
  }
  return collector.done();
}

/** A `[` after a name, a number or a closing bracket indexes (`a[0]`) or declares (`double W[2]`). */
function isIndexing(prev: CToken | undefined): boolean {
  return prev !== undefined && (prev.kind === 'num' || prev.kind === 'str' || (prev.kind === 'close') || (prev.kind === 'ident' && !['return', 'in', 'mut', 'yield'].includes(prev.text)));
}

/** Flat data reshaped by the call's shape arguments (row- or column-major). */
function shaped(s: Structure, reader: ListReader, site: Site, open: number, limits: ParseLimits): Grid | undefined {
  const call = site.call;
  if (!call) return undefined;
  const spec = SHAPED[call.callee];
  if (call.arg !== spec.data) return undefined;
  const data = reader.flat(open);
  const args = argumentSpans(s, call.open);
  const shape = spec.shape.flatMap((a) => numbersIn(s.toks, args[a]) ?? [NaN]);
  if (!data || shape.length !== 2 || shape.some((n) => !Number.isInteger(n) || n < 1)) return undefined;
  const [r, c] = shape;
  if (r * c > limits.maxElements) throw new InputError(`${r} × ${c} has ${r * c} entries, more than the limit of ${limits.maxElements}`);
  if (data.length !== r * c) throw new InputError(`${data.length} data entries cannot be reshaped to ${r} × ${c}`);
  return { rows: Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => data[spec.byRow ? i * c + j : j * r + i])) };
}

/** The token spans `[first, end)` of a call's arguments. */
function argumentSpans(s: Structure, open: number): [number, number][] {
  const spans: [number, number][] = [];
  let from = open + 1;
  const close = s.match[open];
  for (let k = open + 1; k < close; k++) {
    if (s.toks[k].kind === 'open') { k = Math.max(k, s.match[k]); continue; }
    if (s.toks[k].kind === 'comma') { spans.push([from, k]); from = k + 1; }
  }
  spans.push([from, close]);
  return spans;
}

/** The integers written in an argument (`2`, `(2, 3)`, `new int[]{2, 3}`), or undefined if it holds anything else. */
function numbersIn(toks: readonly CToken[], span: [number, number] | undefined): number[] | undefined {
  if (!span) return undefined;
  const out: number[] = [];
  for (let k = span[0]; k < span[1]; k++) {
    const t = toks[k];
    if (t.kind === 'num') out.push(Number(t.text.replace(/[_']|[A-Za-z]+\d*$/g, '')));
    else if (!(t.kind === 'open' || t.kind === 'close' || t.kind === 'comma' || (t.kind === 'ident' && ['new', 'int', 'long', 'usize'].includes(t.text)))) return undefined;
  }
  return out;
}

/**
 * Eigen: remembers shapes declared as `MatrixXd W(2, 3)`, `Matrix3d W`, `Matrix<double, 2, 3> W`, and reads
 * `W << 1, 2, 3, 4, 5, 6;` into rows. Returns the index of the last token handled, or `i` when nothing was.
 */
function eigenStatement(s: Structure, i: number, shapes: Map<string, readonly [number, number]>, collector: MatrixCollector, text: string, limits: ParseLimits): number {
  const { toks } = s;
  const t = toks[i];
  const next = toks[i + 1];
  const fixed = /^(?:Matrix([2-4])[dfi]|(Row)?Vector([2-4])[dfi])$/.exec(t.text);
  if (fixed && next?.kind === 'ident') {
    const n = Number(fixed[1] ?? fixed[3]);
    shapes.set(next.text, fixed[1] ? [n, n] : [1, n]);
  }
  if (t.text === 'Matrix' && toks[i + 1]?.text === '<' && toks[i + 3]?.kind === 'comma' && toks[i + 4]?.kind === 'num' && toks[i + 6]?.kind === 'num' && toks[i + 7]?.text === '>' && toks[i + 8]?.kind === 'ident') {
    shapes.set(toks[i + 8].text, [Number(toks[i + 4].text), Number(toks[i + 6].text)]);
  }
  if (/Matrix/.test(t.text) && next?.kind === 'ident' && toks[i + 2]?.text === '(' && toks[i + 3]?.kind === 'num' && toks[i + 4]?.kind === 'comma' && toks[i + 5]?.kind === 'num' && toks[i + 6]?.text === ')') {
    shapes.set(next.text, [Number(toks[i + 3].text), Number(toks[i + 5].text)]);
  }
  const prev = toks[i - 1];
  const atStart = !prev || prev.kind === 'semi' || prev.text === '{' || prev.text === '}' || t.nl;
  if (!atStart || next?.text !== '<<' || !shapes.has(t.text)) return i;
  let end = i + 2;
  while (end < toks.length && toks[end].kind !== 'semi') end++;
  const [r, c] = shapes.get(t.text) as readonly [number, number];
  const entries: CToken[][] = [[]];
  for (let k = i + 2; k < end; k++) {
    if (toks[k].kind === 'comma') entries.push([]);
    else entries[entries.length - 1].push(toks[k]);
  }
  collector.add({
    name: t.text,
    start: t.start,
    end: (toks[end] ?? toks[end - 1]).end,
    expression: text.slice(toks[i + 2]?.start ?? t.end, toks[end - 1].end),
    read: () => {
      const values: number[] = [];
      for (const e of entries) {
        try {
          values.push(evaluateEntry(e, false, 'entry'));
        } catch (err) {
          if (err instanceof InputError) return undefined;
          throw err;
        }
      }
      if (values.length !== r * c) throw new InputError(`the comma initializer has ${values.length} entries but ${t.text} is ${r} × ${c}`);
      if (r * c > limits.maxElements) throw new InputError(`${r} × ${c} is more than the limit of ${limits.maxElements} entries`);
      return { rows: Array.from({ length: r }, (_, a) => values.slice(a * c, (a + 1) * c)) };
    },
  });
  return end;
}
