import type { SourceRange } from '../../range';
import type { PyValue } from './values';

/** Why a name has no value: a construct the evaluator does not model, or an error in its definition. */
export interface Unbound {
  readonly reason: string;
  readonly range: SourceRange;
  /** True when the definition is wrong (ragged rows, shape mismatch), not merely unsupported. */
  readonly isError: boolean;
  /** The unknown name it depends on, when that is why (`y = x + 1` where x is unknown). */
  readonly cause?: { readonly name: string; readonly why: Unbound };
  /**
   * The function it was passed to, when that is why (`attention(x, x, x, mask)` with an unknown mask): `reason`
   * then says so, and the chain of `cause` says why the call could not be evaluated.
   */
  readonly passedTo?: string;
  /**
   * The names whose data the unknown value may still share (`row` of `row = A[0]` after `A /= 2`; `v` of an
   * unknown `v = A[:, :n]`), looked up from the scope that holds this record when used: a later change in place
   * to it that cannot be evaluated makes them unknown too. Names, not scopes or values: a record is replayed
   * into the next run's scopes by the incremental evaluator.
   */
  readonly shares?: readonly string[];
}

/** What a statement did to a name: bound it, left it unbound (with why), or deleted it. */
/**
 * What the syntax says of an integral number a name holds, where that decides a dtype (floatSyntax.ts): a Python
 * float (`n = 6 / 2`), or of open kind, int or float (`s = cfg["scale"]`). Without one, an integral number is an int.
 */
export type NumberKind = 'float' | 'open';

export type Write = { readonly kind: 'set'; readonly value: PyValue; readonly number?: NumberKind } | { readonly kind: 'unbound'; readonly why: Unbound } | { readonly kind: 'delete' };

/** A Python scope: module, function locals or a comprehension, falling back to the enclosing scope for reads. */
export class Scope {
  private readonly vars = new Map<string, PyValue>();
  private readonly unbound = new Map<string, Unbound>();
  /**
   * The kinds of the numbers names hold ({@link NumberKind}): the numbers here are doubles, which do not tell 3.0
   * from 3. A float (`n = 6 / 2`), or of open kind (`s = cfg["scale"]`, a parameter given `params[1]`): where the
   * kind decides a dtype, such a value is refused (floatSyntax.isIntSyntax).
   */
  private readonly kinds = new Map<string, NumberKind>();
  /** When set, every change to this scope is recorded here (the effects of one statement, for the incremental evaluator). */
  journal: Map<string, Write> | undefined;
  /** When set, every change is also recorded here (the evaluator's own record of one top-level statement). */
  trace: Map<string, Write> | undefined;

  /**
   * @param parent the enclosing scope, read when a name is not bound here
   * @param locals the names local to this scope (Python decides this per function, before it runs): reading
   *   one that is not bound yet does not fall back to the enclosing scope
   */
  constructor(readonly parent?: Scope, readonly locals?: ReadonlySet<string>) {
    this.sole = parent ? parent.sole : new WeakSet();
  }

  /**
   * Objects bound to one name only that nothing has read since they were made (the fresh result of an item
   * assignment, `A[i] = v`): a change in place to one of them has no other holder to look for (evaluator.ts,
   * `changedInPlace`). Every read through {@link get} ends it. One set for a scope and the scopes inside it.
   */
  readonly sole: WeakSet<object>;

  get(name: string): PyValue | undefined {
    if (this.vars.has(name)) {
      const v = this.vars.get(name);
      if (typeof v === 'object' && v !== null) this.sole.delete(v);
      return v;
    }
    if (this.unbound.has(name) || this.locals?.has(name)) return undefined;
    return this.parent?.get(name);
  }

  /** The value of `name` without reading it for the program (it stays {@link sole}): for the evaluator's bookkeeping. */
  peek(name: string): PyValue | undefined {
    if (this.vars.has(name)) return this.vars.get(name);
    if (this.unbound.has(name) || this.locals?.has(name)) return undefined;
    return this.parent?.peek(name);
  }

  /** True when `name` is local here but not bound yet (Python's UnboundLocalError on a read). */
  isUnsetLocal(name: string): boolean {
    if (this.vars.has(name) || this.unbound.has(name)) return false;
    if (this.locals?.has(name)) return true;
    return this.parent?.isUnsetLocal(name) ?? false;
  }

