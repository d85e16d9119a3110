/** Reading the tree-sitter Python syntax tree: fields, names, string literals, the rows of a literal. */
import type { Node } from 'web-tree-sitter';
import type { SourceRange } from '../../range';
import { NotEvaluable } from './library';

export function field(node: Node, name: string, index?: number): Node {
  const f = index === undefined ? node.childForFieldName(name) : node.namedChild(index);
  if (!f) throw new NotEvaluable(`incomplete ${node.type.replace(/_/g, ' ')}`);
  return f;
}

export function rootName(n: Node): string | undefined {
  let cur: Node | null = n;
  while (cur && (cur.type === 'subscript' || cur.type === 'attribute')) cur = cur.childForFieldName(cur.type === 'subscript' ? 'value' : 'object');
  return cur?.type === 'identifier' ? cur.text : undefined;
}

/** The names a statement binds (so they can be marked unbound when it cannot be evaluated). */
export function assignedNames(st: Node): string[] {
  const out = new Set<string>();
  const visit = (t: Node | null): void => {
    if (!t) return;
    if (t.type === 'identifier') out.add(t.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(t.type)) t.namedChildren.forEach(visit);
    else if (t.type === 'subscript' || t.type === 'attribute') {
      const r = rootName(t);
      if (r) out.add(r);
    }
  };
  for (const a of st.descendantsOfType(['assignment', 'augmented_assignment'])) visit(a?.childForFieldName('left') ?? null);
  if (st.type === 'function_definition' || st.type === 'class_definition') visit(st.childForFieldName('name'));
  if (st.type === 'for_statement') visit(st.childForFieldName('left'));
  return [...out];
}

export function lineOf(r: SourceRange): string {
  return `line ${r.start.line + 1}`;
}


/** The text of a string literal (or of adjacent ones), without quotes; escapes are kept as written. */
export function stringValue(node: Node): string {
  if (node.type === 'concatenated_string') return node.namedChildren.map((c) => (c ? stringValue(c) : '')).join('');
  let out = '';
  for (const c of node.namedChildren) if (c?.type === 'string_content') out += c.text;
  return out;
}

/** The literal row `row` of the first nested list in `st` (the row a "ragged rows" message is about). */
export function raggedRow(st: Node, row: number): Node | undefined {
  for (const list of st.descendantsOfType(['list', 'tuple'])) {
    const rows = list?.namedChildren.filter((n): n is Node => n !== null) ?? [];
    if (rows.length > row && rows.every((r) => r.type === 'list' || r.type === 'tuple')) return rows[row];
  }
  return undefined;
}
