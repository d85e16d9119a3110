/**
 * Evaluates the subset of Python that attention code is written in, on a tree-sitter syntax tree, without
 * running it: the parts live in their own modules (statements.ts, expressions.ts, functions.ts,
 * comprehensions.ts, builtins.ts, objectMethods.ts, operators.ts); this class holds the state of one
 * evaluation (scopes, frames, the budget, what is reported) and joins them.
 *
 * The rule: a name holds a value only when it is exactly what Python would compute at that line. A statement
 * that cannot be evaluated (a construct not modelled, a condition or loop that depends on an unknown value)
 * makes every name it may bind or change unknown from there on, with the reason and its line; the listener
 * hears of each (`unknown`), and of each wrong statement (`problem`).
 */
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import { type NDArray, NotReproduced, isNDArray } from '../../ndarray/ndarray';
import type { SourceRange } from '../../range';
import { holderTest, isMutable, noteView, reachableObjects } from './aliases';
import { Budget, type BudgetLimits, type LineRef } from './budget';
import { BUILTIN_NAMES, callBuiltin, callMath } from './builtins';
import { DependsOnUnknown, evaluate, FixableError } from './expressions';
import { callFunction } from './functions';
import { LoopJump, Return } from './interp';
import { type CallContext, NotEvaluable, callLibrary, canonicalPath } from './library';
import { withFloatLiterals } from './torchLiterals';
import { isFloatSyntax } from './floatSyntax';
import { callMethod } from './methods';
import { callObjectMethod, isMutatingCall, isMutatorName } from './objectMethods';
import { Scope, type Unbound } from './scope';
import { type StmtHost, assignTo, execStatement } from './statements';
import { afterFailedCall, callGeneratorMethod, checkIntegerLiterals, generatorOfCallee, InPlaceChange, skippedDraws } from './randomCalls';
import { forgetTorchAfterFailure } from './torchCalls';
import { isPythonScalarText, unknownScalarKind } from './arrayOperators';
import { methodOutIndex, outSlot } from './outArguments';
import { isTensor } from './tensorOrigin';
import { approximateConditionReason, carryApproximation, isShapeCall } from './approximation';
import { isApproximate } from './torchPrecision';
import { changesInputInPlace } from './torchModules';
import { carryLayout } from './torchLayout';
import { tensorInfo } from './frameworkTensor';
import { mayAssign, raggedRow, rootName } from './syntax';
import { inPlaceRoots, passedTo, viewSources } from './sharing';
import { type Kwargs, type PyFunction, type PyValue, isObject } from './values';
import { callBoundMethod, callObject, callObjectBuiltin, instantiate } from './classes';
import { typeName } from './values';
import { truthy } from './operators';
import type { ProblemParts } from '../problem';

/** Limits that bound evaluation whatever the input. */
export interface EvalLimits extends BudgetLimits {
  /** Deepest expression nesting accepted (e.g. `[[[…]]]`; a chain such as `a + b + c` counts once). */
  readonly maxNestingDepth: number;
}

/** What the evaluator tells its caller about each module-level statement. */
export interface EvalListener {
  /** A name was bound to a value by the statement `statement` (whose range is `range`). */
  bind(name: string, value: PyValue, range: SourceRange, statement: Node, nameRange: SourceRange | undefined): void;
  /** A bare expression statement produced a value. */
  expression(value: PyValue, range: SourceRange, statement: Node): void;
  /** A statement is wrong (ragged literal, shape mismatch…): an error for the user. */
  /** A wrong statement: what it raised (`cause`), what it defines (`subject`, `names`), where. */
  problem(parts: Omit<ProblemParts, 'source'>): void;
  /** A name lost its value (it is unknown from `why.range` on, for `why.reason`). */
  unknown?(name: string, why: Unbound): void;
  /**
   * A call of the program's function `fn`, made by the reported statement `call` outside any loop, returned:
   * what its body bound in straight-line code, with the statements that bound it (see CallFrame).
   */
  frame?(fn: string, call: SourceRange, bindings: readonly FrameBinding[]): void;
}

/** A name a function's body bound, its value when the call returned, and the statement that bound it. */
export interface FrameBinding {
  readonly name: string;
  readonly value: PyValue;
  readonly statement: Node;
  readonly range: SourceRange;
  readonly nameRange: SourceRange | undefined;
}

/** What one recorded call's body bound so far (null: this call is not recorded). */
type FrameRecord = { readonly fn: string; readonly level: number; readonly scope: Scope; readonly bindings: Map<string, FrameBinding> } | null;

export type StatementMode = 'report' | 'context' | 'skip';

/** Maps tree-sitter positions to document positions (a selection or a cell starts somewhere else). */
export type RangeMapper = (node: Node) => SourceRange;

/** Library functions whose result may share memory with an argument (NumPy returns a view). */
const VIEW_FUNCTIONS = new Set(['reshape', 'transpose', 'squeeze', 'expand_dims', 'ravel', 'swapaxes', 'moveaxis', 'asarray', 'asanyarray', 'atleast_1d', 'atleast_2d',
  'broadcast_to', 'diagonal', 't', 'unsqueeze', 'permute', 'narrow', 'flatten', 'view_as_real', 'from_numpy', 'as_tensor', 'real', 'squeeze_', 'select']);
/** Statements that bind a function, a class or a module: running one again changes no array's holders. */
const DEFINITIONS = new Set(['function_definition', 'decorated_definition', 'class_definition', 'import_statement', 'import_from_statement', 'comment']);
/** Array methods whose result may share memory with the array. */
const VIEW_METHODS = new Set(['transpose', 't', 'reshape', 'view', 'squeeze', 'unsqueeze', 'ravel', 'swapaxes', 'permute', 'expand', 'expand_as', 'flatten', 'view_as',
  'narrow', 'diagonal', 'numpy', 'detach', 'cpu', 'contiguous', 'float', 'double', 'astype', 'to', 'reshape_as', 'squeeze_', 'unflatten']);
