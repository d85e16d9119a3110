/**
 * Evaluates the subset of Python that attention tutorials are written in, on a tree-sitter syntax tree:
 * imports, assignments (plain, chained, tuple, augmented), NumPy/PyTorch/TF calls, `@` and arithmetic,
 * `.T`/`.shape`/methods, indexing, simple functions (`def softmax(x): return …`) and `if` on constants.
 * It never runs the user's code: anything else is "not evaluable" and the names it defines stay unbound,
 * with the reason kept for when a matrix depends on them.
 */
import type { Node } from 'web-tree-sitter';
import { InputError } from '../../errors';
import { type NDArray, elementwise, isNDArray, mapArray, matmul, shapeString } from '../../ndarray/ndarray';
import type { SourceRange } from '../../range';
import type { ProblemFix } from '../types';
import { toArray, toInt, toNumber } from './convert';
import { type CallContext, NotEvaluable, callLibrary, libraryConstant } from './library';
import { forgetTorchAfterFailure } from './torchCalls';
import { arrayAttribute, assignItems, callMethod, subscriptArray } from './methods';
import { afterFailedCall, callGeneratorMethod, checkIntegerLiterals, generatorAttribute, generatorOfCallee, skippedDraws } from './randomCalls';
import { assignedNames, field, lineOf, raggedRow, rootName, stringValue } from './syntax';
import { Scope } from './scope';
import { type Kwargs, type PyFunction, type PyValue, isGenerator, isList, isRef, typeName } from './values';
import { evaluateListLiteral } from './literalScan';

/** Limits that bound evaluation whatever the input. */
export interface EvalLimits {
  /** Deepest expression nesting accepted (e.g. `[[[…]]]`). */
  readonly maxNestingDepth: number;
  /** Most multiply-adds the whole evaluation may spend. */
  readonly maxWork: number;
}

/** What the evaluator tells its caller about each module-level statement. */
export interface EvalListener {
  /** A name was bound to a value by the statement `statement` (whose range is `range`). */
  bind(name: string, value: PyValue, range: SourceRange, statement: Node, nameRange: SourceRange): void;
  /** A bare expression statement produced a value. */
  expression(value: PyValue, range: SourceRange, statement: Node): void;
  /** A statement is wrong (ragged literal, shape mismatch…): an error for the user. */
  problem(message: string, range: SourceRange, names: readonly string[], focus?: SourceRange, fix?: ProblemFix): void;
}

export type StatementMode = 'report' | 'context' | 'skip';

/** Maps tree-sitter positions to document positions (a selection or a cell starts somewhere else). */
export type RangeMapper = (node: Node) => SourceRange;

/** A wrong `@` whose operands fit once one is transposed: the error carries the fix. */
class FixableError extends InputError {
  constructor(message: string, readonly focus: SourceRange, readonly fix: ProblemFix | undefined) {
    super(message);
  }
}

class Return {
  constructor(readonly value: PyValue) {}
}

const BUILTINS = new Set(['abs', 'len', 'float', 'int', 'bool', 'complex', 'str', 'list', 'tuple', 'print', 'max', 'min', 'sum', 'round', 'pow', 'range']);

export class PythonEvaluator {
  private depth = 0;
  private work = 0;
  private callDepth = 0;

