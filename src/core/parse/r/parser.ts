/**
 * A Pratt parser for the R expressions matrices are written with: numbers, names, calls with named
 * arguments, unary and binary operators with R's precedence (`^` binds tighter than unary minus, `-1:3` is
 * `(-1):3`), assignments (`<-`, `=`, `->`), braces, and `function`/`if`/`for`/`while` whose bodies are parsed
 * too. A newline ends an expression outside parentheses when the expression is complete, as in R.
 */
import { InputError } from '../../errors';
import type { Token } from '../literal/tokens';

/** An R expression. `start`/`end` are token indexes (inclusive start, exclusive end). */
export type RNode =
  | { readonly kind: 'num'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'str'; readonly start: number; readonly end: number }
  | { readonly kind: 'call'; readonly fn: RNode; readonly args: readonly RArg[]; readonly start: number; readonly end: number }
  | { readonly kind: 'unary'; readonly op: string; readonly arg: RNode; readonly start: number; readonly end: number }
  | { readonly kind: 'binary'; readonly op: string; readonly left: RNode; readonly right: RNode; readonly start: number; readonly end: number }
  | { readonly kind: 'block'; readonly body: readonly RNode[]; readonly start: number; readonly end: number }
  | { readonly kind: 'other'; readonly parts: readonly RNode[]; readonly start: number; readonly end: number };

/** A call argument: `value`, or `name = value`. */
export interface RArg {
  readonly name?: string;
  readonly value: RNode;
}

const BINARY: Readonly<Record<string, readonly [number, 'left' | 'right']>> = {
  '?': [1, 'left'], '=': [2, 'right'], '<-': [3, 'right'], '<<-': [3, 'right'], '->': [4, 'left'], '->>': [4, 'left'],
  '~': [5, 'left'], '||': [6, 'left'], '|': [6, 'left'], '&&': [7, 'left'], '&': [7, 'left'],
  '==': [9, 'left'], '!=': [9, 'left'], '<': [9, 'left'], '>': [9, 'left'], '<=': [9, 'left'], '>=': [9, 'left'],
  '+': [10, 'left'], '-': [10, 'left'], '*': [11, 'left'], '/': [11, 'left'], '|>': [12, 'left'], ':': [13, 'left'],
  '^': [15, 'right'], '**': [15, 'right'], '$': [16, 'left'], '@': [16, 'left'], '::': [17, 'left'], ':::': [17, 'left'],
};
const UNARY_MINUS = 14;
const CONTROL = new Set(['function', 'if', 'for', 'while', 'repeat']);