/** Methods and functions that return a new array (a copy, never a view). */
const COPY_METHODS = new Set(['copy', 'clone']);
/** Builtins whose result shares nothing with their arguments (`max`, `list`, `sorted` may return or hold them). */
const FRESH_BUILTINS = new Set(['len', 'int', 'float', 'bool', 'str', 'abs', 'round', 'range', 'print', 'sum', 'repr', 'isinstance', 'type', 'hash', 'id', 'ord', 'chr', 'format', 'divmod', 'pow', 'any', 'all']);
const COPY_FUNCTIONS = new Set(['numpy.array', 'numpy.copy', 'torch.tensor', 'torch.clone', 'tensorflow.constant', 'tensorflow.Variable']);
/** NumPy functions whose result's dtype follows a Python float argument even when integral (`np.arange(6 / 2)` is float64). */
const FLOAT_ARGUMENT_DTYPE = new Set(['numpy.arange', 'numpy.full']);
/**
 * Element-wise NumPy functions whose dtype a Python float argument decides next to an int64 or bool array
 * (`np.where(m, 1.0, 0)`, `np.power(2.0, -k)`, `np.clip(ids, 0.0, 1.0)` are float64): an integral float argument
 * is passed as a Python float (was: the int64 dtype, and `np.power(2.0, -k)` raised NumPy's integer-power error).
 */
const FLOAT_ARGUMENT_UFUNCS = new Set(['numpy.where', 'numpy.clip', 'numpy.maximum', 'numpy.minimum', 'numpy.power', 'numpy.add', 'numpy.subtract',
  'numpy.multiply', 'numpy.floor_divide', 'numpy.mod', 'numpy.remainder']);

/** True when `path` is in {@link FLOAT_ARGUMENT_UFUNCS} and an argument is an int64 or bool NumPy array (no float32 one). */
function floatArgumentsDecide(path: string, args: readonly PyValue[], kwargs: Kwargs): boolean {
  if (!FLOAT_ARGUMENT_UFUNCS.has(path)) return false;
  const arrays = [...args, ...kwargs.values()].filter((v): v is NDArray => isNDArray(v) && !isTensor(v) && !tensorInfo(v));
  return arrays.some((a) => a.dtype === 'int64' || a.dtype === 'bool') && !arrays.some((a) => a.dtype === 'float32');
}
/** Library functions that change their array arguments in place. */
const MUTATING_FUNCTIONS = /(?:^|\.)(?:shuffle|copyto|put|place|putmask|fill_diagonal|put_along_axis|[a-z][a-z0-9_]*_)$|^(?:setattr|delattr|exec)$/;

/** `it depends on n, unknown from line 4: …` for a failure on unknown `name` (its first cause, like unknowns.ts). */
export class PythonEvaluator implements StmtHost {
  readonly budget: Budget;
  /** Top-level statements other than definitions and imports run so far (the incremental evaluator tells a replay from a run with it). */
  statementsRun = 0;
  /**
   * Searches of every scope for the holders of data changed in place so far: what such a statement makes
   * unknown depends on which names alias what, which equal values do not show (incremental.ts).
   */
  holderScans = 0;
  private depth = 0;
  /** The scopes of the calls and comprehensions being run (for changes in place). */
  private readonly frames: Scope[] = [];
  /** One entry per live frame: what it binds, when its call is recorded (see EvalListener.frame). */
  private readonly records: FrameRecord[] = [];
  /** >0 inside loops, calls and comprehensions: statements there are not reported one by one. */
  private plain = 0;
  private listener: EvalListener | undefined;
  /** The top-level statement being run. */
  private top: Node | undefined;
  /** The statement being run (the innermost one reported, for ranges and messages). */
  private statementNode: Node | undefined;
  /** Document ranges by syntax tree (a function may be called from a statement parsed apart from it). */
  private readonly mappers = new WeakMap<object, RangeMapper>();
  /** Ranges of functions kept from an earlier run (incremental.ts): per tree, the span of each `def` and its mapper. */
  private readonly keptMappers = new WeakMap<object, { readonly start: number; readonly end: number; readonly map: RangeMapper }[]>();
  /** The names reported with their value during the current top-level statement. */
  private readonly reported = new Map<string, PyValue>();
  /**
   * The objects changed in place during the current top-level statement, held weakly: a loop of `xs.append(…)`
   * replaces the list each time, and keeping every earlier copy alive ran out of memory (50,000 appends).
   */
  private changed = new WeakSet<object>();
  /** The arrays among {@link changed}, whose views {@link wasChanged} looks for. */
  private readonly changedArrays = new Set<NDArray>();

  readonly ctx: CallContext;

  constructor(
    ctx: CallContext,
    private readonly limits: EvalLimits,
    readonly module: Scope = new Scope(),
  ) {
    // Library calls report their inner attention through the context (CallContext.frames).
    this.ctx = { ...ctx, frames: { report: (fn, arrays) => this.reportFrame(fn, arrays) } };
    this.budget = new Budget(limits);
    this.module.set('__name__', '__main__');
  }

  /**
   * Runs the statements of `root` (a module) in order. `mode(statement)` says what to do with each:
   * `report` runs it and tells `listener`; `context` only updates the scope (code before a selection);
   * `skip` ignores it.
   */
  run(root: Node, toRange: RangeMapper, listener: EvalListener, mode: (statement: Node) => StatementMode): void {
    for (const st of root.namedChildren) {
      if (!st) continue;
      const m = mode(st);
      if (m !== 'skip') this.runStatement(st, toRange, m === 'report' ? listener : undefined);
    }
  }

