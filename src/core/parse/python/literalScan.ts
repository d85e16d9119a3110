/**
 * The fast path for numeric list literals (`[[0.1, -2], [3e-4, 5.]]`): once tree-sitter has delimited a `list`
 * node, its numbers are read straight from its source text instead of walking one syntax node per number
 * through the tree-sitter API. The value is the one the evaluator builds by walking (nested {@link PyList}s of
 * JavaScript numbers, `names` all null), and the scan gives up — the evaluator then walks the tree as before —
 * on anything else: names, calls, comments, strings, tuples, `*` splats, hexadecimal/octal/binary numbers,
 * digit separators, complex numbers, a space between a sign and its number, or nesting deep enough for the
 * depth limit to matter. test/unit/literalScan.test.ts checks it against the tree walk.
 */
import type { Point, Range, Tree } from 'web-tree-sitter';
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import type { PyList, PyValue } from './values';

/** Whether the fast path is on (always, except in the differential test that compares it with the tree walk). */
const fastPath = { enabled: true };

/** Turns the fast path (scanning and skipping) off or on again (test/unit/literalScan.test.ts only). */
export function setLiteralFastPath(enabled: boolean): void {
  fastPath.enabled = enabled;
}


const OPEN = 0x5b, CLOSE = 0x5d, COMMA = 0x2c, PLUS = 0x2b, MINUS = 0x2d, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;

/** A plain decimal number as {@link Scanner.number} reads it (sign glued to it), and the spaces it skips. */
const NUMBER = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?', SPACE = '[ \\t\\r\\n]*';
/**
 * The rest of a row of plain numbers after its `[`, up to and including its `]` (sticky: matched at `lastIndex`).
 * Unambiguous (each number ends where a space, `,` or `]` must follow), so it never backtracks far.
 */
const ROW = new RegExp(`${SPACE}(?:${NUMBER}${SPACE},${SPACE})*(?:${NUMBER}${SPACE})?\\]`, 'y');
const BLANK = /^[ \t\r\n]*$/;
/** A sign at the start of a number (not an exponent's). */
const SIGNED = /(?:^|[ \t\r\n,])[+-]/;
/** A float literal: a point or an exponent. */
const FLOAT = /[.eE]/;
/** An integer written with a leading zero (`0123`, `00`), which the character loop leaves to the evaluator. */
const LEADING_ZERO = /^[ \t\r\n]*[+-]?0[0-9]/;

/** The numbers of a row's text between its brackets when it is also JSON (`1.5, -2, 3e-4`), else undefined. */
function jsonNumbers(body: string): number[] | undefined {
  try {
    return JSON.parse(`[${body}]`) as number[];
  } catch {
    return undefined;
  }
}

/**
 * The evaluator's fast path for a `list` node evaluated at nesting depth `depth` (of `maxDepth`): its value when
 * it is a literal of plain numbers, else undefined (walk the tree). A skipped (blanked) literal has no tree to walk: when
 * it is nested too deep, the evaluator's own error is thrown.
 * @throws InputError "expression nested deeper than …" as the evaluator's `expr` would.
 */
export function evaluateListLiteral(node: Node, depth: number, maxDepth: number): PyList | undefined {
  const blanked = blankedLiterals.get(node.tree)?.get(node.startIndex);
  if (!blanked) return fastPath.enabled ? scanNumericList(node.text, maxDepth - depth) : undefined;
  if (blanked.deepest > maxDepth - depth) {
    throw new InputError(`expression nested deeper than ${maxDepth} levels (setting attentionExplorer.limits.maxNestingDepth)`);
  }
  const value = blanked.value ?? scanNumericList(blanked.text, Infinity);
  blanked.value = undefined; // a list is a new object each time Python evaluates the literal
  return value;
}

/**
 * The value of the list literal `text` (the whole text of a tree-sitter `list` node), or undefined when the
 * literal is not made of plain decimal numbers and lists only. `depthLeft`: how many more expression levels the
 * evaluator's nesting limit allows below the list itself (a number counts one level, a sign one more).
 */
export function scanNumericList(text: string, depthLeft: number): PyList | undefined {
  const scanner = new Scanner(text, depthLeft);
  const value = scanner.list(0);
  if (value === undefined) return undefined;
  scanner.space();
  return scanner.at === text.length ? value : undefined;
}

class Scanner {
  at = 0;
  /** The deepest expression level below the first list that the evaluator's walk would reach. */
  deepest = 0;
  /** Whether the last number read was a float literal (`1.`, `2e3`). */
  private float = false;

