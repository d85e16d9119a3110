/**
 * Python statements: assignments (plain, chained, unpacking with `*rest`, to items and slices), augmented
 * assignments (in place for arrays and lists, as in Python), `if`/`elif`/`else`, `for` (over ranges, lists,
 * tuples, dicts, strings, arrays' first axis, `enumerate`, `zip`), `while`, `break`/`continue`, `return`,
 * `def`, imports, `del`, `assert`, `raise`, `with` and `try`. A change in place rebinds the name to a new
 * value and makes every other holder of the old one unknown (aliases.ts).
 */
import type { Node } from './syntaxTree';
import { isFloatSyntax, isIntSyntax } from './floatSyntax';
import { InputError } from '../../errors';
import { castInPlace, isNDArray, shapeString } from '../../ndarray/ndarray';
import { heldTwice, isMutable, mayView } from './aliases';
import type { LineRef } from './budget';
import { dictSet, forEachItem, hashKey, iterate } from './containers';
import { toInt } from './convert';
import { type ExprHost, callParts, indexValues, kindNames, sliceIndices } from './expressions';
import { makeFunction } from './functions';
import { LoopJump, Return } from './interp';
import { NotEvaluable, libraryConstant } from './library';
import { tensorInfo } from './frameworkTensor';
import { assignItems } from './methods';
import { isTensor } from './tensorOrigin';
import { carryApproximation } from './approximation';
import { isApproximate, markApproximate } from './torchPrecision';
import { tensorInPlace } from './torchMethods';
import { inPlaceResult } from './torchOps';
import { callObjectMethod, isMutatingCall } from './objectMethods';
import { binaryOp, short } from './operators';
import type { Scope } from './scope';
import { field, rootName } from './syntax';
import { type PyList, type PyValue, floatsOf, isDict, isGenerator, isList, isObject, typeName, withFloats } from './values';
import { defineClass, lookupClass, setAttribute } from './classes';

/** What statements need from the evaluator beyond expressions. */
export interface StmtHost extends ExprHost {
  /** Binds `name` in `scope` (and reports it, when the statement is reported). `target` is the name's node. */
  bindName(name: string, value: PyValue, scope: Scope, target: Node | undefined): void;
  /** `name` (bound in `owner`) changes in place from `old`: every other holder of `old` loses its value. */
  changedInPlace(name: string, owner: Scope, old: PyValue): void;
  /** Runs the statements of a block nested in `st` (if/with/try bodies): at module level each on its own. */
  nestedBlock(block: Node, scope: Scope): void;
  /** Runs `f` as the body of a loop (its statements are not reported one by one). */
  loop(f: () => void): void;
  /** A bare expression statement produced `value` (reported when the statement is). */
  reportExpression(value: PyValue, st: Node): void;
  /** True when `value` (or memory it shares) was changed in place since {@link changedInPlace} first saw it. */
  wasChanged(value: PyValue): boolean;
}

/** Decorators that change no value a function computes (torch's gradient modes). */
const NO_EFFECT_DECORATOR = /^@\s*(?:torch\.)?(?:no_grad|inference_mode|enable_grad)\s*(?:\(\s*\))?\s*$/;