  /** Runs one module-level statement, telling `listener` (when given) what it binds, what is wrong and unknown. */
  runStatement(st: Node, toRange: RangeMapper, listener: EvalListener | undefined): void {
    if (!DEFINITIONS.has(st.type)) this.statementsRun++;
    this.mappers.set(st.tree, toRange);
    this.top = st;
    this.listener = listener;
    this.reported.clear();
    this.changed = new WeakSet<object>();
    this.changedArrays.clear();
    this.depth = 0;
    this.plain = 0;
    this.frames.length = 0;
    this.records.length = 0;
    const trace = new Map<string, import('./scope').Write>();
    this.module.trace = trace;
    try {
      this.statement(st, this.module);
    } catch (e) {
      // `return`/`break` outside a function or loop: Python rejects the file; the statement is skipped.
      if (!(e instanceof Return) && !(e instanceof LoopJump)) throw e;
    } finally {
      this.module.trace = undefined;
      this.listener = undefined;
    }
    if (!listener) return;
    const range = toRange(st);
    for (const [name, w] of trace) {
      if (w.kind === 'set' && this.reported.get(name) !== w.value) listener.bind(name, w.value, range, st, undefined);
      else if (w.kind === 'unbound') listener.unknown?.(name, w.why);
      else if (w.kind === 'delete' && !name.startsWith('_')) listener.unknown?.(name, { reason: `${name} is deleted (del)`, range, isError: false });
    }
  }

  /** Runs one statement; a failure makes the names it may bind unknown (and is a problem when it is an error). */
  private statement(st: Node, scope: Scope): void {
    const outer = this.statementNode;
    this.statementNode = st;
    if (scope === this.module) this.ctx.random.beginStatement(st.text, (name) => scope.get(name));
    try {
      execStatement(this, st, scope);
    } catch (e) {
      if (e instanceof Return || e instanceof LoopJump) throw e;
      const err = normalise(e);
      if (!err) throw e;
      this.fail(st, scope, err);
    } finally {
      this.statementNode = outer;
    }
  }

  /** The names `st` may bind become unknown; an error is also a problem for the user. */
  private fail(st: Node, scope: Scope, e: InputError | NotEvaluable): void {
    const isError = e instanceof InputError;
    const range = this.range(st) ?? zeroRange();
    const reason = e.message;
    const extra: [Scope, string][] = [];
    // A name holding a library (`torch` in `f(torch.ones(3))`) or a plain number or string is not changed by a call.
    const changeable = (name: string): boolean => { const v = scope.get(name); return v === undefined || (typeof v === 'object' && v !== null && v.kind !== 'ref'); };
    const targets = mayAssign(st, isMutatorName, (call) => this.mayChangeArguments(call, scope, extra), changeable);
    // Draws the failure skipped (in any scope, through the user's functions it calls): their generators' states
    // are unknown from here on.
    for (const h of skippedDraws(st, scope, this.ctx)) this.ctx.random.markUnknown(h, { call: st.text.length > 60 ? `${st.text.slice(0, 57)}…` : st.text, line: range.start.line + 1, cause: reason });
    forgetTorchAfterFailure(st.text, this.ctx.random.torch, reason); // a torch generator it may have used is now unknown
    // Other holders of the data it may have changed in place (`A` after a failed `row[1] = v` with `row = A[0]`).
    const fresh = (call: Node): boolean => this.returnsFresh(call, scope);
    const roots: [Scope, string][] = inPlaceRoots(st, isMutatorName, (call) => this.mayChangeArguments(call, scope, []), changeable, fresh).map((n) => [scope.owner(n), n]);
    if (roots.length || extra.length) this.holderScans++;
    const lost = this.sharersOf([...roots, ...extra], [...targets.map((n): [Scope, string] => [scope.owner(n), n]), ...extra]);
    // What the unknown values may still view (`v = A[:, :n]`), for a later failed change in place to them.
    const shares = viewSources(st, fresh, isMutatorName).filter((n) => {
      const owner = scope.owner(n);
      const v = owner.peek(n);
      return v === undefined ? owner.whyUnbound(n) !== undefined : isMutable(v);
    });
    const cause = e instanceof DependsOnUnknown ? { cause: { name: e.unknownName, why: e.why } } : {};
    const why: Unbound = { reason, range, isError, ...cause, ...(shares.length ? { shares } : {}) };
    // A name only passed to a call that may change it (`attention(x, x, x, mask)`): say so, not "depends on".
    const passed = passedTo(st, (call) => this.mayChangeArguments(call, scope, []));
    const bound = new Set(mayAssign(st, () => false, () => false, changeable));
    for (const name of targets) {
      const callee = bound.has(name) ? undefined : passed.get(name);
      // The line of the first cause stays data (`cause`), composed into text at the edge (unknowns.ts).
      const passedWhy: Unbound | undefined = callee === undefined ? undefined : {
        reason: `it is passed to ${callee}(), which may change it in place and could not be evaluated${e instanceof DependsOnUnknown ? '' : `: ${reason}`}`,
        range, isError: false, passedTo: callee, ...cause, ...(shares.length ? { shares } : {}),
      };
      scope.owner(name).markUnbound(name, passedWhy ?? why);
    }
    for (const [s, name] of extra) s.markUnbound(name, why);
    for (const [s, name, via] of lost) {
      s.markUnbound(name, { reason: `it shares its data with ${via}, which this statement may change in place, and the change could not be evaluated (${reason})`, range, isError: false, shares: [via] });
    }
    if (isError && this.listener && this.plain === 0) {
      const fixable = e instanceof FixableError ? e : undefined;
      // A ragged literal: the row it is about (an unnamed one: a named matrix's rows are not the literal's).
      const rowNode = e.detail.kind === 'ragged-rows' && e.detail.matrix === undefined ? raggedRow(st, e.detail.row) : undefined;
      const focus = fixable?.focus ?? (rowNode ? this.range(rowNode) : undefined);
      this.listener.problem({
        ...(targets.length ? { subject: targets.join(', ') } : {}), cause: e.detail, range, names: targets,
        ...(focus ? { focus } : {}), ...(fixable?.fix ? { fix: fixable.fix } : {}),
      });
    }
  }

