/**
 * The name a LaTeX matrix is given by what precedes it in its formula: the nearest single symbol before an
 * `=` (or `:=`, `\coloneqq`, `&=`) that ends right before the environment (or its `\left[`).
 */
import { MASK } from './regions';

/** How far back a name is looked for, in characters. */
const WINDOW = 300;
/** Where a formula part ends: a line break, punctuation, a text block, an environment or math delimiter. */
const CUTS = /\\\\|[,;$]|\\q?quad(?![A-Za-z])|\\(?:text|mbox|textrm|label|tag|intertext|begin|end)\s*\{[^{}]*\}|\\\[|\\\(|\\\]|\\\)/g;
/** `\left[`, `\Bigl(` and spaces between the `=` and the environment. */
const OPENERS = /(?:\\left\s*(?:\\[{|]|\\[lL]vert|\\langle|[[(|.])|\\[bB]igg?l?\s*[[(]|\s)*$/;
const FONT = String.raw`\\(?:mathbf|boldsymbol|bm|mathrm|mathit|mathsf|mathcal|vec|text|textbf|operatorname)\s*\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}`;
const SCRIPT = String.raw`\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9]|\\[A-Za-z]+)`;
const ATOM = new RegExp(String.raw`^(?:${FONT}|([A-Za-z]))((?:${SCRIPT})*)$`);
const SCRIPTS = new RegExp(String.raw`\s*([_^])\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9]|\\[A-Za-z]+)`, 'g');

/**
 * The name of the matrix whose `\begin` is at `at` in the masked `text`, and where its statement starts
 * (the name's first character, or `at` when it has none). `boundary` is where the previous matrix ended.
 */
export function nameBefore(text: string, at: number, boundary: number): { name: string | null; start: number } {
  const from = Math.max(boundary, at - WINDOW);
  const w = text.slice(from, at).replace(/:=|\\coloneqq/g, (s) => `${' '.repeat(s.length - 1)}=`);
  const masked = w.lastIndexOf(MASK);
  let cut = masked + 1;
  CUTS.lastIndex = cut;
  for (let m = CUTS.exec(w); m; m = CUTS.exec(w)) cut = m.index + m[0].length;
  const opener = OPENERS.exec(w.slice(cut));
  const end = cut + (opener ? opener.index : w.length - cut);
  const anonymous = { name: null, start: from + end + (/^\s*/.exec(w.slice(end))?.[0].length ?? 0) };
  const formula = w.slice(cut, end).replace(/&/g, ' ');
  const eq = formula.lastIndexOf('=');
  if (eq < 0 || formula.slice(eq + 1).trim() !== '') return anonymous;
  // The parts between `=` signs, nearest first: the first that is a single symbol names the matrix.
  let right = eq;
  while (right >= 0) {
    // (`lastIndexOf('=', -1)` searches from 0: a formula that starts with `=` would loop forever.)
    const left = right > 0 ? formula.lastIndexOf('=', right - 1) : -1;
    const part = formula.slice(left + 1, right);
    const name = symbolName(part.trim());
    if (name) return { name, start: from + cut + left + 1 + (part.length - part.trimStart().length) };
    right = left;
  }
  return anonymous;
}

/** `W_{Q}` → `W_Q`, `W^Q` → `W_Q`, `\mathbf{K}` → `K`, `K^\top` → `K^T`; undefined when `part` is not one symbol. */
export function symbolName(part: string): string | undefined {
  const m = ATOM.exec(part);
  if (!m) return undefined;
  const base = m[1] ?? m[2];
  let sub = '';
  let sup = '';
  let transposed = false;
  SCRIPTS.lastIndex = 0;
  for (let s = SCRIPTS.exec(m[3]); s; s = SCRIPTS.exec(m[3])) {
    const content = s[2].replace(/\\(?:mathrm|text|mathbf|mathit|textbf|mathsf|operatorname)\b/g, '').replace(/[{}\s,]/g, '');
    if (s[1] === '_') sub += content;
    else if (/^(?:T|\\top|\\intercal)$/.test(content)) transposed = true;
    else sup += content;
  }
  if (/[^A-Za-z0-9_]/.test(sub + sup)) return undefined;
  const scripts = sub && sup ? `_${sub}^${sup}` : sub || sup ? `_${sub || sup}` : '';
  return `${base}${scripts}${transposed ? '^T' : ''}`;
}
