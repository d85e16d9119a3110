/** Finds the matrices a Python program (a file, a selection, or a notebook's code cells) defines. */
import { checkTextLength } from '../textLength';
import { type Node, SyntaxTree } from './syntaxTree';
import { InputError, internalErrorMessage } from '../../errors';
import { type NDArray, asMatrix, dtypeOf, isNDArray } from '../../ndarray/ndarray';
import type { Matrix } from '../../matrix/matrix';
import { RandomWorld, UnseededValues } from '../../random/world';
import { type Fragment, endsBefore, selectionFragment, wholeText } from '../fragment';
import type { GrammarLoader } from '../treeSitter';
import type { CallFrame, FoundMatrix, ParseLimits, Problem, SourceDocument, Target, UnknownCause, UnknownName } from '../types';
import type { CallContext } from './callContext';
import type { Unbound } from './scope';
import { type EvalLimits, type EvalListener, PythonEvaluator, type StatementMode } from './evaluator';
import type { SourceRange } from '../../range';
import { type PyValue, isList, isObject, type PyList } from './values';
import { toArray } from './convert';
import { blankNumericLiterals, registerBlanked } from './literalScan';
import { type ProgramCache, runIncremental, type StatementRunner } from './incremental';
import { jaxOrigin } from './jaxCalls';
import { torchOrigin } from './torchCalls';
import { tensorNote, tensorType } from './frameworkTensor';
import { precisionNote } from './torchPrecision';
import { moduleOrigin } from './torchModules';
import { tensorAttributes } from './classes';
import { makeProblem } from '../problem';

/**
 * Evaluates `sources` in order as one program (one shared scope and random state). Before any
 * `np.random.seed(n)` the generator starts from seed 0 (NumPy would use OS entropy), so that what is shown
 * is at least stable from one computation to the next. Matrices and problems
 * are reported for `target` only (all sources when it is undefined); the other sources, and the statements
 * before a selection, are context: names defined there resolve, but are not reported.
 */
export async function extractPython(
  loader: GrammarLoader,
  sources: readonly SourceDocument[],
  target: Target | undefined,
  limits: ParseLimits,
): Promise<{ matrices: FoundMatrix[]; problems: Problem[]; unknowns: UnknownName[]; frames: CallFrame[] }> {
  const parser = await loader.parser('python');
  const ctx = newContext(limits, new UnseededValues());
  const evaluator = new PythonEvaluator(ctx, evalLimits(limits));
  const matrices: FoundMatrix[] = [];
  const problems: Problem[] = [];
  const unknowns: UnknownName[] = [];
  const frames: CallFrame[] = [];
  const lastSource = target ? target.source : sources.length - 1;

  // Every tree lives until the whole program has run: a function defined in one cell (or before a selection)
  // keeps its body's nodes, which a later cell calls.
  const trees: SyntaxTree[] = [];
  const runText = (fragment: Fragment, source: number, mode: (st: Node, toRange: (n: Node) => SourceRange) => StatementMode): void => {
    // Large numeric literals are left out of tree-sitter's ranges and read from the text (literalScan.ts).
    const blanked = blankNumericLiterals(fragment.text);
    let tree = parser.parse(fragment.text, null, blanked ? { includedRanges: blanked.ranges } : undefined);
    if (tree && blanked && !registerBlanked(tree, blanked)) { tree.delete(); tree = parser.parse(fragment.text); }
    if (!tree) throw new InputError('the Python parser could not read this text');
    const syntax = new SyntaxTree(tree, fragment.text);
    trees.push(syntax);
    const toRange = (n: Node): SourceRange => ({ start: fragment.toDocument(n.startPosition), end: fragment.toDocument(n.endPosition) });
    const report = listener(source, { matrices, problems, unknowns, frames }, limits, ctx, literalReader(evaluator, toRange));
    for (const st of syntax.rootNode.namedChildren) {
      const m = mode(st, toRange);
      if (m !== 'skip') guarded(() => evaluator.runStatement(st, toRange, m === 'report' ? report : undefined), st, toRange, m === 'report' ? problems : undefined, source);
    }
  };

  try {
    for (let s = 0; s <= lastSource; s++) {
      const doc = sources[s];
      if (doc.language !== 'python') continue;
      checkTextLength([doc.text], limits);
      const reported = target === undefined || target.source === s;
      const selection = reported ? target?.range : undefined;
      if (selection) {
        // Context first: the statements that end before the selection starts; then the selection itself.
        runText(wholeText(doc.text), s, (st, toRange) => (endsBefore(toRange(st).end, selection.start) ? 'context' : 'skip'));
        runText(selectionFragment(doc.text, selection), s, () => 'report');
      } else {
        runText(wholeText(doc.text), s, () => (reported ? 'report' : 'context'));
      }
    }
  } finally {
    for (const t of trees) t.delete();
  }
  return { matrices, problems, unknowns, frames };
}

