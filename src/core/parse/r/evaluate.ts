/**
 * Evaluates the R expressions that build matrices, safely (nothing is executed): numbers, `pi`, `TRUE`/`FALSE`,
 * names defined earlier, `c()`, `a:b`, `seq()`, `rep()`, `matrix()`, `rbind()`, `cbind()`, `t()`, `diag()`,
 * `array(…, dim = c(r, c))`, `nrow()`/`ncol()`/`length()`, `sqrt`/`exp`/`log`/`abs`, element-wise `+ - * / ^`
 * and `%*%`. Anything else throws {@link NotModelled} (the statement is skipped quietly).
 */
import { InputError } from '../../errors';
import type { Token } from '../literal/tokens';
import type { ParseLimits } from '../types';
import { checkSize } from '../literal/report';
import type { RArg, RNode } from './parser';
import { NotModelled, type RValue, bind, dims, entry, fillMatrix, fromRowsR } from './values';

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, TRUE: 1, T: 1, FALSE: 0, F: 0, Inf: Infinity };
const MATH: Readonly<Record<string, (x: number) => number>> = { sqrt: Math.sqrt, exp: Math.exp, log: Math.log, abs: Math.abs };
const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b, '**': (a, b) => a ** b,
};

/**
 * Evaluates R expressions against the names defined so far, within the same budgets as the Python evaluator:
 * expressions nest at most `limits.maxNestingDepth` deep, and one evaluator (one document) spends at most
 * `limits.maxWork` element operations in all (a `%*%` of `n × k` by `k × m` costs `n·k·m`).
 */
export class REvaluator {
  private depth = 0;
  private work = 0;

  constructor(
    private readonly toks: readonly Token[],
    private readonly env: ReadonlyMap<string, RValue>,
    private readonly limits: ParseLimits,
  ) {}

  /**
   * The value of `n`.
   * @throws NotModelled when the expression is outside what is modelled; InputError when it is wrong
   * (ragged `rbind`, data that do not fill a `matrix`, non-conformable `%*%`, a limit exceeded).
   */
  value(n: RNode): RValue {
    if (this.depth >= this.limits.maxNestingDepth) {
      throw new InputError(`expression nested deeper than ${this.limits.maxNestingDepth} levels (setting attentionExplorer.limits.maxNestingDepth)`);
    }
    this.depth++;
    try {
      const v = this.evaluate(n);
      this.spend(v.data.length); // every value made costs its size (the memory half of the budget)
      return v;
    } finally {
      this.depth--;
    }
  }

  /**
   * Counts `ops` element operations against the document's budget.
   * @throws InputError when the budget is spent.
   */
  private spend(ops: number): void {
    this.work += ops;
    if (!(this.work <= this.limits.maxWork)) {
      throw new InputError(`this file needs more than ${this.limits.maxWork} operations to evaluate: analysis stopped (work budget)`);
    }
  }

  private evaluate(n: RNode): RValue {
    this.spend(1);
    switch (n.kind) {
      case 'num': {
        const x = Number(n.text.replace(/L$/, ''));
        if (Number.isNaN(x)) throw new NotModelled();
        return { data: [x] };
      }
      case 'name': {
        const v = this.env.get(n.name);
        if (v) return v;
        if (n.name in CONSTANTS) return { data: [CONSTANTS[n.name]] };
        throw new NotModelled();
      }
      case 'unary': {
        const v = this.value(n.arg);
        this.spend(v.data.length);
        if (n.op === '-') return { ...v, data: v.data.map((x) => -x) };
        if (n.op === '+') return v;
        throw new NotModelled();
      }
      case 'binary': return this.binary(n.op, n.left, n.right);
      case 'call': return this.call(n);
      default: throw new NotModelled();
    }
  }

  private scalar(n: RNode): number {
    const v = this.value(n);
    if (v.data.length !== 1) throw new NotModelled();
    return v.data[0];
  }

