/**
 * Where a list literal stands in C-family and Mathematica code, and so what it is called: the right side of
 * `=`/`:=` (`double W[2][3] = {…};`, `let w = vec![…];`, `W := [][]float64{…}`, `W = {{…}};`), a C++
 * declaration with a brace initializer (`std::vector<std::vector<double>> W{{…}};`), the argument of a
 * wrapper call (`new Array2DRowRealMatrix(new double[][]{…})`, `arr2(&[…])`), a struct field
 * (`Self { w_q: vec![…] }`), `return {…}`, or (Mathematica) a statement of its own.
 */
import type { CToken } from './lexer';
import type { Structure } from './literal';

/** A literal in a value position: its name (or null), the statement's token span, and the call it is an argument of. */
export interface Site {
  readonly name: string | null;
  /** First and last token of the statement (the literal's own span when anonymous). */
  readonly first: number;
  readonly last: number;
  /** The wrapper call's opening parenthesis and the literal's argument index, when it is an argument. */
  readonly call?: { readonly open: number; readonly callee: string; readonly arg: number };
}

/** Words that end the walk back over a literal's type prefix. */
const STOP_WORDS = new Set(['return', 'else', 'do', 'try', 'finally', 'case', 'in', 'yield', 'await', 'throw', 'new_line', 'default', 'static_assert']);
/** Go's declaration words, after which the name comes before its type (`var W [][]float64 = …`). */
const GO_DECLARE = new Set(['var', 'const']);
/** Methods that may follow a value without changing it (`Array2::from_shape_vec(…).unwrap()`). */
const PASS_THROUGH = new Set(['unwrap', 'expect', 'into', 'to_owned', 'clone', 'to_vec']);

/** Finds the site of the literal opened at `open`, or undefined when it is not in a value position. */
export function siteOf(s: Structure, open: number, language: string): Site | undefined {
  const { toks, match, parent } = s;
  const start = prefixStart(s, open);
  const p = start - 1;
  const before = toks[p];
  const close = match[open];
  if (before && (before.text === '=' || before.text === ':=') && before.kind === 'op') {
    const lhs = declared(s, p - 1, language);
    const last = statementEnd(s, close, language);
    return lhs && last !== undefined ? { name: lhs.name, first: lhs.first, last } : undefined;
  }
  if (before?.kind === 'ident' && before.text === 'return') return { name: null, first: start, last: close };
  if (before && (before.kind === 'comma' || (before.kind === 'open' && before.text === '('))) {
    const call = parent[open];
    if (call < 0 || match[call] < 0 || toks[call].text !== '(' || toks[call - 1]?.kind !== 'ident') return undefined; // an unclosed call ends nowhere
    let arg = 0;
    for (let k = call + 1; k < start; k++) {
      if (toks[k].kind === 'open') k = Math.max(k, match[k]);
      else if (toks[k].kind === 'comma') arg++;
    }
    const calleeStart = prefixStart(s, call);
    const eq = toks[calleeStart - 1];
    if (eq?.kind !== 'op' || (eq.text !== '=' && eq.text !== ':=')) return undefined;
    const lhs = declared(s, calleeStart - 2, language);
    const last = statementEnd(s, match[call], language);
    return lhs && last !== undefined ? { name: lhs.name, first: lhs.first, last, call: { open: call, callee: toks[call - 1].text, arg } } : undefined;
  }
  if (before?.text === ':' && toks[p - 1]?.kind === 'ident' && (toks[p - 2]?.text === '{' || toks[p - 2]?.kind === 'comma')) {
    return { name: toks[p - 1].text, first: p - 1, last: close };
  }
  const boundary = !before || before.kind === 'semi' || before.text === '{' || before.text === '}' || toks[start]?.nl;
  if ((language === 'c' || language === 'cpp') && boundary && toks[open].text === '{') {
    // `double W[2][2] {{…}};`, `std::vector<std::vector<double>> W{{…}};`
    let k = open - 1;
    while (toks[k]?.text === ']' && match[k] >= start) k = match[k] - 1;
    const name = toks[k];
    const last = statementEnd(s, close, language);
    if (name?.kind === 'ident' && k > start && last !== undefined) return { name: name.text, first: start, last };
  }
  if (language === 'mathematica' && boundary && start === open) return { name: null, first: open, last: close };
  return undefined;
}

