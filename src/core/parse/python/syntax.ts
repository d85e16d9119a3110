/** Reading the tree-sitter Python syntax tree: fields, names, string literals, the rows of a literal. */
import type { Node } from './syntaxTree';
import type { SourceRange } from '../../range';
import { NotEvaluable } from './library';

export function field(node: Node, name: string, index?: number): Node {
  const f = index === undefined ? node.childForFieldName(name) : node.namedChild(index);
  if (!f) throw new NotEvaluable(`incomplete ${node.type.replace(/_/g, ' ')}`);
  return f;
}

export function rootName(n: Node): string | undefined {
  let cur: Node | null = n;
  while (cur && (cur.type === 'subscript' || cur.type === 'attribute' || cur.type === 'call' || cur.type === 'parenthesized_expression')) {
    cur = cur.type === 'subscript' ? cur.childForFieldName('value') : cur.type === 'attribute' ? cur.childForFieldName('object') : cur.type === 'call' ? cur.childForFieldName('function') : cur.namedChild(0);
  }
  return cur?.type === 'identifier' ? cur.text : undefined;
}

const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat']);
const SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression']);

/** Adds the names a binding target binds (`x`, `a, (b, *c)`); for `A[i]` or `o.x`, the root name (changed in place). */
function targetNames(t: Node | null, out: Set<string>): void {
  if (!t) return;
  if (t.type === 'identifier') out.add(t.text);
  else if (PATTERNS.has(t.type)) for (const c of t.namedChildren) targetNames(c, out);
  else if (t.type === 'subscript' || t.type === 'attribute' || t.type === 'as_pattern_target') {
    const r = t.type === 'as_pattern_target' ? t.namedChild(0)?.text : rootName(t);
    if (r) out.add(r);
  }
}

/**
 * The names a statement may bind or change when it runs (so that they become unknown when it cannot be
 * evaluated): assignment and loop targets, `with … as`, `except … as`, `:=`, imports, definitions, and the
 * objects of calls that change them in place (`xs.append(…)`, `W.add_(…)`, `np.random.shuffle(x)`). Function
 * and class bodies are not entered (their names are their own), only their name counts. `mutators` says
 * which method names change their object in place; `mutatingCall(call)` which calls change their arguments;
 * `changeable(name)` whether the value a name holds can change in place at all (a module such as `torch` in
 * `torch.ones(3).fill_(1)` or `f(torch.ones(3))` cannot).
 */
export function mayAssign(st: Node, mutators: (name: string) => boolean, mutatingCall: (call: Node) => boolean, changeable: (name: string) => boolean = () => true): string[] {
  const out = new Set<string>();
  // An explicit stack, not recursion: a statement may nest thousands of levels deep.
  const stack: Node[] = [st];
  while (stack.length) {
    const n = stack.pop() as Node;
    bindsNames(n, (t) => targetNames(t, out), out);
    switch (n.type) {
      case 'call': {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute' && mutators(fn.childForFieldName('attribute')?.text ?? '')) {
          const r = rootName(fn.childForFieldName('object') as Node);
          if (r && changeable(r)) out.add(r);
        }
        if (mutatingCall(n)) {
          for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) {
            const v = a?.type === 'keyword_argument' ? a.childForFieldName('value') : a;
            const r = v ? rootName(v) : undefined;
            if (r && changeable(r)) out.add(r);
          }
        }
        break;
      }
    }
    if (n.type === 'function_definition' || n.type === 'class_definition') {
      // Their bodies bind their own names; only the definition's name counts.
      targetNames(n.childForFieldName('name'), out);
      continue;
    }
    if (n.type === 'decorated_definition') {
      targetNames(n.childForFieldName('definition')?.childForFieldName('name') ?? null, out);
      continue;
    }
    if (n !== st && SCOPES.has(n.type)) {
      // A comprehension's or lambda's variables are its own, but calls inside it may still change objects; an
      // assignment expression in a comprehension binds in the enclosing scope (PEP 572: `[y for x in xs if (y := f(x))]`).
      for (const c of n.descendantsOfType('call').reverse()) if (c) stack.push(c);
      if (n.type !== 'lambda') for (const w of n.descendantsOfType('named_expression')) if (w && enclosingScopeNode(w) === n) targetNames(w.childForFieldName('name'), out);
      continue;
    }
    // Children pushed last to first: names come out in source order.
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) { const c = kids[i]; if (c) stack.push(c); }
  }
  return [...out];
}