  private binary(op: string, l: RNode, r: RNode): RValue {
    if (op === ':') {
      const from = this.scalar(l);
      const to = this.scalar(r);
      const count = Math.floor(Math.abs(to - from) + 1e-10) + 1;
      if (!Number.isFinite(count)) throw new NotModelled();
      checkSize(1, count, this.limits);
      this.spend(count);
      const step = to >= from ? 1 : -1;
      return { data: Array.from({ length: count }, (_, k) => from + step * k) };
    }
    if (op === '%*%') return this.matmul(l, r);
    const f = ARITHMETIC[op];
    if (!f) throw new NotModelled();
    const a = this.value(l);
    const b = this.value(r);
    if (a.dim && b.dim && (a.dim[0] !== b.dim[0] || a.dim[1] !== b.dim[1])) {
      throw new InputError(`${op}: non-conformable arrays (${a.dim.join(' × ')} and ${b.dim.join(' × ')})`);
    }
    const n = Math.max(a.data.length, b.data.length);
    this.spend(n);
    if (n % a.data.length !== 0 || n % b.data.length !== 0) throw new NotModelled();
    const data = Array.from({ length: n }, (_, k) => f(a.data[k % a.data.length], b.data[k % b.data.length]));
    const shape = a.dim ? a : b;
    return { data, ...(shape.dim ? { dim: shape.dim } : {}), ...(shape.rowNames ? { rowNames: shape.rowNames } : {}) };
  }

  private matmul(l: RNode, r: RNode): RValue {
    const a = this.value(l);
    const b = this.value(r);
    const [ar, ac] = a.dim ?? [1, a.data.length];
    const [br, bc] = b.dim ?? (ac === b.data.length ? [b.data.length, 1] : [1, b.data.length]);
    if (ac !== br) throw new InputError(`%*%: non-conformable arguments (${ar} × ${ac} and ${br} × ${bc})`);
    checkSize(ar, bc, this.limits);
    this.spend(ar * bc * Math.max(1, ac));
    const bv: RValue = { data: b.data, dim: [br, bc] };
    const rows = Array.from({ length: ar }, (_, i) => Array.from({ length: bc }, (_, j) => {
      let s = 0;
      for (let k = 0; k < ac; k++) s += entry(a, i, k) * entry(bv, k, j);
      return s;
    }));
    return fromRowsR(rows, a.rowNames);
  }