  constructor(
    private readonly ctx: CallContext,
    private readonly limits: EvalLimits,
    readonly module: Scope = new Scope(),
  ) {
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

  /** Runs one module-level statement, telling `listener` (when given) what it binds and what is wrong. */
  runStatement(st: Node, toRange: RangeMapper, listener: EvalListener | undefined): void {
    try {
      this.statement(st, this.module, toRange, listener);
    } catch (e) {
      if (!(e instanceof Return)) throw e; // `return` outside a function: Python rejects it; skip the statement
    }
  }

  /** Maps nodes of the module being run to document ranges (for problem ranges and fixes). */
  private toRange: RangeMapper | undefined;

  private statement(st: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): void {
    if (scope === this.module) {
      this.toRange = toRange;
      this.ctx.random.beginStatement(st.text, (name) => scope.get(name));
    }
    try {
      this.exec(st, scope, toRange, listener);
    } catch (e) {
      if (e instanceof Return) throw e;
      const isError = e instanceof InputError;
      if (!isError && !(e instanceof NotEvaluable)) throw e;
      // Only now (rarely) look for the names the statement binds: they lose their values.
      const range = toRange(st);
      const targets = assignedNames(st);
      const reason = (e as Error).message;
      // Draws the failure skipped: their generators' states are unknown from here on.
      if (scope === this.module) for (const h of skippedDraws(st, scope, this.ctx)) this.ctx.random.markUnknown(h, { call: st.text.length > 60 ? `${st.text.slice(0, 57)}…` : st.text, line: range.start.line + 1, cause: reason });
      forgetTorchAfterFailure(st.text, this.ctx.random.torch, reason); // a torch generator it may have used is now unknown
      for (const name of targets) scope.markUnbound(name, { reason, range, isError });
      if (isError && listener) {
        const who = targets.length ? `${targets.join(', ')} (${lineOf(range)})` : lineOf(range);
        const detail = e instanceof FixableError ? e : undefined;
        const row = /^ragged rows: row (\d+) /.exec(reason);
        const rowNode = row ? raggedRow(st, Number(row[1])) : undefined;
        listener.problem(`${who}: ${reason}`, range, targets, detail?.focus ?? (rowNode ? toRange(rowNode) : undefined), detail?.fix);
      }
    }
  }

  private exec(st: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): void {
    switch (st.type) {
      case 'expression_statement': {
        const inner = st.namedChildren[0];
        if (!inner) return;
        if (inner.type === 'assignment') return this.assign(inner, st, scope, toRange, listener);
        if (inner.type === 'augmented_assignment') return this.augmented(inner, st, scope, toRange, listener);
        if (st.namedChildren.length > 1) return; // `a, b` as a statement: nothing to show
        const value = this.expr(inner, scope);
        if (listener && value !== null) listener.expression(value, toRange(st), st);
        return;
      }
      case 'import_statement':
        for (const n of st.namedChildren) {
          if (!n) continue;
          if (n.type === 'dotted_name') scope.set(n.text.split('.')[0], { kind: 'ref', path: n.text.split('.')[0] });
          else if (n.type === 'aliased_import') scope.set(field(n, 'alias').text, { kind: 'ref', path: field(n, 'name').text });
        }
        return;
      case 'import_from_statement': {
        const mod = field(st, 'module_name').text;
        for (const n of st.childrenForFieldName('name')) {
          if (!n) continue;
          if (n.type === 'dotted_name') scope.set(n.text, { kind: 'ref', path: `${mod}.${n.text}` });
          else if (n.type === 'aliased_import') scope.set(field(n, 'alias').text, { kind: 'ref', path: `${mod}.${field(n, 'name').text}` });
        }
        return;
      }
      case 'function_definition': {
        const name = field(st, 'name').text;
        scope.set(name, this.functionValue(st, name, scope));
        return;
      }
      case 'decorated_definition':
      case 'class_definition':
        throw new NotEvaluable('classes and decorated functions are not evaluated');
      case 'if_statement': {
        if (this.truthy(this.expr(field(st, 'condition'), scope))) return this.block(field(st, 'consequence'), scope, toRange, listener);
        for (const alt of st.childrenForFieldName('alternative')) {
          if (!alt) continue;
          if (alt.type === 'else_clause') return this.block(field(alt, 'body'), scope, toRange, listener);
          if (this.truthy(this.expr(field(alt, 'condition'), scope))) return this.block(field(alt, 'consequence'), scope, toRange, listener);
        }
        return;
      }
      case 'with_statement':
        // fork_rng restores the generators afterwards: skipping the block keeps later draws right (torchCalls.ts)
        if (/\bfork_rng\b/.test(st.namedChildren[0]?.text ?? '')) throw new NotEvaluable('draws inside torch.random.fork_rng() are not evaluated (torch restores the generator after the block)');
        return this.block(field(st, 'body'), scope, toRange, listener);
      case 'try_statement':
        return this.block(field(st, 'body'), scope, toRange, listener);
      case 'for_statement':
      case 'while_statement':
        throw new NotEvaluable(`names assigned inside a loop (${lineOf(toRange(st))}) are not evaluated`);
      case 'return_statement': {
        const v = st.namedChildren[0];
        throw new Return(v ? this.expr(v, scope) : null);
      }
      case 'delete_statement':
        for (const n of st.descendantsOfType('identifier')) if (n) scope.delete(n.text);
        return;
      case 'comment': case 'pass_statement': case 'assert_statement': case 'global_statement': case 'nonlocal_statement':
      case 'future_import_statement': case 'print_statement':
        return;
      default:
        throw new NotEvaluable(`${st.type.replace(/_/g, ' ')} is not evaluated`);
    }
  }

  private block(block: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): void {
    for (const st of block.namedChildren) if (st) this.statement(st, scope, toRange, listener);
  }

  private assign(node: Node, statement: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): void {
    const right = node.childForFieldName('right');
    if (!right) return; // annotation only: `x: int`
    const value = right.type === 'assignment' ? this.chained(right, statement, scope, toRange, listener) : this.expr(right, scope);
    this.bindTarget(field(node, 'left'), value, right, statement, scope, toRange, listener);
  }

  private chained(node: Node, statement: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): PyValue {
    const right = field(node, 'right');
    const value = right.type === 'assignment' ? this.chained(right, statement, scope, toRange, listener) : this.expr(right, scope);
    this.bindTarget(field(node, 'left'), value, right, statement, scope, toRange, listener);
    return value;
  }

  private augmented(node: Node, statement: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): void {
    const left = field(node, 'left');
    if (left.type !== 'identifier' && left.type !== 'subscript') throw new NotEvaluable('augmented assignment to an attribute is not evaluated');
    const op = field(node, 'operator').text.replace('=', '');
    const value = this.binary(op, this.expr(left, scope), this.expr(field(node, 'right'), scope), left.text, field(node, 'right').text);
    this.bindTarget(left, value, node, statement, scope, toRange, listener);
  }

  private bindTarget(target: Node, value: PyValue, source: Node, statement: Node, scope: Scope, toRange: RangeMapper, listener: EvalListener | undefined): void {
    switch (target.type) {
      case 'identifier':
        scope.set(target.text, value);
        listener?.bind(target.text, value, toRange(statement), statement, toRange(target));
        return;
      case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'list': {
        const targets = target.namedChildren.filter((n): n is Node => n !== null);
        const items = unpack(value, targets.length);
        const sourceItems = source.type === 'expression_list' || source.type === 'tuple' ? source.namedChildren : [];
        targets.forEach((t, i) => this.bindTarget(t, items[i], sourceItems[i] ?? source, statement, scope, toRange, listener));
        return;
      }
      case 'subscript': {
        // `A[i, j] = v`, `A[:, 0] = v`, `scores[mask] = -np.inf`: the array gets the new entries.
        const base = field(target, 'value');
        if (base.type !== 'identifier') throw new NotEvaluable(`assignment to ${target.text} is not evaluated`);
        const old = this.lookup(base, scope);
        if (!isNDArray(old)) throw new NotEvaluable(`item assignment on ${typeName(old)} is not evaluated`);
        const index = target.childrenForFieldName('subscript').filter((n): n is Node => n !== null).map((n) => this.expr(n, scope));
        const updated = assignItems(old, index, value, base.text, this.ctx.limits);
        // NumPy changes the array in place: other names bound to the same array would change too. They are
        // not followed here, so they lose their value rather than keep a stale one.
        for (const [other] of scope.aliasesOf(old)) if (other !== base.text) scope.markUnbound(other, { reason: `it shares its data with ${base.text}, which is changed in place at ${lineOf(toRange(statement))}`, range: toRange(statement), isError: false });
        this.bindTarget(base, updated, source, statement, scope, toRange, listener);
        return;
      }
      case 'attribute': {
        const base = rootName(target);
        if (base && scope.get(base) !== undefined && isNDArray(scope.get(base) as PyValue)) {
          throw new NotEvaluable(`${base} is changed in place by \`${target.text} = …\`, which is not evaluated`);
        }
        return;
      }
      default:
        throw new NotEvaluable(`assignment to ${target.type} is not evaluated`);
    }
  }

  /** Evaluates an expression. @throws InputError for wrong input, NotEvaluable for what is not modelled. */
  expr(node: Node, scope: Scope): PyValue {
    if (++this.depth > this.limits.maxNestingDepth) {
      this.depth = 0;
      throw new InputError(`expression nested deeper than ${this.limits.maxNestingDepth} levels (setting attentionExplorer.limits.maxNestingDepth)`);
    }
    try {
      return this.evaluate(node, scope);
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  private evaluate(node: Node, scope: Scope): PyValue {
    switch (node.type) {
      case 'integer': case 'float': {
        const text = node.text.replace(/_/g, '');
        if (/[jJ]$/.test(text)) throw new NotEvaluable('complex numbers are not supported');
        const v = /^0[0-7]+$/.test(text) ? NaN : Number(text);
        if (Number.isNaN(v)) throw new NotEvaluable(`cannot read the number ${node.text}`);
        return v;
      }
      case 'true': return true;
      case 'false': return false;
      case 'none': return null;
      case 'string': case 'concatenated_string':
        return stringValue(node);
      case 'identifier': return this.lookup(node, scope);
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        if (!inner) return { kind: 'list', items: [], tuple: true };
        return this.expr(inner, scope);
      }
      case 'list': case 'tuple': case 'expression_list': {
        // Fast path: a literal of plain numbers is read from its text (literalScan.ts), not node by node.
        const scanned = node.type === 'list' ? evaluateListLiteral(node, this.depth, this.limits.maxNestingDepth) : undefined;
        if (scanned) return scanned;
        const kids = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
        const items: PyValue[] = [];
        const names: (string | null)[] = [];
        for (const k of kids) {
          if (k.type === 'list_splat') {
            const inner = this.expr(field(k, 'value', 0), scope);
            const spread = unpack(inner, -1);
            items.push(...spread);
            names.push(...spread.map(() => null));
          } else {
            items.push(this.expr(k, scope));
            names.push(k.type === 'identifier' ? k.text : null);
          }
        }
        return { kind: 'list', items, tuple: node.type !== 'list', names };
      }
      case 'unary_operator': {
        const op = field(node, 'operator').text;
        const v = this.expr(field(node, 'argument'), scope);
        if (op === '+') return numericOrArray(v, 'unary +');
        if (op === '-') return isNDArray(v) ? mapArray(v, (x) => -x) : -toNumber(v, 'operand of unary -');
        throw new NotEvaluable(`operator ${op} is not supported`);
      }
      case 'binary_operator': {
        const l = field(node, 'left'), r = field(node, 'right');
        const op = field(node, 'operator').text;
        const a = this.expr(l, scope), b = this.expr(r, scope);
        try {
          return this.binary(op, a, b, l.text, r.text);
        } catch (e) {
          if (op === '@' && e instanceof InputError && !(e instanceof FixableError) && this.toRange) throw this.matmulFix(e, node, l, r, a, b);
          throw e;
        }
      }
      case 'comparison_operator': return this.compare(node, scope);
      case 'boolean_operator': {
        const l = this.expr(field(node, 'left'), scope);
        const op = field(node, 'operator').text;
        if (op === 'and') return this.truthy(l) ? this.expr(field(node, 'right'), scope) : l;
        return this.truthy(l) ? l : this.expr(field(node, 'right'), scope);
      }
      case 'not_operator': return !this.truthy(this.expr(field(node, 'argument'), scope));
      case 'conditional_expression': {
        const [a, cond, b] = node.namedChildren;
        if (!a || !cond || !b) throw new NotEvaluable('incomplete conditional expression');
        return this.truthy(this.expr(cond, scope)) ? this.expr(a, scope) : this.expr(b, scope);
      }
      case 'attribute': return this.attribute(node, scope);
      case 'subscript': return this.subscript(node, scope);
      case 'call': return this.call(node, scope);
      case 'slice': {
        const parts: (number | undefined)[] = [undefined, undefined, undefined];
        let k = 0;
        for (let i = 0; i < node.childCount; i++) {
          const c = node.child(i);
          if (!c) continue;
          if (c.type === ':') k++;
          else parts[k] = toInt(this.expr(c, scope), 'slice index');
        }
        return { kind: 'slice', start: parts[0], stop: parts[1], step: parts[2] };
      }
      default:
        throw new NotEvaluable(`${node.type.replace(/_/g, ' ')} is not evaluated`);
    }
  }

  /** A matmul shape error, with a quick fix when transposing one operand makes the shapes agree. */
  private matmulFix(e: InputError, node: Node, l: Node, r: Node, a: PyValue, b: PyValue): FixableError {
    const toRange = this.toRange as RangeMapper;
    const A = isNDArray(a) && a.shape.length === 2 ? a.shape : undefined;
    const B = isNDArray(b) && b.shape.length === 2 ? b.shape : undefined;
    const transposed = (n: Node): string => {
      if (/\.T$/.test(n.text)) return n.text.slice(0, -2);
      return n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript' || n.type === 'call' ? `${n.text}.T` : `(${n.text}).T`;
    };
    let fix: ProblemFix | undefined;
    if (A && B && A[1] === B[1]) fix = { title: `Transpose the right operand: ${l.text} @ ${transposed(r)}`, range: toRange(r), newText: transposed(r) };
    else if (A && B && A[0] === B[0]) fix = { title: `Transpose the left operand: ${transposed(l)} @ ${r.text}`, range: toRange(l), newText: transposed(l) };
    return new FixableError(e.message, toRange(node), fix);
  }

  private lookup(node: Node, scope: Scope): PyValue {
    const name = node.text;
    const v = scope.get(name);
    if (v !== undefined) return v;
    const why = scope.whyUnbound(name);
    if (why) {
      // Either way the statement that depends on it is not evaluated; the wrong definition itself was already
      // reported, so this one is not a problem of its own (one mistake, one diagnostic).
      throw new NotEvaluable(why.isError ? `${name} is not available (${lineOf(why.range)}: ${why.reason})` : `${name} could not be evaluated (${lineOf(why.range)}: ${why.reason})`);
    }
    if (BUILTINS.has(name)) return { kind: 'ref', path: `builtins.${name}` };
    if (['np', 'numpy'].includes(name)) return { kind: 'ref', path: 'numpy' };
    if (name === 'torch' || name === 'math') return { kind: 'ref', path: name };
    if (name === 'tf') return { kind: 'ref', path: 'tensorflow' };
    if (name === 'jnp') return { kind: 'ref', path: 'jax.numpy' };
    throw new NotEvaluable(`name '${name}' is not defined`);
  }

  private attribute(node: Node, scope: Scope): PyValue {
    const obj = this.expr(field(node, 'object'), scope);
    const name = field(node, 'attribute').text;
    if (isRef(obj)) {
      const path = `${obj.path}.${name}`;
      return libraryConstant(path) ?? { kind: 'ref', path };
    }
    if (isNDArray(obj)) return arrayAttribute(obj, name);
    if (isGenerator(obj)) return generatorAttribute(obj, name);
    throw new NotEvaluable(`attribute ${name} of ${typeName(obj)} is not evaluated`);
  }

  private subscript(node: Node, scope: Scope): PyValue {
    const value = this.expr(field(node, 'value'), scope);
    const idx = node.childrenForFieldName('subscript').filter((n): n is Node => n !== null).map((n) => this.expr(n, scope));
    if (isList(value)) {
      if (idx.length !== 1) throw new NotEvaluable('multi-dimensional indexing of a list');
      const i = toInt(idx[0], 'index');
      const n = value.items.length;
      const j = i < 0 ? i + n : i;
      if (j < 0 || j >= n) throw new InputError(`${typeName(value)} index ${i} out of range (length ${n})`);
      return value.items[j];
    }
    if (isNDArray(value)) return subscriptArray(value, idx, field(node, 'value').text);
    throw new NotEvaluable(`indexing ${typeName(value)} is not evaluated`);
  }

  private call(node: Node, scope: Scope): PyValue {
    const fnNode = field(node, 'function');
    const fn = this.expr(fnNode, scope);
    const generator = generatorOfCallee(fn, this.ctx);
    if (!generator) {
      checkIntegerLiterals(node, fn);
      return this.callValue(node, fnNode, fn, scope);
    }
    // A call that changes a random generator: if it fails, the generator's state may be unknown from here on.
    try {
      checkIntegerLiterals(node, fn);
      const value = this.callValue(node, fnNode, fn, scope);
      this.ctx.random.completed.add(node.id);
      return value;
    } catch (e) {
      afterFailedCall(e, generator, node, this.toRange ? this.toRange(node).start.line + 1 : node.startPosition.row + 1, scope, this.ctx);
      throw e;
    }
  }

  private callValue(node: Node, fnNode: Node, fn: PyValue, scope: Scope): PyValue {
    const argsNode = node.childForFieldName('arguments');
    const args: PyValue[] = [];
    const kwargs = new Map<string, PyValue>();
    if (argsNode?.type === 'argument_list') {
      for (const a of argsNode.namedChildren) {
        if (!a || a.type === 'comment') continue;
        if (a.type === 'keyword_argument') kwargs.set(field(a, 'name').text, this.expr(field(a, 'value'), scope));
        else if (a.type === 'list_splat') args.push(...unpack(this.expr(field(a, 'value', 0), scope), -1));
        else if (a.type === 'dictionary_splat') throw new NotEvaluable('**kwargs in a call is not evaluated');
        else args.push(this.expr(a, scope));
      }
    } else if (argsNode) {
      throw new NotEvaluable('generator arguments are not evaluated');
    }
    this.chargeWork(fn, args);
    if (typeof fn === 'object' && fn !== null) {
      switch (fn.kind) {
        case 'ref':
          return fn.path.startsWith('builtins.') ? this.builtin(fn.path.slice(9), args) : callLibrary(fn.path, args, kwargs, this.ctx);
        case 'method':
          return callMethod(fn, args, kwargs, this.ctx);
        case 'generatorMethod':
          return callGeneratorMethod(fn, args, kwargs, this.ctx);
        case 'function':
          return this.callUser(fn, args, kwargs);
      }
    }
    throw new NotEvaluable(`${fnNode.text} is not callable (${typeName(fn)})`);
  }

  private chargeWork(fn: PyValue, args: readonly PyValue[]): void {
    let cost = 0;
    for (const a of args) if (isNDArray(a)) cost += a.data.length;
    if (typeof fn === 'object' && fn !== null && fn.kind === 'ref' && /\.(matmul|dot|mm)$/.test(fn.path) && isNDArray(args[0]) && isNDArray(args[1])) {
      cost = args[0].data.length * (args[1].shape[1] ?? 1);
    }
    this.charge(cost);
  }

  private charge(n: number): void {
    this.work += n;
    if (this.work > this.limits.maxWork) throw new InputError(`the program needs more than ${this.limits.maxWork.toExponential(0)} arithmetic operations to evaluate; reduce the matrix sizes`);
  }

  private builtin(name: string, args: readonly PyValue[]): PyValue {
    const a0 = args[0];
    switch (name) {
      case 'print': return null;
      case 'abs': return isNDArray(a0) ? mapArray(a0, Math.abs) : Math.abs(toNumber(a0, 'abs()'));
      case 'float': return toNumber(a0 ?? 0, 'float()');
      case 'bool': return this.truthy(a0 ?? false);
      case 'int': return Math.trunc(toNumber(a0 ?? 0, 'int()'));
      case 'round': return args.length > 1 ? Number(toNumber(a0, 'round()').toFixed(toInt(args[1], 'ndigits'))) : Math.round(toNumber(a0, 'round()'));
      case 'pow': return Math.pow(toNumber(a0, 'pow()'), toNumber(args[1], 'pow()'));
      case 'len': {
        if (isList(a0)) return a0.items.length;
        if (isNDArray(a0)) return a0.shape[0];
        throw new NotEvaluable(`len() of ${typeName(a0 ?? null)}`);
      }
      case 'list': case 'tuple': {
        if (isList(a0)) return { kind: 'list', items: a0.items, tuple: name === 'tuple' };
        throw new NotEvaluable(`${name}() of ${typeName(a0 ?? null)}`);
      }
      default:
        throw new NotEvaluable(`${name}() is not evaluated`);
    }
  }

  private functionValue(def: Node, name: string, scope: Scope): PyFunction {
    const params: { name: string; default?: PyValue }[] = [];
    for (const p of field(def, 'parameters').namedChildren) {
      if (!p) continue;
      if (p.type === 'identifier') params.push({ name: p.text });
      else if (p.type === 'typed_parameter') params.push({ name: (p.namedChildren[0] as Node).text });
      else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        params.push({ name: field(p, 'name').text, default: this.expr(field(p, 'value'), scope) });
      } else throw new NotEvaluable(`parameter ${p.text} of ${name}() is not supported`);
    }
    return { kind: 'function', name, node: def, params };
  }

  private callUser(fn: PyFunction, args: readonly PyValue[], kwargs: Kwargs): PyValue {
    if (this.callDepth >= 16) throw new NotEvaluable(`${fn.name}(): calls nested deeper than 16 are not evaluated`);
    const local = new Scope(this.module);
    fn.params.forEach((p, i) => {
      const v = i < args.length ? args[i] : kwargs.has(p.name) ? kwargs.get(p.name) : p.default;
      if (v === undefined) throw new InputError(`${fn.name}() missing required argument '${p.name}'`);
      local.set(p.name, v);
    });
    if (args.length > fn.params.length) throw new InputError(`${fn.name}() takes ${fn.params.length} arguments but ${args.length} were given`);
    this.callDepth++;
    try {
      const body = field(fn.node, 'body');
      for (const st of body.namedChildren) {
        if (!st) continue;
        this.exec(st, local, () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), undefined);
      }
      return null;
    } catch (e) {
      if (e instanceof Return) return e.value;
      throw e;
    } finally {
      this.callDepth--;
    }
  }