  /** Why `name` has no value, if it was defined but could not be evaluated. */
  whyUnbound(name: string): Unbound | undefined {
    if (this.vars.has(name)) return undefined;
    if (this.unbound.has(name)) return this.unbound.get(name);
    if (this.locals?.has(name)) return undefined;
    return this.parent?.whyUnbound(name);
  }

  /** The scope that binds `name` (this one when none does: an assignment makes it local here). */
  owner(name: string): Scope {
    if (this.vars.has(name) || this.unbound.has(name) || this.locals?.has(name) || !this.parent) return this;
    const up = this.parent.owner(name);
    return up.binds(name) ? up : this;
  }

  /** True when this scope binds `name` (with a value or unknown) or declares it local. */
  binds(name: string): boolean {
    return this.vars.has(name) || this.unbound.has(name) || (this.locals?.has(name) ?? false);
  }

  /**
   * Binds `name`; `number`: what the syntax that made the value says of it when it is a number (a float, or of open
   * kind: only integral numbers are).
   */
  set(name: string, value: PyValue, number?: NumberKind): void {
    this.unbound.delete(name);
    this.vars.set(name, value);
    const kind = typeof value !== 'number' || number === undefined || (number === 'open' && !Number.isInteger(value)) ? undefined : number;
    if (kind) this.kinds.set(name, kind);
    else this.kinds.delete(name);
    const w: Write = kind ? { kind: 'set', value, number: kind } : { kind: 'set', value };
    this.journal?.set(name, w);
    this.trace?.set(name, w);
  }

  /**
   * True when `name` holds a Python float: a number with a fraction, or one bound with `float` (an integral
   * number bound any other way is taken for an int, as the evaluator always did).
   */
  isFloat(name: string): boolean {
    if (this.vars.has(name)) {
      const v = this.vars.get(name);
      return typeof v === 'number' && (this.kinds.get(name) === 'float' || !Number.isInteger(v));
    }
    if (this.unbound.has(name) || this.locals?.has(name)) return false;
    return this.parent?.isFloat(name) ?? false;
  }

  /** True when `name` holds an integral number whose int-or-float kind the code leaves open (see {@link kinds}). */
  isOpenKind(name: string): boolean {
    if (this.vars.has(name)) return this.kinds.get(name) === 'open';
    if (this.unbound.has(name) || this.locals?.has(name)) return false;
    return this.parent?.isOpenKind(name) ?? false;
  }

  /**
   * Marks the number `name` holds here as of `kind`, after it was bound: a Python float (`n = 6 / 2`), or of open
   * kind (`s = cfg["scale"]`; a float stays a float).
   */
  markNumber(name: string, kind: NumberKind): void {
    const v = this.vars.get(name);
    const now = this.kinds.get(name);
    if (typeof v === 'number' && now !== kind && now !== 'float') this.set(name, v, kind);
  }

  markUnbound(name: string, why: Unbound): void {
    this.vars.delete(name);
    this.kinds.delete(name);
    this.unbound.set(name, why);
    const w: Write = { kind: 'unbound', why };
    this.journal?.set(name, w);
    this.trace?.set(name, w);
  }

  delete(name: string): void {
    this.vars.delete(name);
    this.kinds.delete(name);
    this.unbound.delete(name);
    const w: Write = { kind: 'delete' };
    this.journal?.set(name, w);
    this.trace?.set(name, w);
  }

  /** The bound names of this scope and their values. */
  entries(): IterableIterator<[string, PyValue]> {
    return this.vars.entries();
  }

  /** The names of this scope bound to exactly `value` (the same object). */
  *aliasesOf(value: PyValue): IterableIterator<[string, PyValue]> {
    for (const [k, v] of this.vars) if (v === value) yield [k, v];
  }

  /** Applies recorded effects (replaying a statement without running it). */
  apply(writes: ReadonlyMap<string, Write>): void {
    for (const [name, w] of writes) {
      if (w.kind === 'set') this.set(name, w.value, w.number);
      else if (w.kind === 'unbound') this.markUnbound(name, w.why);
      else this.delete(name);
    }
  }
}

/** The scopes of comprehensions being run: an assignment expression in one binds in the scope around it (PEP 572). */
export const comprehensionScopes = new WeakSet<Scope>();

