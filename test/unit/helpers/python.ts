/** Runs a Python program through the evaluator and returns its final module values, unknown names and problems. */
import assert from 'node:assert/strict';
import { type Node, SyntaxTree } from '../../../src/core/parse/python/syntaxTree';
import { type EvalListener, PythonEvaluator } from '../../../src/core/parse/python/evaluator';
import { evalLimits } from '../../../src/core/parse/python/extract';
import { makeProblem } from '../../../src/core/parse/problem';
import type { PyValue } from '../../../src/core/parse/python/values';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../../src/core/parse/types';
import { RandomWorld } from '../../../src/core/random/world';
import { loader } from './loader';

export interface Evaluated {
  readonly values: Map<string, PyValue>;
  /** `name (line N): reason`, in the order they became unknown. */
  readonly unknown: string[];
  readonly problems: string[];
}

export async function evaluatePython(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<Evaluated> {
  const parser = await loader.parser('python');
  const tree = parser.parse(text);
  assert.ok(tree);
  const random = new RandomWorld();
  const ctx = { rng: random.legacy, limits: { maxElements: limits.maxElements }, random };
  const ev = new PythonEvaluator(ctx, evalLimits(limits));
  const unknown: string[] = [];
  const problems: string[] = [];
  const listener: EvalListener = {
    bind: () => undefined,
    expression: () => undefined,
    problem: (parts) => problems.push(makeProblem({ ...parts, source: 0 }).message),
    unknown: (name, why) => unknown.push(`${name} (line ${why.range.start.line + 1}): ${why.reason}`),
  };
  const toRange = (n: Node) => ({ start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } });
  try {
    ev.run(new SyntaxTree(tree, text).rootNode, toRange, listener, () => 'report');
  } finally {
    tree.delete();
  }
  return { values: new Map(ev.module.entries()), unknown, problems };
}

/**
 * Runs `text` with the torch tests' limits (10⁶ elements, nesting 50, work 10⁷) and returns the evaluator's
 * module scope: values, and reasons for unbound names.
 */
export async function evaluateModule(text: string): Promise<PythonEvaluator['module']> {
  const parser = await loader.parser('python');
  const tree = parser.parse(text);
  assert.ok(tree);
  const random = new RandomWorld();
  const evaluator = new PythonEvaluator({ rng: random.legacy, limits: { maxElements: 1e6 }, random }, { maxNestingDepth: 50, maxWork: 1e7 });
  const at = (p: { row: number; column: number }) => ({ line: p.row, character: p.column });
  try {
    evaluator.run(new SyntaxTree(tree, text).rootNode, (n) => ({ start: at(n.startPosition), end: at(n.endPosition) }), { bind: () => {}, expression: () => {}, problem: () => {} }, () => 'report');
  } finally {
    tree.delete();
  }
  return evaluator.module;
}
