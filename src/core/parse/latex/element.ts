/**
 * A LaTeX matrix entry in the arithmetic syntax {@link evaluateElement} reads: `\frac{a}{b}` (and `\dfrac`,
 * `\tfrac`, `\frac12`) → `((a)/(b))`, `\sqrt{x}` → `sqrt(x)`, `\sqrt[n]{x}` → `((x)^(1/(n)))`, `\cdot` and
 * `\times` → `*`, `\div` → `/`, `\pi` → `pi`, `2^{10}` → `2^(10)`, braces → parentheses, `{,}` → a decimal point,
 * `−` → `-`; spacing (`\,` `\;` `\quad` `~`), `\left`/`\right`, `\phantom{…}` and font commands (`\mathbf{1}`)
 * are dropped. Anything else (`q_{11}`, `\cdots`, `\alpha`) is not a number: the result is undefined.
 */

const DROPPED = new Set([',', ';', ':', '!', ' ', 'quad', 'qquad', 'enspace', 'thinspace', 'medspace', 'thickspace', 'negthinspace',
  'displaystyle', 'textstyle', 'scriptstyle', 'left', 'right', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'big', 'Big', 'bigg', 'Bigg', 'middle']);
const PHANTOMS = new Set(['phantom', 'hphantom', 'vphantom']);
const FONTS = new Set(['mathbf', 'mathrm', 'mathit', 'mathsf', 'mathtt', 'boldsymbol', 'bm', 'text', 'textbf', 'textrm', 'mbox', 'operatorname']);
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const FUNCTIONS: Readonly<Record<string, string>> = { exp: 'exp', ln: 'log', log: 'log', sin: 'sin', cos: 'cos', tan: 'tan', tanh: 'tanh' };
const SYMBOLS: Readonly<Record<string, string>> = { cdot: '*', times: '*', ast: '*', div: '/', pi: ' pi ', '{': '(', '}': ')' };
const CHARACTERS: Readonly<Record<string, string>> = { '−': '-', '–': '-', '·': '*', '×': '*', '÷': '/', '~': '', '[': '(', ']': ')', 'π': ' pi ' };

type Tok = { readonly cmd: boolean; readonly text: string };

class NotNumeric extends Error {}

/** The entry `tex` in arithmetic syntax, or undefined when it is not a number (a symbol, a dots command). */
export function latexToArithmetic(tex: string, maxDepth = 64): string | undefined {
  const toks = tokenize(tex);
  let i = 0;
  let depth = 0;
  const fail = (): never => {
    throw new NotNumeric();
  };
  const arg = (): string => {
    while (toks[i] && !toks[i].cmd && /\s/.test(toks[i].text)) i++;
    const t = toks[i++] ?? fail();
    if (!t.cmd && t.text === '{') return group();
    if (!t.cmd) return CHARACTERS[t.text] ?? t.text;
    // `\frac\frac\frac…` without braces nests as deep as braces do.
    if (++depth > maxDepth) fail();
    const inner = command(t.text);
    depth--;
    return inner;
  };
  const group = (): string => {
    if (++depth > maxDepth) fail();
    const inner = sequence(true);
    depth--;
    return inner === ',' ? '.' : `(${inner})`;
  };
  const command = (name: string): string => {
    if (DROPPED.has(name)) return '';
    if (FRACTIONS.has(name)) return `((${arg()})/(${arg()}))`;
    if (name === 'sqrt') {
      let index: string | undefined;
      if (toks[i]?.text === '[') {
        let close = i + 1;
        while (close < toks.length && toks[close].text !== ']') close++;
        if (close >= toks.length) close = -1;
        if (close < 0) fail();
        index = latexToArithmetic(toks.slice(i + 1, close).map((t) => (t.cmd ? `\\${t.text} ` : t.text)).join(''), maxDepth - depth) ?? fail();
        i = close + 1;
      }
      const x = arg();
      return index === undefined ? `sqrt(${x})` : `((${x})^(1/(${index})))`;
    }
    if (PHANTOMS.has(name)) { arg(); return ''; }
    if (FONTS.has(name)) return `(${arg()})`;
    if (name in FUNCTIONS) return ` ${FUNCTIONS[name]}`;
    if (name in SYMBOLS) return SYMBOLS[name];
    return fail();
  };
  const sequence = (inGroup: boolean): string => {
    let out = '';
    while (i < toks.length) {
      const t = toks[i++];
      if (t.cmd) { out += command(t.text); continue; }
      if (t.text === '}') { if (inGroup) return out; fail(); }
      if (t.text === '{') { out += group(); continue; }
      if (t.text === '^') { out += `^(${arg()})`; continue; }
      if (t.text === '_' || t.text === '&' || t.text === '\\' || t.text === '$' || t.text === '%' || t.text === '#') fail();
      out += CHARACTERS[t.text] ?? t.text;
    }
    if (inGroup) fail();
    return out;
  };
  try {
    const out = sequence(false).trim();
    return out === '' ? undefined : out;
  } catch (e) {
    if (e instanceof NotNumeric) return undefined;
    throw e;
  }
}

/** Splits LaTeX into commands (`\frac`, `\,`) and single characters; spaces after a word command are dropped. */
function tokenize(tex: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < tex.length) {
    if (tex[i] === '\\' && i + 1 < tex.length) {
      const word = /^[A-Za-z]+/.exec(tex.slice(i + 1, i + 40));
      if (word) {
        out.push({ cmd: true, text: word[0] });
        i += 1 + word[0].length;
        while (tex[i] === ' ') i++;
      } else {
        out.push({ cmd: true, text: tex[i + 1] });
        i += 2;
      }
      continue;
    }
    out.push({ cmd: false, text: tex[i] });
    i++;
  }
  return out;
}