  constructor(private readonly text: string, private readonly depthLeft: number, start = 0) {
    this.at = start;
  }

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
    const row = this.row(level);
    if (row) return row;
    this.at++;
    const items: PyValue[] = [];
    const floats: boolean[] = []; // float literals (`1.`, `2e3`), as the tree walk marks them (values.ts)
    this.space();
    while (t.charCodeAt(this.at) !== CLOSE) {
      const c = t.charCodeAt(this.at);
      let item: PyValue | undefined;
      if (c === OPEN) {
        if (level + 1 > this.depthLeft) return undefined;
        if (level + 1 > this.deepest) this.deepest = level + 1;
        item = this.list(level + 1);
      } else {
        item = this.number(level + 1);
      }
      if (item === undefined) return undefined;
      items.push(item);
      floats.push(c !== OPEN && this.float);
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
   * The common case of {@link list}, read with a few native calls instead of a character loop (most literals are
   * read once, by code V8 has not optimised yet): a list of plain numbers only, `[-1.5, 2, 3e-4]`, the row of a
   * matrix. One regular expression checks the whole row; `split` and `Number` read it. Undefined (nothing
   * consumed) for anything else, or when a number needs {@link number}'s care (an integer with a leading zero or
   * beyond 2**53, the nesting limit): the character loop then reads it, with the same result as ever.
   */
  private row(level: number): PyList | undefined {
    const t = this.text, start = this.at + 1;
    ROW.lastIndex = start;
    if (!ROW.test(t)) return undefined;
    const end = ROW.lastIndex; // just after `]`
    const body = t.slice(start, end - 1);
    let pieces: string[] | undefined;
    const split = (): string[] => {
      const p = body.split(',');
      // A trailing comma (`[1, 2,]`) or an empty list (`[ ]`) leaves a last piece of spaces only.
      if (BLANK.test(p[p.length - 1])) p.pop();
      return p;
    };
    // The values: JSON's numbers are a subset of Python's decimal literals, read to the same doubles (both round
    // correctly); a row JSON refuses (`+1`, `.5`, `5.`, `[1, 2,]`) is split and read number by number.
    let items = jsonNumbers(body);
    if (!items) {
      pieces = split();
      items = pieces.map(Number);
    }
    const n = items.length;
    if (n > 0) {
      const depth = level + (SIGNED.test(body) ? 2 : 1); // a sign is one expression level more
      if (depth > this.depthLeft) return undefined;
      if (depth > this.deepest) this.deepest = depth;
    }
    const floats: boolean[] = new Array<boolean>(n);
    for (let i = 0; i < n; i++) {
      const v = items[i];
      // A finite value with a fraction can only come from a float literal; others need their text (`2` or `2.0`?).
      if (v - Math.floor(v) > 0) {
        floats[i] = true;
        continue;
      }
      pieces ??= split();
      const piece = pieces[i];
      const float = FLOAT.test(piece);
      floats[i] = float;
      if (!float) {
        if (!Number.isSafeInteger(v) || LEADING_ZERO.test(piece)) return undefined;
        if (v === 0) items[i] = 0; // Python's int -0 is 0; only a float (`-0.0`) is -0.0
      }
    }
    this.at = end;
    return { kind: 'list', items, tuple: false, names: new Array<null>(n).fill(null), floats };
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
    const depth = level + (sign ? 1 : 0);
    if (depth > this.depthLeft) return undefined;
    if (depth > this.deepest) this.deepest = depth;
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
    this.float = point || exponent;
    const v = Number(t.slice(start, this.at));
    // An integer a double cannot hold exactly: leave it to the evaluator, which refuses it.
    if (!point && !exponent && !Number.isSafeInteger(v)) return undefined;
    // Python's int -0 is 0; only a float (`-0.0`, `-0e0`) is -0.0.
    if (sign < 0 && v === 0 && !point && !exponent) return 0;
    return sign < 0 ? -v : v;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Skipping: tree-sitter need not see the numbers at all
// ---------------------------------------------------------------------------------------------------------

/** Literals shorter than this are parsed by tree-sitter as usual (parsing them costs little). */
const MIN_BLANKED_LENGTH = 256;
/** Deepest nesting of a skipped literal (matrices are 2-D; a 3-D batch is the most seen in practice). */
const MAX_BLANKED_DEPTH = 4;

/** A skipped ("blanked") literal: its source text, its value (handed out once, then scanned again), its depth. */
interface BlankedLiteral {
  readonly text: string;
  value: PyList | undefined;
  /** The deepest expression level below the list that the evaluator's walk would reach. */
  readonly deepest: number;
}

/** The skipped literals of a tree, by the index where each starts. */
const blankedLiterals = new WeakMap<Tree, ReadonlyMap<number, BlankedLiteral>>();

/** Where tree-sitter should read a text (everything but the insides of its large numeric literals), and those literals. */
export interface BlankedText {
  /** tree-sitter's `includedRanges`: the text between the literals, each literal's brackets included. */
  readonly ranges: Range[];
  /** Each skipped literal (brackets included), by its start index. */
  readonly literals: ReadonlyMap<number, BlankedLiteral>;
}

/**
 * Finds every large rectangular list literal of plain numbers in the Python `text` and reads its numbers here;
 * tree-sitter then parses the text with the insides of those literals left out of its `includedRanges` (it
 * sees `[]` where thousands of number tokens were, and every node keeps its position in `text`), and the
 * evaluator takes the numbers read here ({@link evaluateListLiteral}). Strings and comments are skipped.
 * Undefined when nothing is worth skipping. The caller must check the parse with {@link registerBlanked},
 * which accepts it only if every skipped region is exactly a `list` node.
 */
export function blankNumericLiterals(text: string): BlankedText | undefined {
  if (!fastPath.enabled) return undefined;
  const literals = new Map<number, BlankedLiteral>();
  const ranges: Range[] = [];
  const points = new PointCounter(text);
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23) { // # comment: to the end of the line
      while (i < n && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x22 || c === 0x27) { // a string: skip to its closing quote
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      i += triple ? 3 : 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) { i += 2; continue; }
        if (d === c && (!triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) { if (triple) i += 2; break; }
        if (d === 0x0a && !triple) break;
        i++;
      }
    } else if (c === OPEN) {
      const scanner = new Scanner(text, MAX_BLANKED_DEPTH, i);
      const value = scanner.list(0);
      if (!value || !isRectangular(value)) continue;
      const end = scanner.at;
      if (end - i >= MIN_BLANKED_LENGTH) {
        ranges.push(points.range(from, i + 1));
        from = end - 1;
        literals.set(i, { text: text.slice(i, end), value, deepest: scanner.deepest });
      }
      i = end - 1;
    }
  }
  if (literals.size === 0) return undefined;
  ranges.push(points.range(from, n));
  return { ranges, literals };
}

