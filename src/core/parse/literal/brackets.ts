/**
 * The bracket syntax MATLAB and Julia share: `[1 0 2; 0 1 1]`, commas or spaces between entries, `;` or a
 * newline between rows, nested brackets and names of earlier matrices as blocks, `'` transposes. Inside
 * brackets a space separates entries unless it stands between an operand and a binary operator: `[1 -2]` is
 * two entries and `[1 - 2]` one (a `+`/`-` preceded by a space and followed by none starts an entry).
 */
import { InputError } from '../../errors';
import { evaluateElement } from '../element';
import type { ParseLimits } from '../types';
import { type Block, hcat, scalarBlock, transpose, vcat } from './blocks';
import type { Token } from './tokens';

/** What differs between MATLAB and Julia. */
export interface BracketDialect {
  /**
   * Julia: `[1, 2, 3]` is a vector (shown `1 × n`), `[v1, v2]` a vector of vectors (shown as rows), a newline
   * after `,` or `;` is only whitespace, and vertical concatenation of numbers gives a vector.
   */
  readonly julia: boolean;
  /** The element's text in mathjs syntax (e.g. Julia's `π` → `pi`). */
  readonly elementText: (tokens: readonly Token[]) => string;
  /** Type names that may prefix a literal: Julia's `Float64[1 2; 3 4]`. */
  readonly typePrefixes: ReadonlySet<string>;
}

/** The value of a bracket literal, with row labels when each row is a named vector. */
export interface BracketValue {
  readonly block: Block;
  readonly labels?: string[];
}

/** Names of earlier matrices, usable as blocks. */
export type BlockEnv = ReadonlyMap<string, Block>;

interface Split {
  readonly rows: Token[][][];
  readonly close: number;
  /** True when only commas separated the entries (Julia's vector syntax). */
  readonly commasOnly: boolean;
}

const OPERAND_END = new Set(['num', 'ident', 'str', 'close', 'quote']);

/** Index of the `]` (or other closer) matching the opener at `open`, or -1. */
export function matching(toks: readonly Token[], open: number, end = toks.length): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (toks[i].kind === 'open') depth++;
    else if (toks[i].kind === 'close' && --depth === 0) return i;
  }
  return -1;
}