/** The first token of the type prefix before an opener (`new double[][]`, `vec!`, `[][]float64`, `&`). */
function prefixStart(s: Structure, open: number): number {
  const { toks, match } = s;
  let k = open - 1;
  for (let guard = 0; k >= 0 && guard < 64; guard++) {
    const t = toks[k];
    if (t.kind === 'close' && t.text === ']' && match[k] >= 0 && match[k] < k) { k = match[k] - 1; continue; }
    if (t.text === '>' && t.kind === 'op') {
      const j = genericOpen(toks, k);
      if (j < 0) break;
      k = j - 1;
      continue;
    }
    if (t.kind === 'ident' && !STOP_WORDS.has(t.text)) { k--; continue; }
    if (t.kind === 'op' && ['::', '.', '!', '&'].includes(t.text)) { k--; continue; }
    break;
  }
  return k + 1;
}

/** The name declared or assigned by the tokens ending at `end` (just before `=`), and its statement's first token. */
function declared(s: Structure, end: number, language: string): { name: string; first: number } | undefined {
  const { toks, match } = s;
  let first = end;
  for (let k = end; k >= 0; k--) {
    const t = toks[k];
    if (t.kind === 'close' && match[k] >= 0 && match[k] < k) { k = match[k]; first = k; if (toks[k].nl) break; continue; }
    if (t.kind === 'op' && t.text === '>') {
      const open = genericOpen(toks, k);
      if (open >= 0) { k = open; first = k; continue; }
    }
    if (t.kind === 'semi' || t.kind === 'comma' || t.kind === 'open' || t.kind === 'close' || (t.kind === 'op' && t.text === '=')) break;
    first = k;
    if (t.nl) break;
  }
  if (first > end) return undefined;
  const lhs = toks.slice(first, end + 1);
  if (language === 'go' && GO_DECLARE.has(lhs[0]?.text) && lhs[1]?.kind === 'ident') return { name: lhs[1].text, first };
  const colon = lhs.findIndex((t) => t.text === ':');
  if (colon > 0 && lhs[colon - 1].kind === 'ident') return { name: lhs[colon - 1].text, first };
  let k = lhs.length - 1;
  while (k >= 0 && lhs[k].text === ']') {
    const o = match[first + k] - first;
    if (o < 0 || o > k) return undefined;
    k = o - 1;
  }
  const name = lhs[k];
  return name?.kind === 'ident' ? { name: name.text, first } : undefined;
}

/**
 * The last token of the statement whose value ends at `close` (a trailing `;` included), or undefined when
 * the value goes on (`{…} * 2`). A line break, `,`, `)` or `}` also end it; so does Mathematica's `// MatrixForm`.
 */
function statementEnd(s: Structure, close: number, language: string): number | undefined {
  const { toks, match } = s;
  let end = close;
  for (;;) {
    const n = toks[end + 1];
    if (n?.text === '.' && PASS_THROUGH.has(toks[end + 2]?.text ?? '') && toks[end + 3]?.text === '(' && match[end + 3] > end) { end = match[end + 3]; continue; }
    break;
  }
  const next = toks[end + 1];
  if (!next) return end;
  if (next.kind === 'semi') return end + 1;
  if (language === 'mathematica' && next.text === '//') {
    let k = end + 1;
    while (toks[k + 1] && toks[k + 1].kind !== 'semi' && !toks[k + 1].nl) k++;
    return toks[k + 1]?.kind === 'semi' ? k + 1 : k;
  }
  if (next.nl || next.kind === 'comma' || (next.kind === 'close' && next.text !== ']')) return end;
  return undefined;
}

/** The `<` opening the generic arguments closed by the `>` at `close` (`std::array<double, 3>`), or -1. */
function genericOpen(toks: readonly CToken[], close: number): number {
  let depth = 0;
  for (let j = close; j >= 0 && close - j < 32; j--) {
    const t = toks[j];
    if (t.text === '>') depth++;
    else if (t.text === '<' && --depth === 0) return j;
    else if (t.kind === 'semi' || t.text === '=' || t.text === '{' || t.text === '}') return -1;
  }
  return -1;
}
