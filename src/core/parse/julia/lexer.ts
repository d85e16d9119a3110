/**
 * A lexer for Julia (`.jl`): numbers (`1`, `-1.0`, `1e-3`, `1.5f0`, `0x1f`, `1_000`), names (Unicode, `π`),
 * strings (`"…"`, `"""…"""`, `raw"…"`, `` `cmd` ``) and characters (`'a'`), operators, brackets, `,` `;` and
 * newlines. Comments are dropped: `#` to the end of the line and nested `#= … =#` blocks. A `'` directly
 * after an operand is the adjoint (a transpose for real matrices).
 */
import { type Token, TokenList, identEnd, isIdentStart, scanNumber, symbolToken } from '../literal/tokens';

const OPS = ['...', '::', '==', '!=', '<=', '>=', '&&', '||', '//', '->', '=>', '.+', '.-', '.*', './', '.^', '+=', '-=', '*=', '/=', '.=', '|>'];

/** The tokens of a Julia text, in order (comments removed). */
export function lexJulia(text: string): Token[] {
  const list = new TokenList(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const blank = list.blank(i);
    if (blank > i) { i = blank; continue; }
    if (c === '#' && text[i + 1] === '=') { i = skipBlockComment(text, i); list.space = true; continue; }
    if (c === '#') { const n = text.indexOf('\n', i); i = n < 0 ? text.length : n; continue; }
    const prev = list.touching();
    if (c === "'" && prev && (prev.kind === 'num' || prev.kind === 'ident' || prev.kind === 'quote' || prev.kind === 'close')) {
      list.push('quote', i, i + 1);
      i++;
      continue;
    }
    if (c === "'") { const end = skipChar(text, i); list.push('str', i, end); i = end; continue; }
    if (c === '"' || c === '`') { const end = skipString(text, i); list.push('str', i, end); i = end; continue; }
    const num = scanNumber(text, i, 'eEf');
    if (num > i && (/[0-9]/.test(c) || c === '.')) { list.push('num', i, num); i = num; continue; }
    if (isIdentStart(c)) {
      const j = identEnd(text, i, (t, k) => t[k] === '!' && t[k + 1] !== '=');
      // A string macro: raw"…", r"…", b"…".
      i = text[j] === '"' ? list.push('str', i, skipString(text, j)) : list.push('ident', i, j);
      continue;
    }
    const symbol = symbolToken(text, i, OPS);
    i = list.push(symbol.kind, i, symbol.end);
  }
  return list.tokens;
}

/** Skips a `#= … =#` comment, which may nest; returns the offset after it. */
function skipBlockComment(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith('#=', j)) { depth++; j += 2; continue; }
    if (text.startsWith('=#', j)) { depth--; j += 2; if (depth === 0) return j; continue; }
    j++;
  }
  return j;
}

/** Skips a string starting at `i` (`"…"`, `"""…"""` or `` `…` ``, with backslash escapes). */
function skipString(text: string, i: number): number {
  const triple = text.startsWith('"""', i);
  const close = triple ? '"""' : text[i];
  let j = i + close.length;
  while (j < text.length) {
    if (text[j] === '\\') { j += 2; continue; }
    if (text.startsWith(close, j)) return j + close.length;
    if (!triple && text[j] === '\n' && close === '"') return j; // unterminated: stop at the line's end
    j++;
  }
  return j;
}

/** Skips a character literal `'a'`, `'\n'`, `'\u03c0'`; a lone `'` ends at the line's end. */
function skipChar(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '\n') {
    if (text[j] === '\\') { j += 2; continue; }
    if (text[j] === "'") return j + 1;
    j++;
  }
  return j;
}
