/**
 * What the evaluator's parts (expressions, statements, calls, comprehensions, built-ins) need from each
 * other. The parts import only this interface; the evaluator (evaluator.ts) implements it and imports them,
 * so imports run one way.
 */
import type { Node } from './syntaxTree';
import type { Budget, LineRef } from './budget';
import type { CallContext } from './library';
import type { Scope } from './scope';
import type { PyValue } from './values';

export interface Interp {
  readonly ctx: CallContext;
  readonly budget: Budget;
  /** Evaluates an expression. @throws InputError for wrong input, NotEvaluable for what is not modelled. */
  expr(node: Node, scope: Scope): PyValue;
  /** Runs the statements of a block (a function body) in `scope`; `return` surfaces as {@link Return}. */
  block(block: Node, scope: Scope): void;
  /** Calls a callable value. `at` is the call's node (for lines in messages). */
  call(fn: PyValue, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>, at: Node, scope: Scope): PyValue;
  /** Binds a loop or comprehension target (`i`, `i, (a, b)`, `first, *rest`) in `scope`. */
  bindNames(target: Node, value: PyValue, scope: Scope): void;
  /** Python's truth value. @throws NotEvaluable for an array of more than one element (NumPy raises). */
  truthy(v: PyValue): boolean;
  /** The 1-based line of `node` in the document (for messages). */
  line(node: Node): number;
  /** The same, found only when needed (reading positions costs: the budget asks only when a limit is reached). */
  lineAt(node: Node): LineRef;
  /**
   * Runs `f` with `scope` as a live frame (a change in place elsewhere may have to update its names); `fn`
   * names the function whose call it is and its parameter list, so that the arrays the call binds (its arguments
   * too) are reported (CallFrame).
   */
  inFrame<T>(scope: Scope, f: () => T, fn?: { readonly name: string; readonly parameters: Node | null }): T;
}

/** `return` inside a function, carrying its value up to the call. */
export class Return {
  /** `int`: the value is an integral number that is a Python int by its syntax (floatSyntax.isIntSyntax). */
  constructor(readonly value: PyValue, readonly int = false) {}
}

/** `break` and `continue`, carried up to their loop. */
export class LoopJump {
  constructor(readonly kind: 'break' | 'continue') {}
}