export function execStatement(h: StmtHost, st: Node, scope: Scope): void {
  switch (st.type) {
    case 'expression_statement': {
      const inner = st.namedChildren[0];
      if (!inner) return;
      if (inner.type === 'assignment') return assign(h, inner, scope);
      if (inner.type === 'augmented_assignment') return augmented(h, inner, scope);
      if (st.namedChildren.length > 1) { for (const c of st.namedChildren) if (c) h.expr(c, scope); return; }
      h.reportExpression(inner.type === 'call' ? statementCall(h, inner, scope, true) : h.expr(inner, scope), st);
      return;
    }
    case 'import_statement':
      for (const n of st.namedChildren) {
        if (!n) continue;
        if (n.type === 'dotted_name') h.bindName(n.text.split('.')[0], { kind: 'ref', path: n.text.split('.')[0] }, scope, undefined);
        else if (n.type === 'aliased_import') h.bindName(field(n, 'alias').text, { kind: 'ref', path: field(n, 'name').text }, scope, undefined);
      }
      return;
    case 'import_from_statement': {
      const mod = field(st, 'module_name').text;
      if (st.namedChildren.some((c) => c?.type === 'wildcard_import')) throw new NotEvaluable(`from ${mod} import * is not evaluated`);
      // A constant is its value (`from math import pi`: a float, as `math.pi` reads), anything else a reference.
      const imported = (name: string): PyValue => libraryConstant(`${mod}.${name}`) ?? { kind: 'ref', path: `${mod}.${name}` };
      for (const n of st.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'dotted_name') h.bindName(n.text, imported(n.text), scope, undefined);
        else if (n.type === 'aliased_import') h.bindName(field(n, 'alias').text, imported(field(n, 'name').text), scope, undefined);
      }
      return;
    }
    case 'function_definition': {
      const name = field(st, 'name').text;
      h.bindName(name, makeFunction(h, st, name, scope), scope, undefined);
      return;
    }
    case 'class_definition': {
      const name = field(st, 'name').text;
      h.bindName(name, defineClass(h, st, scope), scope, undefined);
      return;
    }
    case 'decorated_definition': {
      const def = field(st, 'definition');
      if (def.type !== 'function_definition') throw new NotEvaluable('decorated classes are not evaluated');
      const name = field(def, 'name').text;
      const decorators = st.namedChildren.filter((c): c is Node => c?.type === 'decorator').map((d) => d.text);
      const fn = makeFunction(h, def, name, scope);
      // Gradient modes change no value: `@torch.no_grad()` runs the function as it is.
      const other = decorators.find((d) => !NO_EFFECT_DECORATOR.test(d));
      h.bindName(name, other ? { ...fn, unsupported: `the decorator ${other} of ${name}() is not evaluated`, decorator: other } : fn, scope, undefined);
      return;
    }
    case 'if_statement': {
      if (h.truthy(h.expr(field(st, 'condition'), scope))) return h.nestedBlock(field(st, 'consequence'), scope);
      for (const alt of st.childrenForFieldName('alternative')) {
        if (!alt) continue;
        if (alt.type === 'else_clause') return h.nestedBlock(field(alt, 'body'), scope);
        if (h.truthy(h.expr(field(alt, 'condition'), scope))) return h.nestedBlock(field(alt, 'consequence'), scope);
      }
      return;
    }
    case 'for_statement': return forLoop(h, st, scope);
    case 'while_statement': return whileLoop(h, st, scope);
    case 'break_statement': throw new LoopJump('break');
    case 'continue_statement': throw new LoopJump('continue');
    case 'return_statement': {
      const v = st.namedChildren.find((c) => c !== null && c.type !== 'comment');
      const value = v ? h.expr(v, scope) : null;
      throw new Return(value, v !== undefined && typeof value === 'number' && Number.isInteger(value) && isIntSyntax(v, kindNames(scope)));
    }
    case 'with_statement': {
      // fork_rng restores the generators afterwards: skipping the block keeps later draws right (torchCalls.ts)
      if (/\bfork_rng\b/.test(st.namedChildren[0]?.text ?? '')) throw new NotEvaluable('draws inside torch.random.fork_rng() are not evaluated (torch restores the generator after the block)');
      // The context managers of tutorials (`torch.no_grad()`, `open(…)`) are not modelled; what they bind is unknown.
      for (const t of st.descendantsOfType('as_pattern_target')) {
        const name = t?.namedChild(0);
        if (name?.type === 'identifier') scope.markUnbound(name.text, { reason: '`with … as` values are not evaluated', range: h.range(t as Node) ?? zeroRange(), isError: false });
      }
      return h.nestedBlock(field(st, 'body'), scope);
    }
    case 'try_statement': return tryStatement(h, st, scope);
    case 'delete_statement':
      for (const t of st.namedChildren) {
        if (!t) continue;
        const targets = t.type === 'expression_list' ? t.namedChildren : [t];
        for (const x of targets) if (x) deleteTarget(h, x, scope);
      }
      return;
    case 'assert_statement': {
      const cond = st.namedChildren[0];
      if (!cond) return;
      let ok: boolean;
      try {
        ok = h.truthy(h.expr(cond, scope));
      } catch (e) {
        if (e instanceof NotEvaluable) return; // not known: the program goes on as if it held
        throw e;
      }
      if (!ok) throw new InputError(`AssertionError: assert ${cond.text.slice(0, 80)}`);
      return;
    }
    case 'raise_statement':
      throw new InputError(`the program raises ${st.text.replace(/^raise\s*/, '').slice(0, 80) || 'an exception'}`);
    case 'comment': case 'pass_statement': case 'global_statement': case 'nonlocal_statement':
    case 'future_import_statement': case 'print_statement':
      return;
    default:
      throw new NotEvaluable(`${st.type.replace(/_/g, ' ')} is not evaluated`);
  }
}

