/**
 * Reads nested brace or bracket lists (`{{1, 2}, {3, 4}}`, `[[1.0, 2.0], [3.0, 4.0]]`, `vec![vec![…]]`,
 * `new double[][] {new double[] {…}}`, `[][]float64{{…}}`, Rust's `[0.0; 3]`) into rows of numbers.
 */
import { InputError } from '../../errors';
import type { Grid } from '../literal/report';
import type { ParseLimits } from '../types';
import { evaluateEntry } from './element';
import type { CToken } from './lexer';

/** The bracket structure of a token list: matching closers and openers, and the enclosing opener of each token. */
export interface Structure {
  readonly toks: readonly CToken[];
  /** For an opener, the index of its closer (-1 when unclosed); for a closer, the index of its opener. */
  readonly match: Int32Array;
  /** The index of the opener enclosing each token (-1 at top level). */
  readonly parent: Int32Array;
}

/** Matches brackets in one pass (a mismatched closer closes the innermost opener). */
export function structure(toks: readonly CToken[]): Structure {
  const match = new Int32Array(toks.length).fill(-1);
  const parent = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  toks.forEach((t, i) => {
    if (t.kind === 'close') {
      const o = stack.pop();
      if (o !== undefined) { match[o] = i; match[i] = o; }
    }
    parent[i] = stack.length ? stack[stack.length - 1] : -1;
    if (t.kind === 'open') stack.push(i);
  });
  return { toks, match, parent };
}

type Lit = { readonly list: readonly Lit[] } | { readonly value: number };

/** Tokens that may precede a nested list as its type: `new double[]`, `vec!`, `[]float64`, `std::array<double, 2>`. */
function isPrefixToken(t: CToken): boolean {
  return t.kind === 'ident' || ['::', '.', '!', '&', '<', '>', '*'].includes(t.text) || t.kind === 'num' || t.kind === 'comma';
}

/** Reads the list literals of one source. */
export class ListReader {
  constructor(
    private readonly s: Structure,
    private readonly mathematica: boolean,
    private readonly limits: ParseLimits,
  ) {}

  /**
   * The rows of the list opened at `open`: undefined when an entry is not a number (or the nesting mixes
   * numbers and lists); a flat list is one row.
   * @throws InputError for 3-D lists, nesting deeper than the limit, or more entries than the limit.
   */
  grid(open: number): Grid | undefined {
    const read = this.list(open, 0);
    if (!read) return undefined;
    let lits: readonly Lit[] = read;
    // `std::array` aggregates add a pair of braces: {{ {1, 2}, {3, 4} }}.
    while (lits.length === 1 && 'list' in lits[0] && lits[0].list.length > 0 && lits[0].list.every((x) => 'list' in x)) lits = lits[0].list;
    if (lits.every((x) => 'value' in x)) return { rows: [lits.map((x) => (x as { value: number }).value)] };
    if (!lits.every((x) => 'list' in x)) return undefined;
    const rows = lits.map((x, i) => {
      const row = (x as { list: readonly Lit[] }).list;
      if (row.some((y) => 'list' in y)) throw new InputError(`row ${i} is itself a matrix; 3-D arrays are not supported`);
      return row.map((y) => (y as { value: number }).value);
    });
    return { rows };
  }

  /** The flat entries of the list opened at `open` (for data reshaped by an explicit shape). */
  flat(open: number): number[] | undefined {
    const lits = this.list(open, 0);
    return lits?.every((x) => 'value' in x) ? lits.map((x) => (x as { value: number }).value) : undefined;
  }

  private list(open: number, depth: number): Lit[] | undefined {
    if (depth > this.limits.maxNestingDepth) throw new InputError(`lists nested deeper than ${this.limits.maxNestingDepth} levels`);
    const { toks, match } = this.s;
    const close = match[open];
    if (close < 0) return undefined;
    const items: [number, number][] = [];
    let from = open + 1;
    let repeat = -1;
    for (let i = open + 1; i < close; i++) {
      const t = toks[i];
      if (t.kind === 'open') { i = match[i] < 0 ? close : match[i]; continue; }
      if (t.kind === 'comma') { items.push([from, i]); from = i + 1; }
      if (t.kind === 'semi') { if (repeat >= 0 || items.length) return undefined; repeat = i; }
    }
    if (repeat >= 0) return this.repeated(open, repeat, close, depth);
    if (from < close) items.push([from, close]);
    if (items.length > this.limits.maxElements) throw new InputError(`more than ${this.limits.maxElements} entries (setting attentionExplorer.limits.maxMatrixElements)`);
    const out: Lit[] = [];
    for (const [a, b] of items) {
      const lit = this.item(a, b, depth);
      if (!lit) return undefined;
      out.push(lit);
    }
    return out;
  }

  /** Rust's `[value; count]`. */
  private repeated(open: number, semi: number, close: number, depth: number): Lit[] | undefined {
    const item = this.item(open + 1, semi, depth);
    const count = this.s.toks.slice(semi + 1, close);
    if (!item || count.length !== 1 || count[0].kind !== 'num') return undefined;
    const n = Number(count[0].text.replace(/_|usize$/g, ''));
    if (!Number.isInteger(n)) return undefined;
    if (n > this.limits.maxElements) throw new InputError(`[…; ${n}] has more than ${this.limits.maxElements} entries (setting attentionExplorer.limits.maxMatrixElements)`);
    return new Array<Lit>(n).fill(item);
  }

  /** One entry between commas: a nested list (after any type prefix) or a number. */
  private item(a: number, b: number, depth: number): Lit | undefined {
    const { toks, match } = this.s;
    const last = toks[b - 1];
    if (last?.kind === 'close' && (last.text === '}' || last.text === ']') && match[b - 1] >= a) {
      const open = match[b - 1];
      let prefix = true;
      for (let k = a; k < open && prefix; k++) {
        if (toks[k].text === '[' && match[k] > k && match[k] < open) k = match[k];
        else prefix = isPrefixToken(toks[k]) && toks[k].kind !== 'comma';
      }
      // `a[0]` is indexing and Mathematica's `Sqrt[2]` a call: a bracket list follows nothing, `!`, `&` or `mut`.
      const indexing = last.text === ']' && open > a && !['!', '&', 'mut'].includes(toks[open - 1].text);
      if (prefix && !indexing && !(this.mathematica && last.text === ']')) {
        const inner = this.list(open, depth + 1);
        return inner && { list: inner };
      }
    }
    try {
      return { value: evaluateEntry(toks.slice(a, b), this.mathematica, 'entry') };
    } catch (e) {
      if (e instanceof InputError) return undefined;
      throw e;
    }
  }
}
