/**
 * One lexer for the brace-and-bracket languages: C, C++, Java, C#, Rust, Go and Mathematica. It knows each
 * one's comments (`//`, `/* *\/` — nested in Rust —, Mathematica's nested `(* *)`, C preprocessor lines),
 * strings (escapes, C++ `R"d(…)d"`, Rust `r#"…"#`, C# `@"…"` and `"""…"""`, Java text blocks, Go `` `…` ``),
 * character literals (and Rust lifetimes), and numbers with digit separators and suffixes (`0.5f`, `1.0L`,
 * `2u`, `1e-3f`, `1_000.5_f64`, `1'000`, Mathematica `1.*^-3`). Strings and comments never reach the parser.
 */
import { type Token, type TokenKind, identEnd, isIdentChar, isIdentStart, symbolToken } from '../literal/tokens';
import type { LanguageId } from '../types';

/** A token, and whether a line break precedes it (statements end at line breaks in Go and Mathematica). */
export interface CToken extends Token {
  readonly nl: boolean;
}

const OPS = ['<<=', '>>=', '...', '::', '->', '=>', '==', '!=', '<=', '>=', ':=', '<<', '&&', '||', '+=', '-=', '*=', '/=', '++', '--', '//', '@@', '/@', '*^'];

/** The tokens of a C-family or Mathematica text, in order (comments, strings as `str` tokens). */
export function lexCLike(text: string, language: LanguageId): CToken[] {
  const out: CToken[] = [];
  const mma = language === 'mathematica';
  const rust = language === 'rust';
  let i = 0;
  let space = false;
  let nl = true;
  /** Appends a token; returns its end, where lexing goes on. */
  const push = (kind: TokenKind, start: number, end: number): number => {
    out.push({ kind, text: text.slice(start, end), start, end, space, nl });
    space = false;
    nl = false;
    return end;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') { nl = true; space = true; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { space = true; i++; continue; }
    if (!mma && c === '/' && text[i + 1] === '/') { i = lineEnd(text, i); continue; }
    if (!mma && c === '/' && text[i + 1] === '*') { i = skipNested(text, i, '/*', '*/', rust); space = true; continue; }
    if (mma && c === '(' && text[i + 1] === '*') { i = skipNested(text, i, '(*', '*)', true); space = true; continue; }
    if (c === '#' && nl && (language === 'c' || language === 'cpp' || language === 'csharp')) { i = preprocessorEnd(text, i); continue; }
    const str = mma ? (c === '"' ? quoted(text, i + 1, '"') : -1) : stringEnd(text, i, language);
    if (str > i) { push('str', i, str); i = str; continue; }
    if (c === "'" && !mma) {
      const end = charEnd(text, i, rust);
      if (end > i) { push('str', i, end); i = end; continue; }
    }
    const num = numberEnd(text, i, language);
    if (num > i) { push('num', i, num); i = num; continue; }
    if (isIdentStart(c) || c === '$' || (c === '@' && language === 'csharp' && isIdentStart(text[i + 1] ?? ''))) {
      i = push('ident', i, identEnd(text, i, (t, k) => t[k] === '$' || (mma && t[k] === '`')));
      continue;
    }
    const symbol = symbolToken(text, i, OPS);
    i = push(symbol.kind, i, symbol.end);
  }
  return out;
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n;
}

/** Skips a block comment; with `nests`, inner openers must be closed too. */
function skipNested(text: string, i: number, open: string, close: string, nests: boolean): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith(open, j) && (nests || depth === 0)) { depth++; j += 2; continue; }
    if (text.startsWith(close, j)) { depth--; j += 2; if (depth === 0) return j; continue; }
    j++;
  }
  return j;
}

/** A preprocessor line, with `\` continuations. */
function preprocessorEnd(text: string, i: number): number {
  let j = lineEnd(text, i);
  while (j < text.length && text[j - 1] === '\\') j = lineEnd(text, j + 1);
  return j;
}