function zeroRange(): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/**
 * A call as a whole statement (`bare`) or the right side of an assignment: methods that change their object in
 * place (`xs.append(x)`, `t.masked_fill_(m, v)`) are applied here. A bare in-place tensor call gives None (its
 * value, the tensor itself, is discarded: it is not reported again as an expression).
 */
function statementCall(h: StmtHost, call: Node, scope: Scope, bare = false): PyValue {
  const { fn, args, kwargs } = callParts(h, call, scope);
  if (typeof fn === 'object' && fn !== null && fn.kind === 'bound' && isMutatingCall(fn)) {
    const receiver = field(field(call, 'function'), 'object');
    const r = callObjectMethod(fn, args, kwargs, (v) => h.call(kwargs.get('key') as PyValue, [v], new Map(), call, scope));
    if (r.updated === undefined || r.updated === fn.self) return r.result;
    const updated = isList(fn.self) && isList(r.updated) ? keepFloats(fn.self, fn.name, r.updated, call, args, scope) : r.updated;
    markApproximate(updated, isApproximate(fn.self) || args.some(isApproximate)); // `outs.append(w @ V)`
    // The changed list or dict is a copy (earlier lines keep the old one): it counts against the bytes allocated,
    // or a loop of 50,000 appends copied 10^9 items (a minute, and it ran out of memory).
    if (isList(updated)) h.budget.allocate(updated.items.length * 8, h.lineAt(call));
    else if (isDict(updated)) h.budget.allocate(updated.entries.size * DICT_ENTRY_BYTES, h.lineAt(call));
    refuseRepeatedItem(receiver, fn.self, scope);
    assignTo(h, receiver, updated, scope, true);
    return r.result;
  }
  if (typeof fn === 'object' && fn !== null && fn.kind === 'method' && isTensor(fn.self)) {
    const updated = tensorInPlace(fn.self, fn.name, args, kwargs, h.ctx); // `x.masked_fill_(…)` (torchMethods.ts)
    if (updated !== undefined) {
      assignTo(h, field(field(call, 'function'), 'object'), updated, scope, true);
      return bare ? null : updated;
    }
  }
  return h.call(fn, args, kwargs, call, scope);
}

function assign(h: StmtHost, node: Node, scope: Scope): void {
  const right = node.childForFieldName('right');
  if (!right) return; // annotation only: `x: int`
  const targets: Node[] = [field(node, 'left')];
  let value: Node = right;
  while (value.type === 'assignment') {
    targets.push(field(value, 'left'));
    const r = value.childForFieldName('right');
    if (!r) return;
    value = r;
  }
  // A Python float even when integral (`n = 6 / 2`): read before the names change (`n = n / 2`).
  const float = isFloatSyntax(value, (name) => scope.isFloat(name));
  const v = value.type === 'call' ? statementCall(h, value, scope) : h.expr(value, scope);
  refuseStoredLazyIterator(v, targets);
  // An integral number whose kind the code leaves open (`s = cfg["scale"]`): the name says so (Scope.isOpenKind).
  const open = !float && typeof v === 'number' && Number.isInteger(v) && !isIntSyntax(value, kindNames(scope));
  // Python assigns left to right: `a = b = v` binds a first.
  for (const t of targets) {
    assignTo(h, t, v, scope, false);
    if (float && t.type === 'identifier') scope.markNumber(t.text, 'float');
    if (open && t.type === 'identifier') scope.markNumber(t.text, 'open');
  }
}