  /**
   * Whether a call in a failed statement may have changed its arguments (or, for the program's own functions,
   * the outer names they mention): a user function, a name that is unknown, or a library function that
   * changes arrays in place (`np.random.shuffle`, `W.add_`). Adds the outer names a user function may change
   * to `extra`.
   */
  private mayChangeArguments(call: Node, scope: Scope, extra: [Scope, string][]): boolean {
    const fnNode = call.childForFieldName('function');
    if (!fnNode) return false;
    // `np.add(C, D, out=C)`, `x.clip(0, 1, out=x)`: the out= array changes in place.
    if (call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'out')) return true;
    // `np.exp(x, x)`, `np.add.at(a, i, 1)`, `x.sum(0, None, y)`: an out array given positionally, or ufunc.at.
    if (writesPositionally(call, fnNode, scope)) return true;
    // `F.relu(x, inplace=True)`, `F.relu(x, True)`: torch changes x itself.
    if (call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'inplace' && !/^(False|0|None)$/.test(a.childForFieldName('value')?.text ?? ''))) return true;
    if (/(?:^|\.)relu$/.test(fnNode.text) && (call.childForFieldName('arguments')?.namedChildren.filter((a) => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment').length ?? 0) >= 2) return true;
    // `act(x)` with `act = nn.ReLU(inplace=True)` (or an nn.Sequential starting with one)
    if ((fnNode.type === 'identifier' || fnNode.type === 'attribute') && changesInputInPlace(heldAt(fnNode.text, scope))) return true;
    if (fnNode.type === 'identifier') {
      const v = scope.get(fnNode.text);
      if (v !== undefined && typeof v === 'object' && v !== null && v.kind === 'function') {
        this.touchedBy(v, extra, new Set());
        // A changeable default may have changed before the failure: the function itself is not known any more.
        if (v.params.some((p) => p.default !== undefined && isMutable(p.default))) extra.push([scope.owner(fnNode.text), fnNode.text]);
        return true;
      }
      if (v === undefined) return scope.whyUnbound(fnNode.text) !== undefined || MUTATING_FUNCTIONS.test(fnNode.text);
      return false;
    }
    return MUTATING_FUNCTIONS.test(fnNode.text);
  }

  /** The outer names holding changeable values that `fn`'s body (or functions it names) mentions. */
  private touchedBy(fn: PyFunction, out: [Scope, string][], seen: Set<PyFunction>): void {
    if (seen.has(fn)) return;
    seen.add(fn);
    const body = fn.node.childForFieldName('body');
    if (!body) return;
    const names = new Set<string>();
    for (const id of body.descendantsOfType('identifier')) if (id && !fn.locals.has(id.text)) names.add(id.text);
    // `global counter` / `nonlocal total`: the function may rebind those outer names, whatever they hold (a
    // number too); such a function is not evaluated (functions.ts), so a call leaves them unknown.
    // (A nonlocal in a function defined inside fn names fn's own local.)
    for (const decl of body.descendantsOfType(['global_statement', 'nonlocal_statement'])) {
      if (!decl || (decl.type === 'nonlocal_statement' && enclosingFunction(decl)?.id !== fn.node.id)) continue;
      for (const id of decl.namedChildren) {
        if (id?.type === 'identifier') out.push([decl.type === 'global_statement' ? this.module : fn.closure.owner(id.text), id.text]);
      }
    }
    for (const name of names) {
      const owner = fn.closure.owner(name);
      const v = owner.get(name);
      if (v === undefined) continue;
      if (typeof v === 'object' && v !== null && v.kind === 'function') this.touchedBy(v, out, seen);
      else if (isMutable(v)) out.push([owner, name]);
    }
  }

  // ---- Interp / StmtHost ----

  expr(node: Node, scope: Scope): PyValue {
    if (++this.depth > this.limits.maxNestingDepth) {
      this.depth = 0;
      throw new InputError(`expression nested deeper than ${this.limits.maxNestingDepth} levels (setting attentionExplorer.limits.maxNestingDepth)`);
    }
    try {
      return evaluate(this, node, scope);
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  depthLeft(): number {
    return this.limits.maxNestingDepth - this.depth;
  }

  block(block: Node, scope: Scope): void {
    for (const st of block.namedChildren) {
      if (!st || st.type === 'comment') continue;
      const outer = this.statementNode;
      this.statementNode = st;
      try {
        execStatement(this, st, scope);
      } finally {
        this.statementNode = outer;
      }
    }
  }

  nestedBlock(block: Node, scope: Scope): void {
    if (this.plain > 0) return this.block(block, scope);
    for (const st of block.namedChildren) if (st && st.type !== 'comment') this.statement(st, scope);
  }

  loop(f: () => void): void {
    this.plain++;
    try {
      f();
    } finally {
      this.plain--;
    }
  }

  /** A library call's inner arrays, reported like a call of the program's function (see CallContext.frames). */
  private reportFrame(fn: string, arrays: readonly (readonly [string, PyValue])[]): void {
    const st = this.statementNode;
    if (!this.listener?.frame || !this.top || !st || this.plain !== this.frames.length || this.records.some((r) => r === null)) return;
    const range = this.range(st), call = this.range(this.top);
    if (!range || !call) return;
    this.listener.frame(fn, call, arrays.map(([name, value]) => ({ name, value, statement: st, range, nameRange: undefined })));
  }

  inFrame<T>(scope: Scope, f: () => T, fn?: { readonly name: string; readonly parameters: Node | null }): T {
    // A call is recorded when a reported statement makes it outside any loop (each enclosing frame adds one
    // level of `plain`, a loop more), so that each line of the body ran once in it.
    const record: FrameRecord = fn !== undefined && this.listener?.frame && this.top && this.plain === this.frames.length && this.records.every((r) => r !== null)
      ? { fn: fn.name, level: this.plain + 1, scope, bindings: new Map() }
      : null;
    // The arguments, as bound to the parameters when the call starts (at the `def` line).
    const range = record && fn?.parameters ? this.range(fn.parameters) : undefined;
    if (record && range && fn?.parameters) {
      for (const [name, value] of scope.entries()) record.bindings.set(name, { name, value, statement: fn.parameters, range, nameRange: undefined });
    }
    this.frames.push(scope);
    this.records.push(record);
    this.plain++;
    // Nesting counts within one function body: recursion is bounded by the call depth instead.
    const depth = this.depth;
    this.depth = 0;
    try {
      const value = f();
      if (record && record.bindings.size && this.top) {
        // A value changed in place after its line (`x /= s`) is not the value that line computed: left out.
        const kept = [...record.bindings.values()].filter((b) => scope.get(b.name) === b.value && !(typeof b.value === 'object' && b.value !== null && this.changed.has(b.value)));
        const call = this.range(this.top);
        if (kept.length && call) this.listener?.frame?.(record.fn, call, kept);
      }
      return value;
    } finally {
      this.depth = depth;
      this.plain--;
      this.frames.pop();
      this.records.pop();
    }
  }

  truthy(v: PyValue): boolean {
    // `if w.max() > 0.3:` on a float32 result torch gives only within the tolerance: the branch is not certain.
    if (isNDArray(v) && isApproximate(v)) throw new NotReproduced(approximateConditionReason());
    return truthy(v);
  }

  line(node: Node): number {
    const r = this.range(node);
    return r ? r.start.line + 1 : node.startPosition.row + 1;
  }

  lineAt(node: Node): LineRef {
    return () => this.line(node);
  }

  range(node: Node): SourceRange | undefined {
    const map = this.mappers.get(node.tree);
    if (map) return map(node);
    for (const k of this.keptMappers.get(node.tree) ?? []) if (node.startIndex >= k.start && node.startIndex < k.end) return k.map(node);
    return undefined;
  }

  /**
   * Maps the nodes of `def` (a `def` statement parsed in an earlier run, whose function is replayed) with
   * `toRange`: other statements of its tree may have moved differently, so the mapper holds for its span only.
   */
  mapKeptDefinition(def: Node, toRange: RangeMapper): void {
    let spans = this.keptMappers.get(def.tree);
    if (!spans) this.keptMappers.set(def.tree, (spans = []));
    spans.push({ start: def.startIndex, end: def.endIndex, map: toRange });
  }

  bindNames(target: Node, value: PyValue, scope: Scope): void {
    assignTo(this, target, value, scope, false);
  }

  bindName(name: string, value: PyValue, scope: Scope, target: Node | undefined): void {
    scope.set(name, value);
    const record = this.records[this.records.length - 1];
    if (record && record.scope === scope && this.plain === record.level && this.statementNode) {
      const range = this.range(this.statementNode);
      if (range) record.bindings.set(name, { name, value, statement: this.statementNode, range, nameRange: target ? this.range(target) : undefined });
    }
    if (scope !== this.module || this.plain > 0 || !this.listener || !this.statementNode) return;
    const st = this.statementNode;
    const range = this.range(st);
    if (!range) return;
    this.reported.set(name, value);
    this.listener.bind(name, value, range, st, target ? this.range(target) : undefined);
  }

  reportExpression(value: PyValue, st: Node): void {
    if (this.plain > 0 || !this.listener) return; // also for None: `print(np.array([[…]]))` holds a literal
    const range = this.range(st);
    if (range) this.listener.expression(value, range, st);
  }

  changedInPlace(name: string, owner: Scope, old: PyValue): void {
    if (typeof old !== 'object' || old === null) return;
    this.changed.add(old);
    if (isNDArray(old)) this.changedArrays.add(old);
    if (owner.sole.has(old)) return; // bound to `name` only and never read since it was made: no other holder
    this.holderScans++;
    const holds = holderTest(old);
    const scopes = this.liveScopes();
    const lost: [Scope, string][] = [];
    for (const s of scopes) {
      for (const [k, v] of s.entries()) {
        if (typeof v === 'object' && v !== null && v.kind === 'function' && v.params.some((p) => p.default !== undefined && holds(p.default))) {
          // A default argument is one object shared by every call (`def f(x, acc=[])`): not followed.
          throw new NotEvaluable(`${name} is a default argument of ${v.name}(), changed in place (every later call would see it), which is not evaluated`);
        }
        if (!(s === owner && k === name) && holds(v)) lost.push([s, k]);
      }
    }
    // Inside a loop or a call, the change belongs to the top-level statement that runs it.
    const at = this.plain > 0 ? this.top : this.statementNode;
    const range = (at && this.range(at)) ?? zeroRange();
    for (const [s, k] of lost) s.markUnbound(k, { reason: `it shares its data with ${name}, which is changed in place here`, range, isError: false, ...(s.owner(name) === owner ? { shares: [name] } : {}) });
  }

  /**
   * The names (other than `targets`) holding data that a failed change in place to `roots` may have changed,
   * each with the root it shares with: every holder of a known root's objects (views of the same memory,
   * containers holding them), and for an unknown root the names it may still share ({@link Unbound.shares}),
   * followed transitively, with their holders.
   */
  private sharersOf(roots: readonly (readonly [Scope, string])[], targets: readonly (readonly [Scope, string])[]): [Scope, string, string][] {
    const isTarget = (s: Scope, k: string): boolean => targets.some(([t, n]) => t === s && n === k);
    const objects: [PyValue, string][] = [];
    const known: [Scope, string, string][] = [];
    const seen = new Set<string>();
    const scopes = this.liveScopes();
    const visit = (s: Scope, name: string, via: string, depth: number): void => {
      const key = `${scopes.indexOf(s)}:${name}`;
      if (seen.has(key) || depth > 32) return;
      seen.add(key);
      const v = s.peek(name);
      if (v === undefined) {
        for (const sh of s.whyUnbound(name)?.shares ?? []) visit(s.owner(sh), sh, name, depth + 1);
        return;
      }
      if (!isMutable(v)) return;
      if (!isTarget(s, name)) known.push([s, name, via]);
      for (const o of reachableObjects(v)) objects.push([o, name]);
    };
    for (const [s, name] of roots) visit(s, name, name, 0);
    if (objects.length === 0) return known;
    const tests = objects.map(([o, name]) => [holderTest(o), name] as const);
    const lost = new Map<string, [Scope, string, string]>();
    for (const k of known) lost.set(`${scopes.indexOf(k[0])}:${k[1]}`, k);
    for (const s of scopes) {
      for (const [k, v] of s.entries()) {
        if (!isMutable(v) || isTarget(s, k)) continue;
        const hit = tests.find(([holds, root]) => root !== k && holds(v));
        if (hit) lost.set(`${scopes.indexOf(s)}:${k}`, [s, k, hit[1]]);
      }
    }
    return [...lost.values()];
  }

  /** The scopes whose names may hold a value: the calls being run, the module, and the closures of functions they hold. */
  private liveScopes(): Scope[] {
    const scopes: Scope[] = [];
    const seen = new Set<Scope>();
    const queue: Scope[] = [...this.frames, this.module];
    while (queue.length) {
      for (let s: Scope | undefined = queue.pop(); s && !seen.has(s); s = s.parent) {
        seen.add(s);
        scopes.push(s);
        for (const [, v] of s.entries()) if (typeof v === 'object' && v !== null && v.kind === 'function') queue.push(v.closure);
      }
    }
    return scopes;
  }

  /**
   * Whether a call returns a new value that shares no data with its arguments (a library function that is not a
   * view, `x.sum()`, `len(x)`), as far as its syntax and the names it calls tell; the program's own functions
   * and unknown callees may return an argument or a view of it.
   */
  private returnsFresh(call: Node, scope: Scope): boolean {
    const fn = call.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'identifier') {
      const v = scope.get(fn.text);
      if (v === undefined) return FRESH_BUILTINS.has(fn.text) && scope.whyUnbound(fn.text) === undefined;
      return typeof v === 'object' && v !== null && v.kind === 'ref' && !VIEW_FUNCTIONS.has(v.path.split('.').pop() ?? '');
    }
    if (fn.type !== 'attribute') return false;
    const name = fn.childForFieldName('attribute')?.text ?? '';
    const root = rootName(fn);
    const rootValue = root ? scope.get(root) : undefined;
    // `np.transpose(x)`, `torch.softmax(x, 0)`: a library function (a module is not an array).
    if (typeof rootValue === 'object' && rootValue !== null && rootValue.kind === 'ref' && fn.childForFieldName('object')?.type !== 'call') return !VIEW_FUNCTIONS.has(name);
    if (COPY_METHODS.has(name)) return true;
    if (VIEW_METHODS.has(name)) return false;
    // An array's own method (`x.sum()`, `x.max(axis=1)`): a new array.
    return isNDArray(rootValue) && fn.childForFieldName('object')?.type === 'identifier';
  }

  wasChanged(value: PyValue): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (this.changed.has(value)) return true;
    if (!isNDArray(value)) return false;
    for (const c of this.changedArrays) if (holderTest(c)(value)) return true;
    return false;
  }

  call(fn: PyValue, args: readonly PyValue[], kwargs: Kwargs, at: Node, scope: Scope): PyValue {
    const generator = generatorOfCallee(fn, this.ctx);
    if (!generator) {
      checkIntegerLiterals(at, fn, (name) => scope.isFloat(name));
      return this.dispatch(fn, args, kwargs, at, scope);
    }
    // A call that changes a random generator: if it fails, the generator's state may be unknown from here on.
    const before = args.map((a) => a);
    try {
      checkIntegerLiterals(at, fn, (name) => scope.isFloat(name));
      const value = this.dispatch(fn, args, kwargs, at, scope);
      this.ctx.random.completed.add(at.id);
      return value;
    } catch (e) {
      if (e instanceof InPlaceChange) {
        // `shuffle(x)` changed x in place: every other holder of x's data (views too) loses its value, and x
        // holds its rows in the drawn order (when that is followed: a NumPy array or a list named by the call).
        const target = at.childForFieldName('arguments')?.namedChildren.find((a) => a !== null && a.type === 'identifier');
        const old = target ? scope.get(target.text) : undefined;
        if (target && old !== undefined && before.includes(old)) {
          const owner = scope.owner(target.text);
          this.changedInPlace(target.text, owner, old);
          if (e.shuffled !== undefined && before.indexOf(old) === 0) {
            this.bindName(target.text, e.shuffled, owner, target);
            this.ctx.random.completed.add(at.id);
            return null;
          }
        }
      }
      afterFailedCall(e, generator, at, this.line(at), scope, this.ctx);
      throw e;
    }
  }

  private dispatch(fn: PyValue, args: readonly PyValue[], kwargs: Kwargs, at: Node, scope: Scope): PyValue {
    const line = this.lineAt(at);
    if (typeof fn === 'object' && fn !== null) {
      switch (fn.kind) {
        case 'ref': {
          const inputs = [...args, ...kwargs.values()];
          if (fn.path.startsWith('builtins.')) {
            const r = callBuiltin(this, fn.path.slice(9), args, kwargs, at, scope);
            return isShapeCall(fn.path) ? r : carryApproximation(r, inputs, callText(at));
          }
          const path = canonicalPath(fn.path);
          if (path.startsWith('math.')) return carryApproximation(callMath(path.slice(5), args, kwargs), inputs, callText(at));
          if (kwargs.get('out') != null && !fn.path.startsWith('jax.')) throw new NotEvaluable(`${fn.path.replace(/^numpy\./, 'np.')}(…, out=…) writes into an array in place, which is not evaluated`);
          refusePositionalWrite(fn.path, args);
          refuseUnknownScalarKinds(fn.path, args, kwargs, at);
          this.chargeWork(path, args, line);
          // torch tells 2.0 from 2 (torchLiterals.ts), and so does NumPy's dtype of `np.arange(n)` and `np.full(s, n)`
          const lit = path.startsWith('torch.') ? withFloatLiterals(at, args, kwargs, (n) => isFloatSyntax(n, (name) => scope.isFloat(name))) // `torch.full(s, a)` with a = 2.0
            : FLOAT_ARGUMENT_DTYPE.has(path) || floatArgumentsDecide(path, args, kwargs) ? withFloatLiterals(at, args, kwargs, (n) => isFloatSyntax(n, (name) => scope.isFloat(name)))
              : { args, kwargs };
          let r = callLibrary(fn.path, lit.args, lit.kwargs, this.ctx);
          if (COPY_FUNCTIONS.has(path) && kwargs.get('copy') !== false && args.includes(r)) r = fresh(r);
          if (isNDArray(r)) {
            this.budget.allocate(r.data.length * 8, line);
            if (VIEW_FUNCTIONS.has(path.split('.').pop() ?? '')) noteView(r, args);
          }
          carryLayout(r, inputs, path); // a transpose is a strided view, `x.t() * 2` keeps its layout (torchLayout.ts)
          return isShapeCall(path) ? r : carryApproximation(r, inputs, callText(at));
        }
        case 'method': {
          if (kwargs.get('out') != null) throw new NotEvaluable(`.${fn.name}(…, out=…) writes into an array in place, which is not evaluated`);
          const outAt = isTensor(fn.self) || tensorInfo(fn.self) ? undefined : methodOutIndex(fn.name);
          if (outAt !== undefined && args.length > outAt && args[outAt] != null) {
            throw new NotEvaluable(`.${fn.name}() with an out array as argument ${outAt + 1} writes into it in place, which is not evaluated`);
          }
          let cost = fn.self.data.length;
          for (const a of args) if (isNDArray(a)) cost += a.data.length;
          if ((fn.name === 'dot' || fn.name === 'matmul') && isNDArray(args[0])) cost = fn.self.data.length * (args[0].shape[args[0].shape.length - 1] ?? 1);
          this.budget.spendWork(cost, line);
          let r = callMethod(fn, args, kwargs, this.ctx);
          if (COPY_METHODS.has(fn.name) && r === fn.self) r = fresh(fn.self);
          if (isNDArray(r)) {
            this.budget.allocate(r.data.length * 8, line);
            if (VIEW_METHODS.has(fn.name)) noteView(r, [fn.self]);
          }
          if (isTensor(fn.self)) carryLayout(r, [fn.self, ...args, ...kwargs.values()], fn.name);
          return isShapeCall(fn.name) ? r : carryApproximation(r, [fn.self, ...args, ...kwargs.values()], callText(at));
        }
        case 'bound': {
          if (isObject(fn.self)) {
            if (fn.name === 'forward') return callObject(this, fn.self, args, kwargs, at, scope);
            return callObjectBuiltin(fn.self, fn.name, args, kwargs);
          }
          if (isMutatingCall(fn)) throw new NotEvaluable(`${at.text.slice(0, 60)} changes its object in place inside an expression, which is not evaluated`);
          const r = callObjectMethod(fn, args, kwargs, (v) => this.call(kwargs.get('key') as PyValue, [v], new Map(), at, scope)).result;
          return carryApproximation(r, [fn.self, ...args, ...kwargs.values()], callText(at));
        }
        case 'function':
          return callFunction(this, fn, args, kwargs, at);
        case 'generatorMethod':
          return callGeneratorMethod(fn, args, kwargs, this.ctx);
        case 'class':
          return instantiate(this, fn, args, kwargs, at);
        case 'object':
          return callObject(this, fn, args, kwargs, at, scope);
        case 'boundMethod':
          return callBoundMethod(this, fn, args, kwargs, at);
      }
    }
    throw new NotEvaluable(`${at.childForFieldName('function')?.text ?? 'this'} is not callable (${typeName(fn)})`);
  }

  private chargeWork(path: string, args: readonly PyValue[], line: LineRef): void {
    let cost = 0;
    for (const a of args) if (isNDArray(a)) cost += a.data.length;
    if (/\.(matmul|dot|mm|bmm|einsum|tensordot|inner|outer)$/.test(path) && isNDArray(args[0]) && isNDArray(args[1])) {
      cost = Math.max(cost, args[0].data.length * (args[1].shape[args[1].shape.length - 1] ?? 1));
    }
    this.budget.spendWork(cost, line);
  }
}

/** The value a dotted name (`act`, `self.block.act`) holds through the attributes of the program's objects, if known. */
function heldAt(dotted: string, scope: Scope): PyValue | undefined {
  const [root, ...rest] = dotted.split('.');
  let v = scope.peek(root);
  for (const a of rest) v = isObject(v) ? v.attrs.get(a) : undefined;
  return v;
}

/** A call's text for a reason (`w[0, 1].item()`), shortened. */
function callText(at: Node): string {
  return at.text.length > 60 ? `${at.text.slice(0, 57)}…` : at.text;
}

/** An error the evaluator reports or absorbs; anything else is a bug. A stack overflow becomes an input error. */
function normalise(e: unknown): InputError | NotEvaluable | undefined {
  if (e instanceof InputError || e instanceof NotEvaluable) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new InputError('the program nests calls or expressions too deeply to evaluate');
  return undefined;
}

/** A copy of an array (NumPy's `copy()`: new memory, same values). */
function fresh(a: PyValue): PyValue {
  return isNDArray(a) ? { ...a, data: new Float64Array(a.data) } : a;
}

function zeroRange(): SourceRange {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export { BUILTIN_NAMES };

/**
 * Refuses a NumPy call that writes into an argument given positionally (`np.exp(x, x)`, `np.add(a, b, a)`,
 * `np.add.at(a, i, 1)`: outArguments.ts), before it could return a value while that array keeps its old one.
 * @throws NotEvaluable naming the call and the argument
 */
function refusePositionalWrite(path: string, args: readonly PyValue[]): void {
  const slot = outSlot(path);
  if (!slot) return;
  const name = path.replace(/^numpy\./, 'np.');
  if (slot.kind === 'first') throw new NotEvaluable(`${name}() changes its first argument in place, which is not evaluated`);
  if (args.length > slot.index && args[slot.index] != null) {
    throw new NotEvaluable(`${name}() with an out array as argument ${slot.index + 1} writes into it in place, which is not evaluated`);
  }
}

/**
 * Whether `call` (its callee `fnNode`) is a NumPy call that may write into an argument given positionally: an
 * `out` slot holding something other than a literal None (`np.exp(x, x)`, `x.sum(0, None, y)`), or `ufunc.at`.
 * Syntax and the callee's binding only, for a statement that failed (the arguments may not be known).
 */
function writesPositionally(call: Node, fnNode: Node, scope: Scope): boolean {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment');
  const filled = (k: number): boolean => args.slice(0, k + 1).some((a) => a.type === 'list_splat') || (args.length > k && args[k].type !== 'none');
  const dotted = fnNode.text.split('.');
  const root = scope.get(dotted[0]);
  if (typeof root === 'object' && root !== null && root.kind === 'ref' && /^[\w.]+$/.test(fnNode.text)) {
    const slot = outSlot([root.path, ...dotted.slice(1)].join('.'));
    return slot !== undefined && (slot.kind === 'first' || filled(slot.index));
  }
  if (fnNode.type !== 'attribute') return false;
  const obj = fnNode.childForFieldName('object');
  const self = obj?.type === 'identifier' ? scope.get(obj.text) : undefined;
  if (self !== undefined && (!isNDArray(self) || isTensor(self) || tensorInfo(self) !== undefined)) return false;
  const k = methodOutIndex(fnNode.childForFieldName('attribute')?.text ?? '');
  return k !== undefined && filled(k);
}

/** The function definition (or lambda) whose body holds `n`, if any. */
function enclosingFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda') return p;
  return undefined;
}

/**
 * `np.where(m, x32, s)`, `np.maximum(x32, s)` with a float32 array and a scalar held as a plain number: NumPy
 * computes in float32 when `s` is a Python number and in float64 when it is a NumPy scalar (`ids[0]`,
 * `np.float64(0.2)`, `v.mean()`), which the number does not tell. Unless the argument's text shows a Python
 * scalar (a literal, `float(…)`), the call is refused, as the operators are (arrayOperators.ts).
 * @throws NotEvaluable naming the argument
 */
function refuseUnknownScalarKinds(path: string, args: readonly PyValue[], kwargs: Kwargs, at: Node): void {
  if (!path.startsWith('numpy.') || path.startsWith('numpy.random.')) return;
  const values = [...args, ...kwargs.values()];
  if (!values.some((v) => isNDArray(v) && v.dtype === 'float32' && !isTensor(v) && !tensorInfo(v))) return;
  const nodes = (at.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
  if (nodes.some((n) => n.type === 'list_splat' || n.type === 'dictionary_splat')) {
    if (values.some((v) => typeof v === 'number')) throw new NotEvaluable(`${path.replace(/^numpy\./, 'np.')}() with a float32 array and a scalar passed through * or **: whether NumPy computes in float32 or float64 is not told apart`);
    return;
  }
  for (const n of nodes) {
    const value = n.type === 'keyword_argument' ? n.childForFieldName('value') : n;
    if (!value) continue;
    const v = n.type === 'keyword_argument' ? kwargs.get(n.childForFieldName('name')?.text ?? '') : args[nodes.filter((m) => m.type !== 'keyword_argument').indexOf(n)];
    if (typeof v === 'number' && !isPythonScalarText(value.text)) {
      throw new NotEvaluable(unknownScalarKind(value.text, `a float32 array in ${path.replace(/^numpy\./, 'np.')}()`));
    }
  }
}

