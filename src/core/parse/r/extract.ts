/**
 * Finds R matrices (`.R`): `W_Q <- matrix(c(...), nrow = 2, byrow = TRUE)` (R's column-major fill when `byrow`
 * is FALSE or absent), `rbind(c(...), ...)` (rows named after the vectors bound: `rbind(x1, x2)`), `cbind`,
 * `A = …`, `… -> A`, and vectors `c(...)` (shown `1 × n`). `#` comments and strings never yield matrices.
 * Statements inside `{ }`, functions and loops are read too; names defined earlier resolve.
 */
import { InputError, internalErrorMessage } from '../../errors';
import { MatrixCollector, type NotationResult } from '../literal/report';
import type { Token } from '../literal/tokens';
import type { ParseLimits, SourceDocument, Target } from '../types';
import { REvaluator } from './evaluate';
import { lexR } from './lexer';
import { type RNode, RParser } from './parser';
import { NotModelled, type RValue, toRows } from './values';

const CONSTRUCTORS = new Set(['matrix', 'rbind', 'cbind', 'array']);

/**
 * The matrices of one R source, in order. Only what overlaps `target.range` is reported. Expressions the
 * evaluator does not model are skipped; wrong ones (ragged `rbind`, data that do not fill a `matrix`) are
 * problems naming the matrix and its line.
 * @throws InputError when the text is longer than `limits.maxTextLength`.
 */
export function extractR(doc: SourceDocument, source: number, target: Target | undefined, limits: ParseLimits): NotationResult {
  const collector = new MatrixCollector(doc, source, target, limits);
  const toks = lexR(doc.text);
  const env = new Map<string, RValue>();
  const evaluator = new REvaluator(toks, env, limits);
  let program: RNode[];
  try {
    program = new RParser(toks, limits.maxNestingDepth).program();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    collector.add({ name: null, start: 0, end: 0, expression: '', read: () => { throw e; } });
    return collector.done();
  }
  const visit = (n: RNode, top: boolean): void => {
    const bound = assignment(n);
    if (bound) {
      define(bound.name, bound.value, n);
      visit(bound.value, false); // a function's body, or the inner assignment of `a <- b <- …`
      return;
    }
    if (top && n.kind === 'call' && n.fn.kind === 'name' && CONSTRUCTORS.has(n.fn.name)) { define(null, n, n); return; }
    if (n.kind === 'block') n.body.forEach((b) => visit(b, true));
    else if (n.kind === 'other') n.parts.forEach((p) => visit(p, p.kind === 'block'));
  };
  const define = (name: string | null, value: RNode, statement: RNode): void => {
    let result: RValue | undefined;
    let error: InputError | undefined;
    try {
      result = evaluator.value(value);
    } catch (e) {
      if (e instanceof InputError) error = e;
      else if (!(e instanceof NotModelled)) error = new InputError(internalErrorMessage('the R evaluator', e)); // a bug costs only this statement
    }
    if (name !== null) {
      if (result) env.set(name, result);
      else env.delete(name);
    }
    if (result && !result.dim && result.data.length < 2) return; // a number, not a matrix
    if (!result && !error) return;
    collector.add({
      name,
      start: startOf(toks, statement),
      end: endOf(toks, statement),
      expression: evaluator.text(value, doc.text),
      read: () => {
        if (error) throw error;
        return result && { rows: toRows(result), ...(result.rowNames ? { labels: result.rowNames } : {}) };
      },
    });
  };
  program.forEach((n) => visit(n, true));
  return collector.done();
}

/** `name <- value`, `name <<- value`, `name = value`, `value -> name`. */
function assignment(n: RNode): { name: string; value: RNode } | undefined {
  if (n.kind !== 'binary') return undefined;
  if ((n.op === '<-' || n.op === '<<-' || n.op === '=') && n.left.kind === 'name') return { name: n.left.name, value: n.right };
  if ((n.op === '->' || n.op === '->>') && n.right.kind === 'name') return { name: n.right.name, value: n.left };
  return undefined;
}

function startOf(toks: readonly Token[], n: RNode): number {
  return toks[n.start]?.start ?? 0;
}

function endOf(toks: readonly Token[], n: RNode): number {
  return toks[n.end - 1]?.end ?? startOf(toks, n);
}