/**
 * Binds `value` to a target: a name, a tuple/list pattern (with one `*rest`), an item (`A[i, j]`, `d[k]`,
 * `xs[1:3]`) or an attribute (not evaluated). `inPlace` says the target's old object changes (a method call
 * or an augmented assignment) rather than being replaced.
 */
export function assignTo(h: StmtHost, target: Node, value: PyValue, scope: Scope, inPlace: boolean): void {
  switch (target.type) {
    case 'identifier': {
      if (inPlace) {
        const owner = scope.owner(target.text);
        const old = owner.peek(target.text);
        if (old !== undefined && old !== value) h.changedInPlace(target.text, owner, old);
        h.bindName(target.text, value, owner, target);
      } else h.bindName(target.text, value, scope, target);
      return;
    }
    case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'list': case 'parenthesized_expression': {
      const targets = target.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      if (target.type === 'parenthesized_expression' && targets.length === 1) return assignTo(h, targets[0], value, scope, false);
      const items = unpack(value, targets);
      targets.forEach((t, i) => assignTo(h, t.type === 'list_splat_pattern' || t.type === 'list_splat' ? field(t, 'value', 0) : t, items[i], scope, false));
      // `a, b = 2.0, 3.0`: a and b are Python floats, integral or not (torch makes `ids * a` float32); `s, n =
      // cfg["s"], 2`: s is of open kind.
      if (isList(value) && !targets.some((t) => t.type === 'list_splat_pattern' || t.type === 'list_splat')) {
        targets.forEach((t, i) => { if (t.type === 'identifier') markItemKind(scope, t.text, value, i); });
      }
      return;
    }
    case 'subscript': {
      const base = field(target, 'value');
      // Held by this name only (made by the previous `A[i] = v`)? Reading it here only feeds this assignment.
      const before = base.type === 'identifier' ? scope.peek(base.text) : undefined;
      const sole = typeof before === 'object' && before !== null && scope.sole.has(before);
      const old = h.expr(base, scope);
      if (sole && old === before) scope.sole.add(before);
      const idx = indexValues(h, target, scope);
      // `A[i][j] = v` changes A through the view A[i]; with a fancy index (`A[[0, 1]][0] = v`) it would change a copy.
      if (base.type === 'subscript' && isNDArray(old) && !indexValues(h, base, scope).every(isBasicIndex)) {
        throw new NotEvaluable(`assignment through ${base.text}, which may be a copy, is not evaluated`);
      }
      // A value torch gives only within a tolerance makes the container approximate (`pe[0] = w[0]`, `z[0] = g`).
      const updated = markApproximate(setItem(old, idx, value, base.text, h, h.lineAt(target)), isApproximate(old) || isApproximate(value) || idx.some(isApproximate));
      refuseRepeatedItem(base, old, scope);
      assignTo(h, base, updated, scope, true);
      // A fresh object, bound to this name only: the next change in place need not look for other holders.
      if (base.type === 'identifier' && typeof updated === 'object' && updated !== null && updated !== old && updated !== value && !mayView(updated)) scope.sole.add(updated);
      // An inner object changed (`m[0][1] = v`, `A[0][1] = v`): whatever else holds it (another name, another
      // row of `[[0] * 3] * 2`) no longer shows it.
      if (base.type !== 'identifier' && isMutable(old)) h.changedInPlace(base.text, scope, old);
      return;
    }
    case 'attribute': {
      const base = rootName(target);
      const held = base ? scope.get(base) : undefined;
      if (held !== undefined && isGenerator(held)) {
        // `rng.bit_generator.state = saved`: the generator's state is no longer known (randomCalls.ts).
        const cause = `\`${target.text} = …\` changes the generator's state, which is not evaluated`;
        const line = (h.range(target)?.start.line ?? 0) + 1;
        h.ctx.random.markUnknown(held.handle, { call: target.parent?.text.slice(0, 60) ?? target.text, line, cause });
        throw new NotEvaluable(cause);
      }
      // An object of the program's classes (`self.W_q = nn.Linear(…)`): changed in place, as in Python.
      const obj = held === undefined && !scope.whyUnbound(base ?? '') ? undefined : h.expr(field(target, 'object'), scope);
      if (isObject(obj)) {
        const name = field(target, 'attribute').text;
        // `self.store.append(x)`, `self.W[0] = 1` where store/W is the class's: Python changes the one object every
        // instance reads; binding it on this instance would leave the others showing the old one.
        const shared = inPlace && !obj.attrs.has(name) ? lookupClass(obj.cls, name) : undefined;
        if (shared) {
          const why = `${target.text} is an attribute of the class ${shared[1].name}, shared by all its instances: a change to it in place is not evaluated`;
          shared[1].unknown ??= why; // every instance, and the class itself, read it
          throw new NotEvaluable(why);
        }
        return setAttribute(obj, name, value);
      }
      throw new NotEvaluable(`assignment to the attribute ${target.text} is not evaluated`);
    }
    default:
      throw new NotEvaluable(`assignment to ${target.type.replace(/_/g, ' ')} is not evaluated`);
  }
}