/**
 * The names local to a function body (Python decides this before the function runs): its parameters and
 * every name bound in the body, except those declared `global` or `nonlocal`.
 */
export function localNames(body: Node, params: readonly string[]): Set<string> {
  const out = new Set<string>(params);
  const declared = new Set<string>();
  const stack: Node[] = body.namedChildren.filter((c): c is Node => c !== null);
  while (stack.length) {
    const n = stack.pop() as Node;
    bindsNames(n, (t) => bindingNames(t, out), out);
    if (n.type === 'global_statement' || n.type === 'nonlocal_statement') for (const c of n.namedChildren) if (c?.type === 'identifier') declared.add(c.text);
    if (n.type === 'function_definition' || n.type === 'class_definition') {
      bindingNames(n.childForFieldName('name'), out);
      continue;
    }
    if (SCOPES.has(n.type)) continue;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  for (const d of declared) out.delete(d);
  return out;
}

/**
 * The names node `n` itself binds, the one list both {@link mayAssign} and {@link localNames} read: assignment,
 * `for` and `:=` targets and `as` aliases (each passed to `target`, which decides what a target binds), imports
 * (added to `out`) and `del` targets.
 */
function bindsNames(n: Node, target: (t: Node | null) => void, out: Set<string>): void {
  switch (n.type) {
    case 'assignment': case 'augmented_assignment': case 'for_statement': target(n.childForFieldName('left')); break;
    case 'named_expression': target(n.childForFieldName('name')); break;
    case 'as_pattern': target(n.childForFieldName('alias')); break;
    case 'import_statement': case 'import_from_statement':
      for (const c of n.childrenForFieldName('name')) {
        if (!c) continue;
        const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : null;
        out.add(alias ? alias.text : c.text.split('.')[0]);
      }
      break;
    case 'delete_statement': for (const c of n.namedChildren) target(c); break;
  }
}

/** Names bound by a target (subscripts and attributes bind nothing). */
function bindingNames(t: Node | null, out: Set<string>): void {
  if (!t) return;
  if (t.type === 'identifier') out.add(t.text);
  else if (t.type === 'as_pattern_target') bindingNames(t.namedChild(0), out);
  else if (PATTERNS.has(t.type)) for (const c of t.namedChildren) bindingNames(c, out);
}

/** The names bound by a loop or comprehension target. */
export function targetBindings(t: Node): Set<string> {
  const out = new Set<string>();
  bindingNames(t, out);
  return out;
}

export function lineOf(r: SourceRange): string {
  return `line ${r.start.line + 1}`;
}

/**
 * The value of a string literal (or of adjacent ones) with Python's escapes decoded (`'\n'` is a newline;
 * raw strings keep backslashes). @throws NotEvaluable for f-strings with fields, bytes and `\N{…}`.
 */
export function stringValue(node: Node): string {
  if (node.type === 'concatenated_string') return node.namedChildren.map((c) => (c ? stringValue(c) : '')).join('');
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? node.text.slice(0, 1);
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) throw new NotEvaluable('bytes literals are not evaluated');
  let out = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'interpolation') throw new NotEvaluable('f-strings with fields are not evaluated');
    if (c.type === 'string_content') out += prefix.includes('r') ? c.text : decodeEscapes(c.text);
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

function decodeEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|\r\n|[\s\S])/g, (all, e: string) => {
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    if (e === '\r\n') return '';
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e.startsWith('N{')) throw new NotEvaluable('\\N{…} escapes are not evaluated');
    return all; // an unknown escape keeps its backslash, as in Python
  });
}

/** The literal row `row` of the first nested list in `st` (the row a "ragged rows" message is about). */
export function raggedRow(st: Node, row: number): Node | undefined {
  for (const list of st.descendantsOfType(['list', 'tuple'])) {
    const rows = list?.namedChildren.filter((n): n is Node => n !== null) ?? [];
    if (rows.length > row && rows.every((r) => r.type === 'list' || r.type === 'tuple')) return rows[row];
  }
  return undefined;
}

/** The nearest function, class, lambda or comprehension around `n` (comprehensions nest in one another). */
function enclosingScopeNode(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (SCOPES.has(p.type)) return p;
  return undefined;
}