  private binary(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string): PyValue {
    if (op === '@') {
      const A = toArray(a, this.ctx.limits, nameA), B = toArray(b, this.ctx.limits, nameB);
      this.charge(A.data.length * (B.shape[1] ?? 1));
      return matmul(A, B, short(nameA), short(nameB));
    }
    if ((isList(a) || isList(b)) && (op === '+' || op === '*')) throw new NotEvaluable(`list ${op} is not evaluated`);
    const f = ARITH[op];
    if (!f) throw new NotEvaluable(`operator ${op} is not supported`);
    if (isNDArray(a) || isNDArray(b)) {
      const A = isNDArray(a) ? a : toNumber(a, `left operand of ${op}`);
      const B = isNDArray(b) ? b : toNumber(b, `right operand of ${op}`);
      this.charge(Math.max(isNDArray(A) ? A.data.length : 1, isNDArray(B) ? B.data.length : 1));
      try {
        return elementwise(A, B, f, `${short(nameA)} ${op} ${short(nameB)}`);
      } catch (e) {
        if (e instanceof InputError) throw new InputError(e.message.replace('operands', `${short(nameA)} ${shapeOf(A)} and ${short(nameB)} ${shapeOf(B)}`));
        throw e;
      }
    }
    return f(toNumber(a, `left operand of ${op}`), toNumber(b, `right operand of ${op}`));
  }