/** The values for the targets of an unpacking (`a, b = …`, `first, *rest = …`). */
export function unpack(value: PyValue, targets: readonly Node[]): PyValue[] {
  const items = iterate(value);
  const star = targets.findIndex((t) => t.type === 'list_splat_pattern' || t.type === 'list_splat');
  if (star < 0) {
    if (items.length !== targets.length) {
      throw new InputError(items.length > targets.length ? `ValueError: too many values to unpack (expected ${targets.length})` : `ValueError: not enough values to unpack (expected ${targets.length}, got ${items.length})`);
    }
    return items;
  }
  const after = targets.length - star - 1;
  if (items.length < targets.length - 1) throw new InputError(`ValueError: not enough values to unpack (expected at least ${targets.length - 1}, got ${items.length})`);
  return [...items.slice(0, star), { kind: 'list', items: items.slice(star, items.length - after), tuple: false }, ...items.slice(items.length - after)];
}

/** Marks `name`, bound to item `i` of `list`, with what the list knows of that item's kind (PyList.floats, open). */
function markItemKind(scope: Scope, name: string, list: PyList, i: number): void {
  if (list.floats?.[i]) scope.markNumber(name, 'float');
  else if (list.open?.[i]) scope.markNumber(name, 'open');
}

/**
 * `xs.append(v)` / `xs.extend(ys)` keep which items are Python floats though integral (values.ts, PyList.floats):
 * `xs.append(0.0)` is a float by its syntax, `xs.extend([1.0])` by the list's; `np.array(xs)` is then float64 (it
 * was int64). Other changes (insert, pop, sort…) drop the marks unless none was set.
 */
function keepFloats(old: PyList, method: string, updated: PyList, call: Node, args: readonly PyValue[], scope: Scope): PyList {
  const before = floatsOf(old) ?? old.items.map(() => false);
  if (method === 'append') {
    const arg = call.childForFieldName('arguments')?.namedChildren.find((n) => n !== null && n.type !== 'comment');
    return withFloats(updated, [...before, isFloatSyntax(arg, (n) => scope.isFloat(n))]);
  }
  if (method === 'extend' && isList(args[0])) return withFloats(updated, [...before, ...(floatsOf(args[0]) ?? args[0].items.map(() => false))]);
  return floatsOf(old) ? withFloats(updated, undefined) : updated;
}

/** What a dict's entry counts against the bytes allocated when the dict is copied: a key, a value and a link. */
const DICT_ENTRY_BYTES = 32;

