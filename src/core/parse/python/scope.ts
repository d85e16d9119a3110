import type { SourceRange } from '../../range';
import type { PyValue } from './values';

/** Why a name has no value: a construct the evaluator does not model, or an error in its definition. */
export interface Unbound {
  readonly reason: string;
  readonly range: SourceRange;
  /** True when the definition is wrong (ragged rows, shape mismatch), not merely unsupported. */
  readonly isError: boolean;
}

/** What a statement did to a name: bound it, left it unbound (with why), or deleted it. */
export type Write = { readonly kind: 'set'; readonly value: PyValue } | { readonly kind: 'unbound'; readonly why: Unbound } | { readonly kind: 'delete' };

/** A Python scope: module or function locals, falling back to the enclosing scope for reads. */
export class Scope {
  private readonly vars = new Map<string, PyValue>();
  private readonly unbound = new Map<string, Unbound>();
  /** When set, every change to this scope is recorded here (the effects of one statement). */
  journal: Map<string, Write> | undefined;

  constructor(readonly parent?: Scope) {}

  get(name: string): PyValue | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.unbound.has(name) ? undefined : this.parent?.get(name);
  }

  /** Why `name` has no value, if it was defined but could not be evaluated. */
  whyUnbound(name: string): Unbound | undefined {
    return this.vars.has(name) ? undefined : this.unbound.get(name) ?? this.parent?.whyUnbound(name);
  }

  set(name: string, value: PyValue): void {
    this.unbound.delete(name);
    this.vars.set(name, value);
    this.journal?.set(name, { kind: 'set', value });
  }

  markUnbound(name: string, why: Unbound): void {
    this.vars.delete(name);
    this.unbound.set(name, why);
    this.journal?.set(name, { kind: 'unbound', why });
  }

  delete(name: string): void {
    this.vars.delete(name);
    this.unbound.delete(name);
    this.journal?.set(name, { kind: 'delete' });
  }

  /** The names of this scope bound to exactly `value` (the same object). */
  *aliasesOf(value: PyValue): IterableIterator<[string, PyValue]> {
    for (const [k, v] of this.vars) if (v === value) yield [k, v];
  }

  /** Applies recorded effects (replaying a statement without running it). */
  apply(writes: ReadonlyMap<string, Write>): void {
    for (const [name, w] of writes) {
      if (w.kind === 'set') this.set(name, w.value);
      else if (w.kind === 'unbound') this.markUnbound(name, w.why);
      else this.delete(name);
    }
  }
}
