/**
 * A lexer for MATLAB and Octave (`.m`): numbers, names, strings, operators, brackets, `,` `;` and newlines.
 * Comments are dropped: `%` and Octave's `#` to the end of the line, and `%{ … %}` / `#{ … #}` blocks (the
 * markers alone on their lines). `...` continues the line (the rest of the line is a comment). A `'` directly
 * after a name, a number, a closing bracket or another transpose is a transpose; anywhere else it starts a
 * character array (`'it''s'`). Double-quoted strings end at `"` (doubled `""` escapes).
 */
import { type Token, TokenList, identEnd, isIdentStart, scanNumber, symbolToken } from '../literal/tokens';

const TWO_CHAR_OPS = ['==', '~=', '!=', '<=', '>=', '&&', '||', '.*', './', '.\\', '.^', '++', '--', '+=', '-=', '*=', '/='];

/** The tokens of a MATLAB/Octave text, in order (comments and continuations removed). */
export function lexMatlab(text: string): Token[] {
  const list = new TokenList(text);
  let i = 0;
  const lineEnd = (from: number): number => {
    const n = text.indexOf('\n', from);
    return n < 0 ? text.length : n;
  };
  while (i < text.length) {
    const c = text[i];
    const blank = list.blank(i);
    if (blank > i) {
      i = blank;
      continue;
    }
    if ((c === '%' || c === '#') && text[i + 1] === '{' && list.atLineStart() && /^\s*$/.test(text.slice(i + 2, lineEnd(i)))) {
      i = skipBlockComment(text, i, c);
      continue;
    }
    if (c === '%' || c === '#') {
      i = lineEnd(i);
      continue;
    }
    if (c === '.' && text.startsWith('...', i)) {
      // Continuation: the rest of the line is a comment and the next line continues this one.
      const end = lineEnd(i);
      i = end < text.length ? end + 1 : end;
      list.space = true;
      continue;
    }
    const prev = list.touching();
    if (c === "'" && prev && (prev.kind === 'num' || prev.kind === 'ident' || prev.kind === 'quote' || (prev.kind === 'close'))) {
      list.push('quote', i, i + 1);
      i++;
      continue;
    }
    if (c === '.' && text[i + 1] === "'" && prev) {
      list.push('quote', i, i + 2);
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = skipString(text, i, c);
      list.push('str', i, end);
      i = end;
      continue;
    }
    const num = scanNumber(text, i, 'eEdD');
    if (num > i && (/[0-9]/.test(c) || c === '.')) {
      list.push('num', i, num);
      i = num;
      continue;
    }
    if (isIdentStart(c)) {
      i = list.push('ident', i, identEnd(text, i));
      continue;
    }
    const symbol = symbolToken(text, i, TWO_CHAR_OPS);
    i = list.push(symbol.kind, i, symbol.end);
  }
  return list.tokens;
}

/** Skips a `%{ … %}` block comment (nested blocks allowed); returns the offset after it. */
function skipBlockComment(text: string, i: number, mark: string): number {
  let depth = 0;
  let at = i;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end).trim();
    if (line === `${mark}{`) depth++;
    else if (line === `${mark}}`) depth--;
    at = end < 0 ? text.length : end + 1;
    if (depth === 0) return end < 0 ? text.length : end;
  }
  return text.length;
}

/** Skips a string starting at `i` with quote `q` (a doubled quote escapes it); it ends at the line's end at most. */
function skipString(text: string, i: number, q: string): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '\n') {
    if (text[j] === q) {
      if (text[j + 1] === q) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return j;
}