  private compare(node: Node, scope: Scope): boolean {
    const operands = node.namedChildren.filter((n): n is Node => n !== null).map((n) => this.expr(n, scope));
    const ops = node.childrenForFieldName('operators').filter((n): n is Node => n !== null).map((n) => n.text);
    if (ops.length !== operands.length - 1) throw new NotEvaluable('comparison not evaluated');
    for (let i = 0; i < ops.length; i++) {
      const a = operands[i], b = operands[i + 1];
      let ok: boolean;
      if (typeof a === 'string' || typeof b === 'string') {
        if (ops[i] === '==') ok = a === b;
        else if (ops[i] === '!=') ok = a !== b;
        else throw new NotEvaluable('string comparison not evaluated');
      } else {
        const x = toNumber(a, 'comparison'), y = toNumber(b, 'comparison');
        const cmp: Record<string, boolean> = { '==': x === y, '!=': x !== y, '<': x < y, '>': x > y, '<=': x <= y, '>=': x >= y };
        if (!(ops[i] in cmp)) throw new NotEvaluable(`comparison ${ops[i]} not evaluated`);
        ok = cmp[ops[i]];
      }
      if (!ok) return false;
    }
    return true;
  }

  private truthy(v: PyValue): boolean {
    if (v === null) return false;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return Boolean(v);
    if (isList(v)) return v.items.length > 0;
    throw new NotEvaluable(`the truth value of ${typeName(v)} is not evaluated`);
  }
}

