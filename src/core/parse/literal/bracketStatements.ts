/**
 * Finds the bracket literals of a MATLAB or Julia token stream that are matrices: `NAME = [...]` (the whole
 * statement is the range, a trailing `;` included) and a bare `[...]` statement. Brackets inside calls
 * (`max(A, [], 2)`), indexing (`A[1, 2]`), the left side of `[q, r] = qr(A)` and larger expressions are not.
 */
import { type Block, blockRows, transpose } from './blocks';
import { type BracketDialect, BracketReader, matching } from './brackets';
import type { MatrixCollector } from './report';
import type { Token } from './tokens';

/** Statement-level words before a name (`const W = [...]` in Julia). */
const DECLARATIONS = new Set(['const', 'global', 'local']);

/**
 * Reports every matrix literal of `toks` to `collector`, in order; names defined by earlier literals can be
 * rows or blocks of later ones (`X = [x1; x2]`). `statementCommas`: a `,` at depth 0 ends a statement (MATLAB).
 */
export function collectBracketLiterals(text: string, toks: readonly Token[], dialect: BracketDialect, collector: MatrixCollector, statementCommas: boolean): void {
  const env = new Map<string, Block>();
  const reader = new BracketReader(dialect, env, collector.limits);
  let i = 0;
  while (i < toks.length) {
    let depth = 0;
    let j = i;
    for (; j < toks.length; j++) {
      const t = toks[j];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth = Math.max(0, depth - 1);
      else if (depth === 0 && (t.kind === 'newline' || t.kind === 'semi' || (statementCommas && t.kind === 'comma'))) break;
    }
    if (j > i) statement(text, toks.slice(i, j), toks[j], dialect, reader, env, collector);
    i = j + 1;
  }
}

function statement(text: string, st: readonly Token[], terminator: Token | undefined, dialect: BracketDialect, reader: BracketReader, env: Map<string, Block>, collector: MatrixCollector): void {
  let p = 0;
  while (st[p]?.kind === 'ident' && DECLARATIONS.has(st[p].text) && dialect.julia) p++;
  let name: string | null = null;
  let rhs = 0;
  if (st[p]?.kind === 'ident') {
    let q = p + 1;
    let lhs = st[p].text;
    while (st[q]?.text === '.' && st[q + 1]?.kind === 'ident' && !st[q].space && !st[q + 1].space) { lhs += `.${st[q + 1].text}`; q += 2; }
    if (dialect.julia && st[q]?.text === '::') while (q < st.length && !(st[q].kind === 'op' && st[q].text === '=')) q++;
    if (st[q]?.kind === 'op' && st[q].text === '=') { name = lhs; rhs = q + 1; }
  }
  if (name === null && p > 0) return;
  let open = rhs;
  if (dialect.typePrefixes.has(st[open]?.text ?? '') && st[open + 1]?.text === '[' && !st[open + 1].space) open++;
  if (st[open]?.text !== '[') return;
  // Only a literal that is the whole right-hand side (then any transposes) is a matrix.
  const close = matching(st, open);
  if (close < 0) return;
  let value: Block | undefined;
  let labels: string[] | undefined;
  let end = close + 1;
  let flips = 0;
  while (st[end]?.kind === 'quote') { end++; flips++; }
  if (end !== st.length) return;
  const last = terminator?.kind === 'semi' ? terminator : st[st.length - 1];
  const grid = collector.add({
    name,
    start: st[0].start,
    end: name === null ? st[st.length - 1].end : last.end,
    expression: text.slice(st[rhs].start, st[st.length - 1].end),
    kind: 'matrix',
    read: () => {
      const v = reader.read(st, open);
      if (!v) return undefined;
      value = flips % 2 ? transpose(v.block) : v.block;
      labels = flips % 2 ? undefined : v.labels;
      return { rows: blockRows(value), ...(labels ? { labels } : {}) };
    },
  });
  if (name !== null) {
    if (grid && value) env.set(name, value);
    else env.delete(name);
  }
}
