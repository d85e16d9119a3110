import type { SourceRange } from '../../range';
import type { PyValue } from './values';

/** Why a name has no value: a construct the evaluator does not model, or an error in its definition. */
export interface Unbound {
  readonly reason: string;
  readonly range: SourceRange;
  /** True when the definition is wrong (ragged rows, shape mismatch), not merely unsupported. */
  readonly isError: boolean;
}

/** A Python scope: module or function locals, falling back to the enclosing scope for reads. */
export class Scope {
  private readonly vars = new Map<string, PyValue>();
  private readonly unbound = new Map<string, Unbound>();

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
  }

  markUnbound(name: string, why: Unbound): void {
    this.vars.delete(name);
    this.unbound.set(name, why);
  }

  delete(name: string): void {
    this.vars.delete(name);
    this.unbound.delete(name);
  }
}