/** Parses R tokens into top-level expressions; malformed parts become `other` nodes, never exceptions. */
export class RParser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly toks: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  /**
   * Every top-level expression, in order.
   * @throws InputError when expressions nest deeper than the limit.
   */
  program(): RNode[] {
    const out: RNode[] = [];
    while (this.i < this.toks.length) {
      this.skip('newline', 'semi');
      if (this.i >= this.toks.length) break;
      const before = this.i;
      out.push(this.expr(0, false));
      if (this.i === before) this.i++; // a stray `)` or `,`: skip it
    }
    return out;
  }

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private skip(...kinds: Token['kind'][]): void {
    while (this.i < this.toks.length && kinds.includes(this.toks[this.i].kind)) this.i++;
  }

  /** An expression whose operators bind tighter than `minBp`; `nested` = inside parentheses (newlines ignored). */
  private expr(minBp: number, nested: boolean): RNode {
    if (++this.depth > this.maxDepth) throw new InputError(`expressions nested deeper than ${this.maxDepth} levels`);
    try {
      let left = this.prefix(nested);
      for (;;) {
        if (nested) this.skip('newline');
        const t = this.peek();
        if (!t) break;
        if (t.kind === 'open' && (t.text === '(' || t.text === '[')) {
          left = this.postfix(left, t.text);
          continue;
        }
        if (t.kind !== 'op') break;
        const op = BINARY[t.text] ?? (t.text.startsWith('%') && t.text.length > 1 ? ([12, 'left'] as const) : undefined);
        if (!op || op[0] < minBp) break;
        this.i++;
        this.skip('newline');
        const right = this.expr(op[1] === 'right' ? op[0] : op[0] + 1, nested);
        left = { kind: 'binary', op: t.text, left, right, start: left.start, end: right.end };
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  private prefix(nested: boolean): RNode {
    this.skip('newline');
    const start = this.i;
    const t = this.peek();
    if (!t) return { kind: 'other', parts: [], start, end: start };
    this.i++;
    if (t.kind === 'num') return { kind: 'num', text: t.text, start, end: this.i };
    if (t.kind === 'str') return { kind: 'str', start, end: this.i };
    if (t.kind === 'ident' && CONTROL.has(t.text)) return this.control(t.text, start, nested);
    if (t.kind === 'ident') return { kind: 'name', name: t.text.replace(/^`|`$/g, ''), start, end: this.i };
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~' || t.text === '?')) {
      const arg = this.expr(t.text === '!' ? 8 : UNARY_MINUS, nested);
      return { kind: 'unary', op: t.text, arg, start, end: arg.end };
    }
    if (t.kind === 'open' && t.text === '(') {
      const inner = this.expr(0, true);
      this.skip('newline');
      if (this.peek()?.text === ')') this.i++;
      return { ...inner, start, end: this.i } as RNode;
    }
    if (t.kind === 'open' && t.text === '{') {
      const body: RNode[] = [];
      for (;;) {
        this.skip('newline', 'semi');
        const n = this.peek();
        if (!n || n.text === '}') break;
        const before = this.i;
        body.push(this.expr(0, false));
        if (this.i === before) this.i++;
      }
      if (this.peek()?.text === '}') this.i++;
      return { kind: 'block', body, start, end: this.i };
    }
    return { kind: 'other', parts: [], start, end: this.i };
  }

  /** `f(args)` or `x[i]`/`x[[i]]` (indexing is kept as `other`). */
  private postfix(fn: RNode, open: string): RNode {
    this.i++;
    const args: RArg[] = [];
    const close = open === '(' ? ')' : ']';
    for (;;) {
      this.skip('newline');
      const t = this.peek();
      if (!t) break;
      if (t.text === close) { this.i++; break; }
      if (t.kind === 'comma') { this.i++; continue; }
      if (t.kind === 'close') { this.i++; break; }
      const named = (t.kind === 'ident' || t.kind === 'str') && this.toks[this.i + 1]?.text === '=' ? t.text.replace(/^[`'"]|[`'"]$/g, '') : undefined;
      if (named !== undefined) this.i += 2;
      const before = this.i;
      const value = this.expr(3, true);
      if (this.i === before) this.i++;
      args.push(named !== undefined ? { name: named, value } : { value });
    }
    if (open === '[' && this.peek()?.text === ']' && this.toks[this.i - 1]?.text === ']') this.i++; // x[[i]]
    return open === '(' ? { kind: 'call', fn, args, start: fn.start, end: this.i } : { kind: 'other', parts: [fn, ...args.map((a) => a.value)], start: fn.start, end: this.i };
  }

  /** `function(x) body`, `if (c) a else b`, `for (x in s) body`, `while (c) body`, `repeat body`. */
  private control(word: string, start: number, nested: boolean): RNode {
    const parts: RNode[] = [];
    if (word !== 'repeat' && this.peek()?.text === '(') parts.push(this.postfix({ kind: 'other', parts: [], start, end: start + 1 }, '('));
    parts.push(this.expr(word === 'function' ? 3 : 0, nested));
    if (word === 'if') {
      const save = this.i;
      this.skip('newline');
      if (this.peek()?.text === 'else') { this.i++; parts.push(this.expr(0, nested)); } else if (!nested) this.i = save;
    }
    return { kind: 'other', parts, start, end: this.i };
  }
}