/** `container[idx] = value` as a new container. */
function setItem(container: PyValue, idx: readonly PyValue[], value: PyValue, name: string, h: StmtHost, line: LineRef): PyValue {
  if (isNDArray(container)) {
    h.budget.spendWork(container.data.length, line);
    const out = assignItems(container, idx, value, name, h.ctx.limits);
    if (out.shape.length !== container.shape.length || out.shape.some((d, i) => d !== container.shape[i])) {
      throw new InputError(`assignment changed the shape of ${name} ${shapeString(container.shape)}`);
    }
    return out;
  }
  // A dict or list changed here is a copy (earlier lines keep the old one): the copy counts against the bytes
  // allocated, a dict's entry as DICT_ENTRY_BYTES (its hash table slot), or a loop of 20,000 `vocab[w] = i` ran for
  // half a minute unbounded.
  if (isDict(container)) {
    h.budget.allocate((container.entries.size + 1) * DICT_ENTRY_BYTES, line);
    return dictSet(container, idx.length === 1 ? idx[0] : { kind: 'list', items: idx, tuple: true }, value);
  }
  if (isList(container) && !container.tuple) {
    if (idx.length !== 1) throw new InputError('list indices must be integers or slices, not tuple');
    h.budget.allocate(container.items.length * 8, line);
    const i = idx[0];
    const items = container.items.slice();
    if (typeof i === 'object' && i !== null && i.kind === 'slice') {
      const positions = sliceIndices(i, items.length);
      const values = iterate(value);
      if ((i.step ?? 1) !== 1) {
        if (values.length !== positions.length) throw new InputError(`ValueError: attempt to assign sequence of size ${values.length} to extended slice of size ${positions.length}`);
        positions.forEach((p, k) => { items[p] = values[k]; });
        return { kind: 'list', items, tuple: false };
      }
      const start = positions.length ? positions[0] : Math.min(Math.max(i.start === undefined ? 0 : i.start < 0 ? i.start + items.length : i.start, 0), items.length);
      items.splice(start, positions.length, ...values);
      return { kind: 'list', items, tuple: false };
    }
    const raw = toInt(i, 'list index');
    const k = raw < 0 ? raw + items.length : raw;
    if (k < 0 || k >= items.length) throw new InputError('IndexError: list assignment index out of range');
    items[k] = value;
    return { kind: 'list', items, tuple: false };
  }
  if (typeof container === 'string' || isList(container)) throw new InputError(`'${typeName(container)}' object does not support item assignment`);
  throw new NotEvaluable(`item assignment on ${typeName(container)} is not evaluated`);
}

function augmented(h: StmtHost, node: Node, scope: Scope): void {
  const left = field(node, 'left');
  const right = field(node, 'right');
  const op = field(node, 'operator').text.replace(/=$/, '');
  if (left.type === 'attribute') {
    const obj = h.expr(field(left, 'object'), scope);
    if (!isObject(obj)) throw new NotEvaluable(`augmented assignment to the attribute ${left.text} is not evaluated`);
    const old = h.expr(left, scope);
    if (isNDArray(old) || isMutable(old)) throw new NotEvaluable(`augmented assignment to ${left.text} (in place) is not evaluated`);
    const b = h.expr(right, scope);
    const r = binaryOp(field(node, 'operator').text.replace(/=$/, ''), old, b, left.text, right.text, h.ctx, h.budget, h.lineAt(node));
    return setAttribute(obj, field(left, 'attribute').text, carryApproximation(r, [old, b], short(node.text)));
  }
  // `n /= 2` makes a float; `n += 1` keeps a float a float (`//` and `%` too: they give ints for ints only).
  const float = left.type === 'identifier' && (op === '/' || scope.isFloat(left.text) || isFloatSyntax(right, (name) => scope.isFloat(name)));
  const old = h.expr(left, scope);
  const b = h.expr(right, scope);
  let value: PyValue;
  let inPlace = false;
  if (isNDArray(old) && !tensorInfo(old)) { // TensorFlow tensors and JAX arrays are immutable: `t += x` rebinds t
    value = binaryOp(op, old, b, left.text, right.text, h.ctx, h.budget, h.lineAt(node));
    if (isTensor(old)) value = inPlaceResult(old, value, `${left.text} ${op}= ${right.text}`); // torch keeps x's dtype
    if (!isNDArray(value) || value.shape.length !== old.shape.length || value.shape.some((d, i) => d !== old.shape[i])) {
      throw new InputError({ kind: 'not-broadcastable', form: 'in-place', op: `${left.text} ${op}= ${right.text}`, from: isNDArray(value) ? value.shape : [], to: old.shape });
    }
    if (!isTensor(old)) value = castInPlace(old, value, op, `${left.text} ${op}= ${right.text}`); // NumPy keeps x's dtype too
    inPlace = true; // NumPy changes the array itself: views and other names see it
  } else if (isList(old) && !old.tuple && op === '+') {
    value = { kind: 'list', items: [...old.items, ...iterate(b)], tuple: false };
    inPlace = true;
  } else {
    value = binaryOp(op, old, b, left.text, right.text, h.ctx, h.budget, h.lineAt(node));
  }
  value = carryApproximation(value, [old, b], `${left.text} ${op}= ${right.text}`);
  if (left.type === 'identifier') {
    assignTo(h, left, value, scope, inPlace);
    if (float) scope.owner(left.text).markNumber(left.text, 'float');
  } else {
    if (inPlace) refuseRepeatedItem(left, old, scope);
    assignTo(h, left, value, scope, false); // an item: the container changes in place (setItem → assignTo)
    if (inPlace) h.changedInPlace(left.text, scope, old); // and the item itself did (`rows[0] += [x]`, `A[0] += 1`)
  }
}

