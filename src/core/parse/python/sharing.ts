/**
 * Which names a statement that could not be evaluated may have changed in place, and which names the values it
 * would have bound may share data with: the syntax side of "a failed change in place never leaves a stale
 * value on display" (evaluator.ts, `fail`). In NumPy, `row = A[0]; row[1] = x` changes A; when that assignment
 * cannot be evaluated, A (and every other holder of its memory) must become unknown too, and an unknown
 * `v = A[:, :n]` still views A, so that a later failed `v[:] = 0` makes A unknown.
 */
import type { Node } from './syntaxTree';
import { rootName } from './syntax';

/** Nodes that open their own scope: their bodies are not statements of the enclosing one. */
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition', 'lambda']);
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat']);
/** Attributes of an array that are plain values, not views of its data. */
const VALUE_ATTRIBUTES = new Set(['shape', 'ndim', 'size', 'dtype', 'itemsize', 'nbytes', 'strides', 'device', 'requires_grad', 'is_cuda']);
/** Node types whose value may hold (or be) any of their parts. */
const CONTAINERS = new Set(['parenthesized_expression', 'boolean_operator', 'list', 'tuple', 'set', 'dictionary', 'pair', 'expression_list', 'list_splat', 'dictionary_splat', 'keyword_argument', 'argument_list']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** Calls into the rest of the statement, skipping nested definitions (their bodies run elsewhere). */
function* nodesOf(st: Node): Generator<Node> {
  const stack: Node[] = [st];
  while (stack.length) {
    const n = stack.pop() as Node;
    yield n;
    if (n !== st && DEFINITIONS.has(n.type)) continue;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c) stack.push(c); }
  }
}

/** Adds the root names of the targets that change an existing object (`A[i] = …`, `o.x = …`), not those that rebind a name. */
function itemTargetRoots(t: Node | null, out: Set<string>): void {
  if (!t) return;
  if (PATTERNS.has(t.type)) for (const c of t.namedChildren) itemTargetRoots(c, out);
  else if (t.type === 'subscript' || t.type === 'attribute') {
    const r = rootName(t);
    if (r) out.add(r);
  }
}

/**
 * The names whose objects statement `st` may change in place: roots of item and attribute targets
 * (`row[1] = v`, `d["s"][0] = v`, `self.W = …`), augmented assignments (`x += v`, which NumPy does in place),
 * the objects of mutating methods (`xs.append(v)`, `x.fill(0)`) and the arguments of calls that may change
 * them (`np.random.shuffle(x)`, the program's own functions). Definitions' bodies are not entered.
 *
 * @param mutators which method names change their object in place
 * @param mutatingCall which calls may change their arguments
 * @param changeable whether the value a name holds can change in place at all
 * @param fresh which calls return a new value sharing nothing with their arguments (see {@link viewSources})
 */
export function inPlaceRoots(st: Node, mutators: (name: string) => boolean, mutatingCall: (call: Node) => boolean, changeable: (name: string) => boolean,
  fresh: (call: Node) => boolean = () => false): string[] {
  const out = new Set<string>();
  for (const n of nodesOf(st)) {
    switch (n.type) {
      case 'assignment': case 'for_statement': itemTargetRoots(n.childForFieldName('left'), out); break;
      case 'augmented_assignment': {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') out.add(left.text);
        else itemTargetRoots(left, out);
        break;
      }
      case 'delete_statement': for (const c of n.namedChildren) itemTargetRoots(c, out); break;
      case 'call': {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute' && mutators(fn.childForFieldName('attribute')?.text ?? '')) {
          const r = rootName(fn.childForFieldName('object') as Node);
          if (r) out.add(r);
        }
        // The arguments' data (`f(A)`, `f(A[0])`, `f(obj.W)`), not a new array made from it (`f(A.copy())`).
        if (mutatingCall(n)) for (const name of sourcesOf(n.childForFieldName('arguments'), fresh)) out.add(name);
        break;
      }
    }
  }
  return [...out].filter(changeable);
}

/**
 * The names whose data the values bound by statement `st` may share (be, hold or view): for `v = A[:, :n]`,
 * `B = A.T`, `rows = [A[0], A[1]]`, `for row in A`, `xs.append(A[0])` or `y = f(A)` (a function of the
 * program), A. A result `fresh(call)` says is new (a library function that returns a new array, `x.sum()`)
 * and operators (`A + 1`) share nothing.
 */
export function viewSources(st: Node, fresh: (call: Node) => boolean, mutators: (name: string) => boolean): string[] {
  const out = new Set<string>();
  const add = (e: Node | null): void => { for (const name of sourcesOf(e, fresh)) out.add(name); };
  for (const n of nodesOf(st)) {
    switch (n.type) {
      case 'assignment': case 'augmented_assignment': case 'for_statement': add(n.childForFieldName('right')); break;
      case 'named_expression': add(n.childForFieldName('value')); break;
      case 'call': {
        const fn = n.childForFieldName('function');
        // `xs.append(A[0])`: xs now holds A's row
        if (fn?.type === 'attribute' && mutators(fn.childForFieldName('attribute')?.text ?? '')) add(n.childForFieldName('arguments'));
        break;
      }
    }
  }
  return [...out];
}

/** The names an expression's value may be, hold or view (an explicit stack: expressions nest deeply). */
function sourcesOf(e: Node | null, fresh: (call: Node) => boolean): string[] {
  const out: string[] = [];
  const stack: Node[] = e ? [e] : [];
  while (stack.length) {
    const n = stack.pop() as Node;
    const push = (c: Node | null): void => { if (c) stack.push(c); };
    if (n.type === 'identifier') out.push(n.text);
    else if (n.type === 'subscript') push(n.childForFieldName('value'));
    else if (n.type === 'attribute') { if (!VALUE_ATTRIBUTES.has(n.childForFieldName('attribute')?.text ?? '')) push(n.childForFieldName('object')); }
    else if (n.type === 'call') {
      if (fresh(n)) continue;
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute') push(fn.childForFieldName('object'));
      push(n.childForFieldName('arguments'));
    } else if (n.type === 'conditional_expression') { push(n.namedChild(0)); push(n.namedChild(2)); }
    else if (n.type === 'named_expression') push(n.childForFieldName('value'));
    else if (CONTAINERS.has(n.type)) for (const c of n.namedChildren) push(c);
    else if (COMPREHENSIONS.has(n.type)) {
      push(n.namedChild(0));
      for (const c of n.namedChildren) if (c?.type === 'for_in_clause') push(c.childForFieldName('right'));
    }
  }
  return out;
}

/**
 * The names statement `st` passes to calls that may change their arguments (`attention(x, x, x, mask)` with
 * `attention` the program's own function, `np.random.shuffle(x)`), each with the first such callee's text:
 * when the statement cannot be evaluated, they are unknown because the call may have changed them.
 */
export function passedTo(st: Node, mutatingCall: (call: Node) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodesOf(st)) {
    if (n.type !== 'call' || !mutatingCall(n)) continue;
    const callee = n.childForFieldName('function')?.text ?? 'a function';
    for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) {
      const v = a?.type === 'keyword_argument' ? a.childForFieldName('value') : a;
      const r = v ? rootName(v) : undefined;
      if (r && !out.has(r)) out.set(r, callee);
    }
  }
  return out;
}