const ARITH: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '//': (a, b) => Math.floor(a / b),
  '%': (a, b) => a - b * Math.floor(a / b),
  '**': (a, b) => Math.pow(a, b),
};

function numericOrArray(v: PyValue, what: string): PyValue {
  return isNDArray(v) ? v : toNumber(v, what);
}

function shapeOf(v: NDArray | number): string {
  return typeof v === 'number' ? '(scalar)' : shapeString(v.shape);
}

/** A short name for an operand in messages: the source text when it is short. */
function short(text: string): string {
  return text.length <= 24 ? text : `${text.slice(0, 21)}…`;
}

/** The items of a value being unpacked (`a, b = …`): a list/tuple, or the rows of an array. */
function unpack(v: PyValue, count: number): PyValue[] {
  let items: PyValue[];
  if (isList(v)) items = [...v.items];
  else if (isNDArray(v)) items = rowsOf(v);
  else throw new NotEvaluable(`cannot unpack ${typeName(v)}`);
  if (count >= 0 && items.length !== count) {
    throw new InputError(`cannot unpack ${items.length} values into ${count} names`);
  }
  return items;
}

function rowsOf(a: NDArray): PyValue[] {
  if (a.shape.length === 1) return Array.from(a.data);
  const [r, c] = a.shape;
  return Array.from({ length: r }, (_, i) => ({ kind: 'ndarray', shape: [c], data: a.data.slice(i * c, (i + 1) * c) }) as NDArray);
}