/** Rows and columns (UTF-16 code units, as web-tree-sitter counts them) of increasing indexes of one text. */
class PointCounter {
  private index = 0;
  private row = 0;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  /** The point of `index`; indexes must not decrease from one call to the next. */
  point(index: number): Point {
    for (let nl = this.text.indexOf('\n', this.index); nl !== -1 && nl < index; nl = this.text.indexOf('\n', nl + 1)) {
      this.row++;
      this.lineStart = nl + 1;
    }
    this.index = index;
    return { row: this.row, column: index - this.lineStart };
  }

  range(start: number, end: number): Range {
    const startPosition = this.point(start);
    return { startIndex: start, endIndex: end, startPosition, endPosition: this.point(end) };
  }
}

/** Every list at one depth has the same length and holds only numbers or only lists. */
function isRectangular(v: PyList): boolean {
  const first = v.items[0];
  if (first === undefined || typeof first === 'number') return v.items.every((x) => typeof x === 'number');
  if (typeof first !== 'object' || first === null || !('kind' in first) || first.kind !== 'list') return false;
  const len = first.items.length;
  return v.items.every((x) => typeof x === 'object' && x !== null && 'kind' in x && x.kind === 'list' && x.items.length === len && isRectangular(x));
}

/**
 * Accepts a parse with {@link BlankedText.ranges}: true when every skipped region is exactly one `list` node of
 * `tree`; false when one is not (then parse the whole text). When accepted, the literals are known to
 * {@link evaluateListLiteral}.
 */
export function registerBlanked(tree: Tree, blanked: BlankedText): boolean {
  for (const [start, { text }] of blanked.literals) {
    const node = tree.rootNode.descendantForIndex(start, start + text.length);
    if (node?.type !== 'list' || node.startIndex !== start || node.endIndex !== start + text.length || node.hasError) return false;
  }
  blankedLiterals.set(tree, blanked.literals);
  return true;
}