/** Iterators whose items the evaluator computes at once by running code that Python runs only when they are consumed. */
const LAZY_ITERATORS: ReadonlySet<string> = new Set(['generator', 'map', 'filter']);
const UNPACKING_TARGETS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list']);

/**
 * Throws when an assignment stores a generator expression, `map(f, …)` or `filter(f, …)` in a name: Python runs its
 * body when it is consumed, with the names' values of then (`gen = (i * k for i in range(3)); k = 100; list(gen)`
 * is [0, 100, 200]), whereas the evaluator computed the items here (was: [0, 10, 20]). Unpacking it
 * (`a, b = (…)`) consumes it at once: evaluated.
 */
function refuseStoredLazyIterator(v: PyValue, targets: readonly Node[]): void {
  if (typeof v !== 'object' || v === null || v.kind !== 'iterator' || !LAZY_ITERATORS.has(v.what)) return;
  if (targets.every((t) => UNPACKING_TARGETS.has(t.type))) return; // `a, b = (f(x) for x in xs)` consumes it at once
  const kind = v.what === 'generator' ? 'a generator expression' : `${v.what}()`;
  throw new NotEvaluable(`${targets.map((t) => t.text).join(' = ')} holds ${kind}, whose body Python runs only when it is consumed (with the values of that time), which is not evaluated`);
}

/**
 * Throws when `item`, the object that `target` (an item such as `grid[0]` or `rows[1]`) names and that a statement
 * changes in place, is held more than once in the target's root name (`grid = [[0] * 3] * 3`, `r = [[]] * 2`):
 * Python changes that one object, so every place shows the change, whereas the evaluator writes a changed copy
 * back to the one place (was: `grid[0][0] = 1` showed only row 0 changed; `r[0].append(1)` left len(r[1]) at 0).
 */
function refuseRepeatedItem(target: Node, item: PyValue, scope: Scope): void {
  if (target.type === 'identifier' || !isMutable(item)) return;
  const root = rootName(target);
  const held = root ? scope.peek(root) : undefined;
  if (root && held !== undefined && heldTwice(held, item)) {
    throw new NotEvaluable(`${target.text} is held more than once in ${root} (a list repeated with *, such as [[0] * 3] * 3), so changing it changes every copy, which is not evaluated`);
  }
}