function startsOperand(t: Token, next: Token | undefined): boolean {
  if (t.kind === 'num' || t.kind === 'ident' || t.kind === 'str' || t.kind === 'open') return true;
  if (t.kind !== 'op') return false;
  if (t.text === '@' || t.text === '√') return true;
  return (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!') && next !== undefined && !next.space && next.kind !== 'newline';
}

/** Splits the bracket opened at `open` into rows of entries (each a list of tokens). */
function splitBracket(toks: readonly Token[], open: number, julia: boolean): Split | undefined {
  const rows: Token[][][] = [];
  let row: Token[][] = [];
  let entry: Token[] = [];
  let depth = 0;
  let commasOnly = true;
  let last: Token = toks[open];
  const endEntry = (): void => {
    if (entry.length) row.push(entry);
    entry = [];
  };
  const endRow = (): void => {
    endEntry();
    if (row.length) rows.push(row);
    row = [];
  };
  for (let i = open + 1; i < toks.length; i++) {
    const t = toks[i];
    if (depth === 0) {
      if (t.kind === 'close') {
        if (t.text !== ']') return undefined;
        endRow();
        return { rows, close: i, commasOnly };
      }
      if (t.kind === 'comma') { endEntry(); last = t; continue; }
      if (t.kind === 'semi') { endRow(); commasOnly = false; last = t; continue; }
      if (t.kind === 'newline') {
        if (julia && (last.kind === 'comma' || last.kind === 'semi' || last === toks[open])) continue;
        if (entry.length || row.length) commasOnly = false;
        endRow();
        last = t;
        continue;
      }
      const prev = entry[entry.length - 1];
      if (prev && t.space && OPERAND_END.has(prev.kind) && startsOperand(t, toks[i + 1])) {
        endEntry();
        commasOnly = false;
      }
    }
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    entry.push(t);
    last = t;
  }
  return undefined;
}

/** Reads MATLAB/Julia bracket literals into blocks, with the names defined so far. */
export class BracketReader {
  constructor(
    private readonly dialect: BracketDialect,
    private readonly env: BlockEnv,
    private readonly limits: ParseLimits,
  ) {}

  /**
   * The value of the bracket literal opened at `toks[open]` and closed at `toks[close]`: undefined when an
   * entry is not a number, a nested literal or a known name (the literal is then not a numeric matrix).
   * @throws InputError for ragged rows, blocks that do not fit, or nesting deeper than the limit.
   */
  read(toks: readonly Token[], open: number, depth = 0): (BracketValue & { close: number }) | undefined {
    if (depth > this.limits.maxNestingDepth) throw new InputError(`brackets nested deeper than ${this.limits.maxNestingDepth} levels`);
    const split = splitBracket(toks, open, this.dialect.julia);
    if (!split) return undefined;
    const value = this.dialect.julia && split.commasOnly ? this.vect(split, depth) : this.concat(split, depth);
    return value && { ...value, close: split.close };
  }

  /** `[a b; c d]`: entries side by side, rows stacked. */
  private concat(split: Split, depth: number): BracketValue | undefined {
    const rowBlocks: Block[] = [];
    const labels: string[] = [];
    for (const [r, row] of split.rows.entries()) {
      const entries = row.map((e) => this.entry(e, depth));
      if (entries.some((e) => e === undefined)) return undefined;
      const blocks = entries.map((e) => (e as Entry).block);
      rowBlocks.push(blocks.length === 1 ? blocks[0] : hcat(blocks, r, this.limits));
      const only = entries.length === 1 ? entries[0] : undefined;
      labels.push(only?.name && only.block.rows === 1 ? only.name : '');
    }
    const block = vcat(rowBlocks, this.limits, this.dialect.julia);
    return { block, ...(labels.length > 1 && labels.every((l) => l !== '') ? { labels } : {}) };
  }

  /** Julia's `[a, b, c]`: a vector of numbers, or a vector of vectors (shown as rows). */
  private vect(split: Split, depth: number): BracketValue | undefined {
    const entries = split.rows.flat().map((e) => this.entry(e, depth));
    if (entries.some((e) => e === undefined)) return undefined;
    const items = entries as Entry[];
    if (items.every((e) => e.block.scalar)) {
      return { block: { rows: items.length, cols: 1, data: items.map((e) => e.block.data[0]), vector: true } };
    }
    if (!items.every((e) => e.block.vector || e.block.rows === 1)) return undefined;
    const rows = items.map((e) => ({ rows: 1, cols: e.block.data.length, data: e.block.data }));
    const block = vcat(rows, this.limits, false);
    const labels = items.map((e) => e.name ?? '');
    return { block, ...(labels.length > 1 && labels.every((l) => l !== '') ? { labels } : {}) };
  }

  /** One entry: a nested literal, a name, or a number expression; then any transposes. */
  private entry(tokens: readonly Token[], depth: number): Entry | undefined {
    let n = tokens.length;
    let flips = 0;
    while (n > 1 && tokens[n - 1].kind === 'quote') { n--; flips++; }
    const core = tokens.slice(0, n);
    let result: Entry | undefined;
    const first = core[0];
    const typed = this.dialect.typePrefixes.has(first.text) && core[1]?.text === '[' && !core[1].space ? 1 : 0;
    if (core[typed].text === '[' && matching(core, typed) === n - 1) {
      const inner = this.read(core, typed, depth + 1);
      result = inner && { block: inner.block };
    } else if (n === 1 && first.kind === 'ident' && this.env.has(first.text)) {
      result = { block: this.env.get(first.text) as Block, name: first.text };
    } else {
      result = this.scalar(core);
    }
    if (!result) return undefined;
    return flips % 2 ? { block: transpose(result.block), ...(result.name ? { name: result.name } : {}) } : result;
  }

  private scalar(tokens: readonly Token[]): Entry | undefined {
    if (tokens.some((t) => t.kind === 'str' || t.kind === 'comma' || t.kind === 'semi' || (t.kind === 'op' && t.text === '='))) return undefined;
    try {
      return { block: scalarBlock(evaluateElement(this.dialect.elementText(tokens.filter((t) => t.kind !== 'newline')), 'entry')) };
    } catch (e) {
      if (e instanceof InputError) return undefined;
      throw e;
    }
  }
}

interface Entry {
  readonly block: Block;
  readonly name?: string;
}

/** Joins tokens back into text, a space where the source had one (`1 - 2`, `-2`, `sqrt(2)`). */
export function joinTokens(tokens: readonly Token[], map: (t: Token) => string = (t) => t.text): string {
  return tokens.map((t, i) => (i > 0 && t.space ? ' ' : '') + map(t)).join('');
}