  private call(n: Extract<RNode, { kind: 'call' }>): RValue {
    if (n.fn.kind !== 'name') throw new NotModelled();
    const name = n.fn.name;
    const args = n.args;
    switch (name) {
      case 'c': {
        const parts = args.map((a) => this.value(a.value).data);
        const total = parts.reduce((k, p) => k + p.length, 0);
        checkSize(1, total, this.limits);
        this.spend(total);
        return { data: parts.flat() };
      }
      case 'matrix': {
        const m = matchArgs(args, ['data', 'nrow', 'ncol', 'byrow', 'dimnames']);
        const data = m.data ? this.value(m.data).data : [NaN];
        this.spend(data.length);
        return fillMatrix(data, m.nrow && this.scalar(m.nrow), m.ncol && this.scalar(m.ncol), m.byrow ? this.scalar(m.byrow) !== 0 : false, this.limits);
      }
      case 'array': {
        const m = matchArgs(args, ['data', 'dim', 'dimnames']);
        const dim = m.dim ? this.value(m.dim).data : undefined;
        if (!m.data || !dim || dim.length !== 2) throw new NotModelled();
        return fillMatrix(this.value(m.data).data, dim[0], dim[1], false, this.limits);
      }
      case 'rbind': case 'cbind': {
        const parts = args.filter((a) => a.name !== 'deparse.level' && a.name !== 'stringsAsFactors').map((a) => ({
          value: this.value(a.value),
          label: a.name ?? (a.value.kind === 'name' ? a.value.name : undefined),
        }));
        if (parts.length === 0) throw new NotModelled();
        this.spend(parts.reduce((k, p) => k + p.value.data.length, 0));
        return bind(parts, name === 'cbind', this.limits);
      }
      case 't': {
        const v = this.value(one(args));
        const [r, c] = dims(v);
        this.spend(r * c);
        return fromRowsR(Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => entry(v, i, j))));
      }
      case 'diag': return this.diag(args);
      case 'seq': {
        const m = matchArgs(args, ['from', 'to', 'by', 'length.out']);
        const from = m.from ? this.scalar(m.from) : 1;
        const to = m.to ? this.scalar(m.to) : 1;
        const by = m.by ? this.scalar(m.by) : to >= from ? 1 : -1;
        if (by === 0 || Math.sign(to - from) * Math.sign(by) < 0) throw new NotModelled();
        const count = Math.floor((to - from) / by + 1e-10) + 1;
        if (!Number.isFinite(count)) throw new NotModelled();
        checkSize(1, count, this.limits);
        this.spend(count);
        return { data: Array.from({ length: count }, (_, k) => from + by * k) };
      }
      case 'seq_len': {
        const count = this.scalar(one(args));
        if (!Number.isInteger(count) || count < 0) throw new NotModelled();
        checkSize(1, count, this.limits);
        this.spend(count);
        return { data: Array.from({ length: count }, (_, k) => k + 1) };
      }
      case 'rep': {
        const m = matchArgs(args, ['x', 'times', 'each', 'length.out']);
        const x = m.x ? this.value(m.x).data : [];
        const each = m.each ? this.scalar(m.each) : 1;
        const times = m.times ? this.scalar(m.times) : 1;
        if (!Number.isInteger(each) || each < 0 || !Number.isInteger(times) || times < 0) throw new NotModelled();
        checkSize(1, x.length * each * times, this.limits);
        this.spend(x.length * each * times);
        const once = x.flatMap((v) => new Array<number>(each).fill(v));
        return { data: Array.from({ length: times }, () => once).flat() };
      }
      case 'nrow': case 'ncol': case 'length': {
        const v = this.value(one(args));
        return { data: [name === 'length' ? v.data.length : dims(v)[name === 'nrow' ? 0 : 1]] };
      }
      case 'as.numeric': case 'as.double': case 'as.vector': return { data: this.value(one(args)).data };
      case 'as.matrix': {
        const v = this.value(one(args));
        return v.dim ? v : { data: v.data, dim: [v.data.length, 1] };
      }
      default: {
        const f = MATH[name];
        if (!f) throw new NotModelled();
        const v = this.value(one(args));
        this.spend(v.data.length);
        return { ...v, data: v.data.map(f) };
      }
    }
  }

  private diag(args: readonly RArg[]): RValue {
    const v = this.value(one(args)).data;
    const n = v.length === 1 ? v[0] : v.length;
    if (!Number.isInteger(n) || n < 1) throw new NotModelled();
    checkSize(n, n, this.limits);
    this.spend(n * n);
    return fromRowsR(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (v.length === 1 ? 1 : v[i]) : 0))));
  }

  /** The source text of a node (for messages and expressions). */
  text(n: RNode, source: string): string {
    const a = this.toks[n.start];
    const b = this.toks[n.end - 1];
    return a && b ? source.slice(a.start, b.end) : '';
  }
}

function one(args: readonly RArg[]): RNode {
  if (args.length < 1) throw new NotModelled();
  return args[0].value;
}

/** R's argument matching: exact names, then unique prefixes of the formals, then positions. */
function matchArgs(args: readonly RArg[], formals: readonly string[]): Partial<Record<string, RNode>> {
  const out: Partial<Record<string, RNode>> = {};
  const positional: RNode[] = [];
  for (const a of args) {
    if (a.name === undefined) { positional.push(a.value); continue; }
    const exact = formals.find((f) => f === a.name);
    const partial = formals.filter((f) => f.startsWith(a.name as string));
    const formal = exact ?? (partial.length === 1 ? partial[0] : undefined);
    if (!formal) throw new NotModelled();
    out[formal] = a.value;
  }
  for (const f of formals) if (out[f] === undefined && positional.length) out[f] = positional.shift();
  if (positional.length) throw new NotModelled();
  return out;
}