/** The evaluator's limits from the parser's. */
export function evalLimits(limits: ParseLimits): EvalLimits {
  return {
    maxNestingDepth: limits.maxNestingDepth, maxWork: limits.maxWork, maxLoopIterations: limits.maxLoopIterations,
    maxCallDepth: limits.maxCallDepth, maxAllocatedBytes: limits.maxAllocatedBytes,
  };
}

/**
 * Like {@link extractPython} for whole sources (no selection), reusing `cache` from the previous run: after an
 * edit only the statements that can have changed are evaluated again (see incremental.ts).
 */
export async function extractPythonIncremental(
  loader: GrammarLoader,
  sources: readonly SourceDocument[],
  cache: ProgramCache,
  limits: ParseLimits,
): Promise<{ matrices: FoundMatrix[]; problems: Problem[]; unknowns: UnknownName[]; frames: CallFrame[] }> {
  const makeRunner = (): StatementRunner => {
    const ctx = newContext(limits, cache.unseededValues);
    const evaluator = new PythonEvaluator(ctx, evalLimits(limits));
    return {
      evaluator,
      rng: ctx.random,
      draws: () => ctx.random.draws,
      random: ctx.random,
      run: (node, source, toRange) => {
        const out = { matrices: [] as FoundMatrix[], problems: [] as Problem[], unknowns: [] as UnknownName[], frames: [] as CallFrame[] };
        guarded(() => evaluator.runStatement(node, toRange, listener(source, out, limits, ctx, literalReader(evaluator, toRange))), node, toRange, out.problems, source);
        return out;
      },
    };
  };
  return runIncremental(loader, sources, cache, makeRunner, limits);
}

/** Evaluates array literals nested in a statement (`print(np.array([[7.5, -8.5]]))`), with their ranges. */
type LiteralReader = (statement: Node) => { value: PyValue; node: Node; range: SourceRange }[];

