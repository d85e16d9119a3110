/**
 * The fast path for numeric list literals (`[[0.1, -2], [3e-4, 5.]]`): once tree-sitter has delimited a `list`
 * node, its numbers are read straight from its source text instead of walking one syntax node per number
 * through the tree-sitter API. The value is the one the evaluator builds by walking (nested {@link PyList}s of
 * JavaScript numbers, `names` all null), and the scan gives up — the evaluator then walks the tree as before —
 * on anything else: names, calls, comments, strings, tuples, `*` splats, hexadecimal/octal/binary numbers,
 * digit separators, complex numbers, a space between a sign and its number, or nesting deep enough for the
 * depth limit to matter. test/unit/literalScan.test.ts checks it against the tree walk.
 */
import type { PyList, PyValue } from './values';

/** Whether the fast path is on (always, except in the differential test that compares it with the tree walk). */
const fastPath = { enabled: true };

/** Turns the fast path off or on again (test/unit/literalScan.test.ts only). */
export function setLiteralFastPath(enabled: boolean): void {
  fastPath.enabled = enabled;
}

const OPEN = 0x5b, CLOSE = 0x5d, COMMA = 0x2c, PLUS = 0x2b, MINUS = 0x2d, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;

/**
 * The value of the list literal `text` (the whole text of a tree-sitter `list` node), or undefined when the
 * literal is not made of plain decimal numbers and lists only. `depthLeft`: how many more expression levels the
 * evaluator's nesting limit allows below the list itself (a number counts one level, a sign one more).
 */
export function scanNumericList(text: string, depthLeft: number): PyList | undefined {
  if (!fastPath.enabled) return undefined;
  const scanner = new Scanner(text, depthLeft);
  const value = scanner.list(0);
  if (value === undefined) return undefined;
  scanner.space();
  return scanner.at === text.length ? value : undefined;
}

class Scanner {
  at = 0;

  constructor(private readonly text: string, private readonly depthLeft: number) {}

  /** Skips spaces, tabs and line breaks (a comment or a line continuation gives up). */
  space(): void {
    const t = this.text;
    let c = t.charCodeAt(this.at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.at);
  }

  /** A list starting at `at`, whose items are `level + 1` levels below the list that started the scan. */
  list(level: number): PyList | undefined {
    const t = this.text;
    if (t.charCodeAt(this.at) !== OPEN) return undefined;
    this.at++;
    const items: PyValue[] = [];
    const floats: boolean[] = []; // float literals (`1.`, `2e3`), as the tree walk marks them (values.ts)
    this.space();
    while (t.charCodeAt(this.at) !== CLOSE) {
      const c = t.charCodeAt(this.at);
      const start = this.at;
      let item: PyValue | undefined;
      if (c === OPEN) {
        if (level + 1 >= this.depthLeft) return undefined;
        item = this.list(level + 1);
      } else {
        item = this.number(level + 1);
      }
      if (item === undefined) return undefined;
      items.push(item);
      floats.push(c !== OPEN && /[.eE]/.test(t.slice(start, this.at)));
      this.space();
      const sep = t.charCodeAt(this.at);
      if (sep === COMMA) {
        this.at++;
        this.space();
      } else if (sep !== CLOSE) {
        return undefined;
      }
    }
    this.at++;
    return { kind: 'list', items, tuple: false, names: items.map(() => null), floats };
  }

  /**
   * A decimal number with an optional sign right before it (`-1.5`, `+2`, `3.`, `.5e-3`), as the evaluator
   * reads it: `Number(digits)`, negated for `-` (a unary minus node around a number node).
   */
  number(level: number): number | undefined {
    const t = this.text;
    let sign = 0;
    const s = t.charCodeAt(this.at);
    if (s === MINUS || s === PLUS) {
      sign = s === MINUS ? -1 : 1;
      this.at++;
    }
    if (level + (sign ? 1 : 0) > this.depthLeft) return undefined;
    const start = this.at;
    let c = t.charCodeAt(this.at);
    let intDigits = 0, fracDigits = 0, point = false;
    while (c >= ZERO && c <= NINE) { intDigits++; c = t.charCodeAt(++this.at); }
    if (c === DOT) {
      point = true;
      c = t.charCodeAt(++this.at);
      while (c >= ZERO && c <= NINE) { fracDigits++; c = t.charCodeAt(++this.at); }
    }
    if (intDigits + fracDigits === 0) return undefined;
    let exponent = false;
    if (c === 0x65 || c === 0x45) { // e, E
      exponent = true;
      c = t.charCodeAt(++this.at);
      if (c === PLUS || c === MINUS) c = t.charCodeAt(++this.at);
      let expDigits = 0;
      while (c >= ZERO && c <= NINE) { expDigits++; c = t.charCodeAt(++this.at); }
      if (expDigits === 0) return undefined;
    }
    // A letter, `_`, `j` or another character glued to the number: not a plain literal.
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === DOT || (c >= ZERO && c <= NINE)) return undefined;
    // `0123` is not a Python integer (the evaluator reports it): leave it to the evaluator.
    if (!point && !exponent && intDigits > 1 && t.charCodeAt(start) === ZERO) return undefined;
    const v = Number(t.slice(start, this.at));
    return sign < 0 ? -v : v;
  }
}
