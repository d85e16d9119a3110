/**
 * A lexer for R (`.R`): numbers (`1`, `0.5`, `.5`, `1e-3`, `2L`, `0x1F`), names (`W_Q`, `x.1`, `` `my var` ``),
 * strings (`"…"`, `'…'` with backslash escapes, raw `r"(…)"`), operators (`<-`, `<<-`, `->`, `->>`, `%*%`,
 * `%in%`, `|>`, `::`), brackets, `,`, `;` and newlines. `#` comments are dropped.
 */
import { type Token, TokenList, identEnd, isIdentStart, symbolToken } from '../literal/tokens';

const OPS = [':::', '<<-', '->>', '::', '<-', '->', '<=', '>=', '==', '!=', '&&', '||', '|>', '**'];

/** The tokens of an R text, in order (comments removed). */
export function lexR(text: string): Token[] {
  const list = new TokenList(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const blank = list.blank(i, false);
    if (blank > i) { i = blank; continue; }
    if (c === '#') { const n = text.indexOf('\n', i); i = n < 0 ? text.length : n; continue; }
    if ((c === 'r' || c === 'R') && (text[i + 1] === '"' || text[i + 1] === "'") && /^-*[([{]/.test(text.slice(i + 2, i + 40))) {
      const end = skipRawString(text, i);
      list.push('str', i, end);
      i = end;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = skipQuoted(text, i);
      list.push(c === '`' ? 'ident' : 'str', i, end);
      i = end;
      continue;
    }
    const num = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? '')) ? /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[Li]?/.exec(text.slice(i, i + 400)) : null;
    if (num) {
      list.push('num', i, i + num[0].length);
      i += num[0].length;
      continue;
    }
    if (isIdentStart(c) || c === '.') {
      i = list.push('ident', i, identEnd(text, i, (t, k) => t[k] === '.'));
      continue;
    }
    if (c === '%') {
      const close = text.indexOf('%', i + 1);
      const nl = text.indexOf('\n', i + 1);
      i = list.push('op', i, close < 0 || (nl >= 0 && nl < close) ? i + 1 : close + 1);
      continue;
    }
    const symbol = symbolToken(text, i, OPS);
    i = list.push(symbol.kind, i, symbol.end);
  }
  return list.tokens;
}

/** Skips a quoted string or backquoted name (backslash escapes; strings may span lines). */
function skipQuoted(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === '\\') { j += 2; continue; }
    if (text[j] === q) return j + 1;
    j++;
  }
  return j;
}

/** Skips a raw string `r"(…)"`, `r"[…]"`, `r"{…}"`, `r"---(…)---"`. */
function skipRawString(text: string, i: number): number {
  const q = text[i + 1];
  const dashes = /^-*/.exec(text.slice(i + 2, i + 200))?.[0] ?? '';
  const open = text[i + 2 + dashes.length];
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  const end = text.indexOf(`${close}${dashes}${q}`, i + 3 + dashes.length);
  return end < 0 ? text.length : end + dashes.length + 2;
}