function deleteTarget(h: StmtHost, t: Node, scope: Scope): void {
  if (t.type === 'identifier') {
    scope.delete(t.text);
    return;
  }
  if (t.type === 'subscript') {
    const base = field(t, 'value');
    const old = h.expr(base, scope);
    const idx = indexValues(h, t, scope);
    let updated: PyValue;
    if (isDict(old)) {
      const k = idx.length === 1 ? idx[0] : { kind: 'list' as const, items: idx, tuple: true };
      const h2 = hashKey(k);
      if (!old.entries.has(h2)) throw new InputError('KeyError in del');
      const entries = new Map(old.entries);
      entries.delete(h2);
      updated = { kind: 'dict', entries };
    } else if (isList(old) && !old.tuple && idx.length === 1 && typeof idx[0] === 'number') {
      const n = old.items.length;
      const k = idx[0] < 0 ? idx[0] + n : idx[0];
      if (k < 0 || k >= n) throw new InputError('IndexError: list assignment index out of range');
      updated = { kind: 'list', items: old.items.filter((_, i) => i !== k), tuple: false };
    } else throw new NotEvaluable(`del ${t.text} is not evaluated`);
    assignTo(h, base, updated, scope, true);
    return;
  }
  throw new NotEvaluable(`del ${t.text} is not evaluated`);
}

function isBasicIndex(v: PyValue): boolean {
  return typeof v === 'number' || (typeof v === 'object' && v !== null && v.kind === 'slice');
}

/** The objects a loop reads as it iterates (Python's iterators read lists and arrays live). */
function watched(iterable: PyValue): PyValue[] {
  const sources = typeof iterable === 'object' && iterable !== null && iterable.kind === 'iterator' ? [iterable, ...(iterable.sources ?? [])] : [iterable];
  return sources.filter(isMutable);
}

function forLoop(h: StmtHost, st: Node, scope: Scope): void {
  if (st.children.some((c) => c?.type === 'async')) throw new NotEvaluable('async for is not evaluated');
  const right = field(st, 'right');
  const iterable = h.expr(right, scope);
  const line = h.lineAt(st);
  const left = field(st, 'left');
  const body = field(st, 'body');
  const watch = watched(iterable);
  let broke = false;
  // `for s in [1.0, 2.0]`: s is a Python float, integral or not (of open kind for `[cfg["s"], 2]`).
  const marked = isList(iterable) && left.type === 'identifier' ? iterable : undefined;
  h.loop(() => {
    let index = 0;
    forEachItem(iterable, (item) => {
      h.budget.iterate(line, `the for loop`);
      assignTo(h, left, item, scope, false);
      if (marked) markItemKind(scope, left.text, marked, index++);
      let jump: LoopJump | undefined;
      try {
        h.block(body, scope);
      } catch (e) {
        if (!(e instanceof LoopJump)) throw e;
        jump = e;
      }
      if (watch.some((v) => h.wasChanged(v))) throw new NotEvaluable(`${right.text.slice(0, 40)} changes in place while the loop iterates over it, which is not evaluated`);
      if (jump?.kind === 'break') broke = true;
      return !broke;
    });
    const alt = st.childForFieldName('alternative');
    if (!broke && alt) h.block(field(alt, 'body'), scope);
  });
}

function whileLoop(h: StmtHost, st: Node, scope: Scope): void {
  const line = h.lineAt(st);
  const cond = field(st, 'condition');
  const body = field(st, 'body');
  let broke = false;
  h.loop(() => {
    while (h.truthy(h.expr(cond, scope))) {
      h.budget.iterate(line, 'the while loop');
      try {
        h.block(body, scope);
      } catch (e) {
        if (!(e instanceof LoopJump)) throw e;
        if (e.kind === 'break') { broke = true; break; }
      }
    }
    const alt = st.childForFieldName('alternative');
    if (!broke && alt) h.block(field(alt, 'body'), scope);
  });
}

function tryStatement(h: StmtHost, st: Node, scope: Scope): void {
  const handlers = st.namedChildren.filter((c) => c?.type === 'except_clause' || c?.type === 'except_group_clause');
  try {
    h.block(field(st, 'body'), scope);
  } catch (e) {
    if (e instanceof Return || e instanceof LoopJump) throw e;
    if (handlers.length && (e instanceof InputError || e instanceof NotEvaluable)) {
      throw new NotEvaluable(`the try block may raise, and its except clause is not evaluated (${(e as Error).message})`);
    }
    throw e;
  }
  for (const c of st.namedChildren) {
    if (c?.type === 'else_clause' || c?.type === 'finally_clause') {
      const body = c.childForFieldName('body') ?? c.namedChildren.find((x) => x?.type === 'block');
      if (body) h.block(body, scope);
    }
  }
}