/** The end of a `"`-delimited string starting at `from` (after the opening quote), with backslash escapes. */
function quoted(text: string, from: number, q: string, escapes = true, doubled = false): number {
  let j = from;
  while (j < text.length) {
    if (escapes && text[j] === '\\') { j += 2; continue; }
    if (text[j] === q) {
      if (doubled && text[j + 1] === q) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return j;
}

/** The end of the string literal starting at `i`, or -1 when none starts there. */
function stringEnd(text: string, i: number, language: LanguageId): number {
  const rest = text.slice(i, i + 24);
  if (language === 'cpp') {
    const raw = /^(?:u8|[uUL])?R"([^()\\\s]{0,16})\(/.exec(rest);
    if (raw) {
      const end = text.indexOf(`)${raw[1]}"`, i + raw[0].length);
      return end < 0 ? text.length : end + raw[1].length + 2;
    }
    const pre = /^(?:u8|[uUL])"/.exec(rest);
    if (pre) return quoted(text, i + pre[0].length, '"');
  }
  if (language === 'rust') {
    const raw = /^b?r(#*)"/.exec(rest);
    if (raw) {
      const end = text.indexOf(`"${raw[1]}`, i + raw[0].length);
      return end < 0 ? text.length : end + 1 + raw[1].length;
    }
    if (rest.startsWith('b"')) return quoted(text, i + 2, '"');
  }
  if ((language === 'csharp' || language === 'java') && rest.startsWith('"""')) {
    const end = text.indexOf('"""', i + 3);
    return end < 0 ? text.length : end + 3;
  }
  if (language === 'csharp') {
    const verbatim = /^(?:\$@|@\$|@)"/.exec(rest);
    if (verbatim) return quoted(text, i + verbatim[0].length, '"', false, true);
    if (rest.startsWith('$"')) return quoted(text, i + 2, '"');
  }
  if (language === 'go' && text[i] === '`') {
    const end = text.indexOf('`', i + 1);
    return end < 0 ? text.length : end + 1;
  }
  return text[i] === '"' ? quoted(text, i + 1, '"') : -1;
}

/** The end of a character literal at `i` (`'a'`, `'\n'`, `'\u{1F600}'`), or -1 (a Rust lifetime `'a`). */
function charEnd(text: string, i: number, rust: boolean): number {
  const m = /^'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)|[^'\\\n]{1,2})'/u.exec(text.slice(i, i + 16));
  if (m) return i + m[0].length;
  if (rust) return -1;
  const close = text.indexOf("'", i + 1);
  return close > 0 && close < lineEnd(text, i) ? close + 1 : -1;
}

/**
 * The end of a number at `i` (with its suffix), or -1. C++ allows `'` between digits; Mathematica writes
 * exponents as `*^`.
 */
function numberEnd(text: string, i: number, language: LanguageId): number {
  const c = text[i];
  if (!/[0-9]/.test(c) && !(c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) return -1;
  const sep = language === 'cpp' ? "_'" : '_';
  const digit = (d: string | undefined, hex = false): boolean => d !== undefined && ((hex ? /[0-9a-fA-F]/ : /[0-9]/).test(d) || sep.includes(d));
  let j = i;
  if (c === '0' && /[xXbBoO]/.test(text[i + 1] ?? '') && digit(text[i + 2], true)) {
    j += 2;
    while (digit(text[j], true)) j++;
  } else {
    while (digit(text[j])) j++;
    if (text[j] === '.' && text[j + 1] !== '.' && !(language === 'rust' && isIdentStart(text[j + 1] ?? ''))) {
      j++;
      while (digit(text[j])) j++;
    }
    if (/[eE]/.test(text[j] ?? '') && /[0-9]/.test(text[j + 1] ?? '')) j += 1;
    else if (/[eE]/.test(text[j] ?? '') && /[+-]/.test(text[j + 1] ?? '') && /[0-9]/.test(text[j + 2] ?? '')) j += 2;
    else if (language === 'mathematica' && text.startsWith('*^', j) && /[-+0-9]/.test(text[j + 2] ?? '')) j += text[j + 2] === '-' || text[j + 2] === '+' ? 3 : 2;
    while (/[0-9]/.test(text[j] ?? '')) j++;
  }
  if (language !== 'mathematica') while (j < text.length && isIdentChar(text[j])) j++; // suffix: f, L, u, _f64, i32
  return j;
}