const LITERAL_CALL = /^(?:np|numpy|torch|tf|jnp)\.(?:array|asarray|tensor|constant)$/;
const LITERAL_CALL_TEXT = /\b(?:np|numpy|torch|tf|jnp)\.(?:array|asarray|tensor|constant)\s*\(\s*\[/;

function literalReader(evaluator: PythonEvaluator, toRange: (n: Node) => SourceRange): LiteralReader {
  return (statement) => {
    const out: { value: PyValue; node: Node; range: SourceRange }[] = [];
    if (!LITERAL_CALL_TEXT.test(statement.text)) return out; // most statements (`print("…")`): no tree walk
    const visit = (n: Node): void => {
      if (n.type === 'call' && LITERAL_CALL.test(n.childForFieldName('function')?.text ?? '') && isLiteralText(n.childForFieldName('arguments')?.text ?? '')) {
        try {
          out.push({ value: evaluator.expr(n, evaluator.module), node: n, range: toRange(n) });
        } catch {
          // a literal that is wrong is reported by the statement itself
        }
        return;
      }
      for (const c of n.namedChildren) if (c) visit(c);
    };
    for (const c of statement.namedChildren) if (c) visit(c);
    return out;
  };
}

/** Only brackets, numbers, signs and dtype keywords: `([[7.5, -8.5]], dtype=float)`. */
function isLiteralText(args: string): boolean {
  const names = args.match(/[A-Za-z_][\w.]*/g) ?? [];
  return /\[/.test(args) && names.every((n) => /^(?:(?:np|numpy|torch|tf|jnp)\.)?(?:float\d*|int\d*|float|int|bool|dtype|e\d*|True|False)$/.test(n));
}

/** The 2-D matrix shown for an array: itself for 1-D/2-D, its first 2-D slice `a[0, …, 0]` for more dimensions. */
function displayMatrix(a: NDArray): Matrix {
  if (a.shape.length <= 2) return asMatrix(a);
  const rows = a.shape[a.shape.length - 2], cols = a.shape[a.shape.length - 1];
  if (a.data.length === 0) return { rows: 0, cols, data: new Float64Array(0) };
  return { rows, cols, data: a.data.subarray(0, rows * cols) };
}

/** A fresh call context: NumPy's generators as a program starts, and the array limits. */
function newContext(limits: ParseLimits, unseededValues: UnseededValues): CallContext {
  const random = new RandomWorld(unseededValues);
  return { rng: random.legacy, limits: { maxElements: limits.maxElements }, random };
}

/**
 * Runs one statement; a bug in the evaluator (any exception but the documented ones, which the evaluator turns
 * into problems itself) costs only this statement: it becomes an "internal error in the Python evaluator"
 * problem on the statement, and the program goes on with the next one.
 */
function guarded(run: () => void, st: Node, toRange: (n: Node) => SourceRange, problems: Problem[] | undefined, source: number): void {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) throw e;
    const range = toRange(st);
    problems?.push(makeProblem({ cause: { kind: 'message', text: internalErrorMessage('the Python evaluator', e) }, range, source, names: [] }));
  }
}

/** Where a listener puts what it hears. */
interface Collected {
  readonly matrices: FoundMatrix[];
  readonly problems: Problem[];
  readonly unknowns: UnknownName[];
  readonly frames: CallFrame[];
}

function listener(source: number, out: Collected, limits: ParseLimits, ctx: CallContext, literals?: LiteralReader): EvalListener {
  const { matrices, problems, unknowns, frames } = out;
  const random = ctx.random;
  const add = (name: string | null, raw: PyValue, statement: Node, range: FoundMatrix['range'], nameRange?: FoundMatrix['range'], into = matrices): void => {
    let value = raw;
    if (into === matrices && isList(raw) && isNumericNest(raw, 0)) {
      // A plain nested list of numbers is a matrix too (`W = [[1, 0], [0, 1]]`); a ragged one is a problem.
      try {
        value = toArray(raw, limits);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push(makeProblem({ subject: name ?? 'list', cause: e.detail, range, source, names: name ? [name] : [] }));
        return;
      }
    }
    const unseeded = random.unseededInStatement();
    if (unseeded && typeof raw === 'object' && raw !== null) random.unseededValues.add(raw);
    if (!isNDArray(value) || value.shape.length === 0) return;
    if (unseeded) random.unseededValues.add(value);
    const right = statement.namedChildren[0]?.childForFieldName('right');
    const expression = (right ?? statement).text.slice(0, 200);
    const precision = precisionNote(raw);
    into.push({
      name,
      matrix: displayMatrix(value),
      array: { shape: value.shape, dtype: dtypeOf(value), data: value.data },
      ...(value.shape.length > 2 ? { ndShape: value.shape } : {}),
      range,
      source,
      expression,
      origin: torchOrigin(raw) ?? moduleOrigin(raw) ?? jaxOrigin(raw) ?? withNote(originOf(right ?? statement, expression, random.seed), tensorNote(raw)),
      ...(nameRange ? { nameRange } : {}),
      ...(unseeded ? { unseeded: true } : {}),
      ...(precision ? { precision } : {}),
      ...(tensorType(raw) ? { tensor: tensorType(raw) } : {}),
      ...(value.rowLabels && value.shape.length === 2 ? { rowLabels: value.rowLabels } : {}),
    });
  };
  return {
    bind: (name, value, range, statement, nameRange) => {
      add(name, value, statement, range, nameRange);
      // A module's tensors (`lin = nn.Linear(…)` shows lin.weight and lin.bias)
      if (isObject(value) && value.module) {
        const found: [string, PyValue][] = [];
        tensorAttributes(value, name, found);
        for (const [n, t] of found) add(n, t, statement, range, nameRange);
      }
    },
    // A bare expression (`X.shape`, `len(X)`) is only a matrix when it is an array or a literal list.
    expression: (value, range, statement) => {
      const node = statement.namedChildren[0];
      if (isNDArray(value) || node?.type === 'list' || node?.type === 'tuple') add(null, value, statement, range);
      else if (literals) for (const lit of literals(statement)) add(null, lit.value, lit.node, lit.range); // print(np.array([[…]]))
    },
    problem: (parts) => problems.push(makeProblem({ ...parts, source })),
    // The arrays a call of the program's own function computed (the attention inside `forward`).
    frame: (fn, call, bindings) => {
      const found: FoundMatrix[] = [];
      for (const b of bindings) if (isNDArray(b.value)) add(b.name, b.value, b.statement, b.range, b.nameRange, found);
      if (found.length) frames.push({ fn, source, call, matrices: found });
    },
    unknown: (name, why) => unknowns.push({ name, range: why.range, source, reason: why.reason, isError: why.isError, ...(why.cause ? { cause: causeOf(why.cause) } : {}), ...(why.passedTo !== undefined ? { passedTo: why.passedTo } : {}) }),
  };
}

/**
 * The cause of an unknown name as reported: the name it depends on and, when that one depends on another, the
 * first cause of the chain. At most two levels (a long chain of dependent statements stays linear in size).
 */
function causeOf(c: { readonly name: string; readonly why: Unbound }): UnknownCause {
  let root = c;
  while (root.why.cause) root = root.why.cause;
  return { name: c.name, range: c.why.range, reason: c.why.reason, ...(root !== c ? { cause: { name: root.name, range: root.why.range, reason: root.why.reason } } : {}) };
}

/** True for a non-empty list whose leaves, at most two levels down, are all numbers. */
function isNumericNest(v: PyList, depth: number): boolean {
  if (v.items.length === 0 || depth > 31) return false;
  return v.items.every((x) => typeof x === 'number' || (isList(x) && isNumericNest(x, depth + 1)));
}

/** An origin followed by a tensor's note (library, dtype, tolerance), when it is a TensorFlow tensor or JAX array. */
function withNote(origin: string, note: string | undefined): string {
  return note ? `${origin} — ${note}` : origin;
}

/** How a matrix was obtained, for hovers: `literal`, `random.randint with seed 42`, or the expression itself. */
function originOf(node: Node, expression: string, seed: number | null): string {
  // A literal: brackets, numbers and array constructors only (`np.array([[1, 2]], dtype=float)`).
  const names = expression.match(/[A-Za-z_][\w.]*/g) ?? [];
  const numbersOnly = names.every((n) => /^(?:(?:np|numpy|torch|tf|jnp)\.)?(?:array|asarray|tensor|constant|float\d*|int\d*|float|dtype|e\d*)$/.test(n) || /^\d/.test(n));
  if (numbersOnly && /[[(]/.test(expression) && node.type !== 'identifier') return 'literal';
  const random = /(?<![\w.])(?:np\.|numpy\.)?random\.(\w+)/.exec(expression); // not jax.random./torch.random. (their own origins)
  if (random) return `random.${random[1]}${seed === null ? ' (no seed: not reproducible by NumPy either)' : ` with seed ${seed}`}`;
  return expression;
}
