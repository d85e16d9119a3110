/** The tokens the MATLAB and Julia lexers produce for the shared bracket parser (comments are dropped). */

export type TokenKind =
  | 'num' // 1, 2.5, 1e-3
  | 'ident' // W_Q, pi, end
  | 'str' // a string or character literal (never part of a matrix)
  | 'op' // + - * / ^ = == … (an operator, its text says which)
  | 'open' // ( [ {
  | 'close' // ) ] }
  | 'comma'
  | 'semi'
  | 'newline'
  | 'quote'; // a postfix transpose: ' or .'

/** One token: its text and UTF-16 offsets; `space` is true when whitespace (or a continuation) precedes it. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly space: boolean;
}

/**
 * The tokens of one text as a lexer appends them, each marked with whether whitespace, a comment or a
 * continuation came before it (`space`).
 */
export class TokenList {
  readonly tokens: Token[] = [];
  /** True when whitespace (or a comment, or a continuation) has been skipped since the last token. */
  space = false;

  constructor(private readonly text: string) {}

  /** Appends the token `text[start, end)` of `kind`; returns `end`, where lexing goes on. */
  push(kind: TokenKind, start: number, end: number): number {
    this.tokens.push({ kind, text: this.text.slice(start, end), start, end, space: this.space });
    this.space = false;
    return end;
  }

  /**
   * At a line break, appends a `newline` token; at a space, tab, CR, FF (and VT unless `verticalTab` is false),
   * marks `space`. Returns the offset after that character, or `i` when it is neither.
   */
  blank(i: number, verticalTab = true): number {
    const c = this.text[i];
    if (c === '\n') return this.push('newline', i, i + 1);
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || (verticalTab && c === '\v')) {
      this.space = true;
      return i + 1;
    }
    return i;
  }

  /** The last token, if any. */
  last(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /** The last token when the next one would touch it (no whitespace between them, and it is not a line break). */
  touching(): Token | undefined {
    const prev = this.last();
    return prev !== undefined && !this.space && prev.kind !== 'newline' ? prev : undefined;
  }

  /** True before the first token of a line. */
  atLineStart(): boolean {
    const prev = this.last();
    return prev === undefined || prev.kind === 'newline';
  }
}

/** True for the characters identifiers are made of (ASCII letters, digits, `_`, and any non-ASCII letter). */
export function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c) || (c > '\u007f' && /\p{L}|\p{N}/u.test(c));
}

/** True for the characters identifiers start with. */
export function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || (c > '\u007f' && /\p{L}/u.test(c));
}

/**
 * The end offset of the name that starts at `i`: identifier characters, and the characters `more` admits at
 * offset `j` (Julia's `!`, R's `.`, Mathematica's context mark).
 */
export function identEnd(text: string, i: number, more?: (text: string, j: number) => boolean): number {
  let j = i + 1;
  while (j < text.length && (isIdentChar(text[j]) || (more?.(text, j) ?? false))) j++;
  return j;
}

/**
 * The end offset of a decimal number starting at `i` (`12`, `1.5`, `.5`, `1e-3`, `1.5f0` with `exponents`
 * `eEf`), or `i` when there is none.
 */
export function scanNumber(text: string, i: number, exponents = 'eE'): number {
  let j = i;
  const digits = (): void => {
    while (j < text.length && /[0-9_]/.test(text[j])) j++;
  };
  if (text[j] === '0' && /[xXbB]/.test(text[j + 1] ?? '') && /[0-9a-fA-F]/.test(text[j + 2] ?? '')) {
    j += 2;
    while (j < text.length && /[0-9a-fA-F_]/.test(text[j])) j++;
    return j;
  }
  digits();
  if (text[j] === '.' && /[0-9]/.test(text[j + 1] ?? '')) {
    j++;
    digits();
  } else if (text[j] === '.' && j > i && !/[.*/\\^'A-Za-z_]/.test(text[j + 1] ?? '')) {
    j++; // `1.` (but not `1.*`, `1./`, `1.^`, `1.'` or `1.e`-less member access)
  }
  if (j === i) return i;
  if (exponents.includes(text[j] ?? '\0') && /[0-9]/.test(text[j + 1] ?? '')) {
    j += 1;
    digits();
  } else if (exponents.includes(text[j] ?? '\0') && /[+-]/.test(text[j + 1] ?? '') && /[0-9]/.test(text[j + 2] ?? '')) {
    j += 2;
    digits();
  }
  return j;
}

/**
 * The punctuation or operator token at `i`: `( [ {`, `) ] }`, `,`, `;`, else the first of `ops` (longest first)
 * that starts there, else the single character (code point) as an operator. Returns its kind and end offset.
 */
export function symbolToken(text: string, i: number, ops: readonly string[]): { kind: 'open' | 'close' | 'comma' | 'semi' | 'op'; end: number } {
  const c = text[i];
  if (c === '(' || c === '[' || c === '{') return { kind: 'open', end: i + 1 };
  if (c === ')' || c === ']' || c === '}') return { kind: 'close', end: i + 1 };
  if (c === ',') return { kind: 'comma', end: i + 1 };
  if (c === ';') return { kind: 'semi', end: i + 1 };
  const op = ops.find((o) => text.startsWith(o, i)) ?? String.fromCodePoint(text.codePointAt(i) ?? 0);
  return { kind: 'op', end: i + op.length };
}
