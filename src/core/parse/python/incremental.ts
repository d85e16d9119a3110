/**
 * Incremental evaluation of Python sources for the document index. The first run parses and evaluates every
 * top-level statement and records what each did (the names it bound, the random state after it, the matrices
 * and problems it reported). After an edit, only the lines around the edit are parsed again, as a fragment of
 * their own (top-level Python statements start at column 0 and end at a newline, so a fragment parses as it
 * would in the file, which the run checks); those statements are evaluated again, and so are later ones that
 * read a name whose value changed or draw from a random generator whose state changed. Every other statement
 * is replayed from its record, moved to its new lines. The result is the same as evaluating everything again
 * (a property test checks this), but an edit costs time in proportion to what it can affect.
 */
import { checkTextLength } from '../textLength';
import { type Node, SyntaxTree } from './syntaxTree';
import { InputError } from '../../errors';
import { type RandomWorld, UnseededValues, readsUnseeded, type WorldSnapshot as RandomSnapshot, sameWorld as sameRandomState } from '../../random/world';
import type { SourcePosition, SourceRange } from '../../range';
import type { GrammarLoader } from '../treeSitter';
import type { CallFrame, FoundMatrix, ParseLimits, Problem, SourceDocument, UnknownCause, UnknownName } from '../types';
import { type BudgetUse, spent } from './budget';
import { holderTest, isMutable, reachableObjects } from './aliases';
import { sameValue } from './equality';
import type { PythonEvaluator, RangeMapper } from './evaluator';
import type { Scope, Unbound, Write } from './scope';
import type { PyFunction, PyValue } from './values';
import { moveProblem } from '../problem';

/** What one top-level statement did, so it can be replayed without running it. */
interface StatementRecord {
  /** Start and end of the statement in the source text (UTF-16 code units). */
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly text: string;
  /** The statement has a syntax error (what follows it may then parse differently after an edit). */
  readonly hasError: boolean;
  /** It drew from or seeded the random generator (also through a function it called), or its text may. */
  readonly usesRandom: boolean;
  /** Must always run again: it defines a class, or binds a function (other than by a plain `def`, see {@link definition}). */
  readonly volatile: boolean;
  /**
   * It changed data in place and looked for every other holder of it (evaluator.ts `holderScans`): which names
   * alias what can change without any value changing (`Z = X * 1` → `Z = X`), so it runs again after any
   * statement before it ran.
   */
  readonly scansHolders: boolean;
  /**
   * A plain top-level `def`: its function, replayed with the module scope of the run that replays it (the rest of
   * the function does not depend on the run: its syntax tree is kept alive by the cache, see {@link ProgramCache}),
   * and `at`, where its fragment started (for the ranges of its body).
   */
  readonly definition?: { readonly fn: PyFunction; readonly at: SourcePosition };
  readonly writes: ReadonlyMap<string, Write>;
  /**
   * Where the `def` (or `lambda`) of each function it bound starts in the document: the arrays of a call frame lie
   * in the function's body, so a function bound again from the same text at another place (a `def` line
   * duplicated above it) is a changed name for its callers (see {@link markDirty}).
   */
  readonly functionStarts: ReadonlyMap<string, SourcePosition>;
  /** The random state after the statement, when it uses the generator. */
  readonly randomAfter?: RandomSnapshot;
  /** The last seed given to `np.random.seed` after the statement (for "made with seed 42"). */
  readonly seedAfter: number | null;
  readonly matrices: readonly FoundMatrix[];
  readonly problems: readonly Problem[];
  readonly unknowns: readonly UnknownName[];
  /** The calls of the program's functions it made (their arrays, with ranges in the functions' bodies). */
  readonly frames: readonly CallFrame[];
  /** What the statement spent of the work budget (replayed with it). */
  readonly cost: BudgetUse;
  /**
   * The work budget was spent past a limit when the statement ended (by it or before it): what it reported
   * ("runs past the limit…") depends on what ran before, so it runs again (after an edit that ends an endless
   * loop above it, it is evaluated).
   */
  readonly overBudget: boolean;
  /**
   * The values it flagged as made from unseeded draws (also through an alias or a call's arguments): a replay flags
   * them again, since each run starts with no value flagged (a flag left from an earlier run would label a value
   * that a full evaluation does not).
   */
  readonly unseededMarks: readonly object[];
  /**
   * It named a value flagged as made from unseeded draws when it started (what it bound is then flagged too). A
   * value's flag can change without any name changing (a call flags its arguments), so a replay checks it again.
   */
  readonly readsUnseeded: boolean;
  /**
   * Set when the record was moved to other lines while its random state names a moved line (a generator left
   * unknown by a draw after the edit: "depends on the draw at line 7"): it must run again, since it and every
   * later draw would name the new line. Also set for a record of a later notebook cell moved while it reports the
   * cause of an unknown name or a call's arrays (which may lie in an earlier cell: see shift).
   */
  readonly linesStale?: boolean;
}

/** The state kept between two runs over one source (a file, or one notebook cell). */
interface SourceCache {
  readonly text: string;
  readonly records: readonly StatementRecord[];
  /** The random state and seed when the source started (earlier cells may have drawn or seeded). */
  readonly randomAtStart: RandomSnapshot;
  readonly seedAtStart: number | null;
}

/** The incremental state of a whole program, one entry per source; owned by the document index. */
export class ProgramCache {
  sources: (SourceCache | undefined)[] = [];
  /**
   * Values computed from unseeded random draws in the last run (each run starts a new set, which replayed statements
   * fill again from their records; the previous run's set tells which values were flagged then).
   */
  unseededValues = new UnseededValues();
  /** The syntax trees of the `def`s the records replay (see StatementRecord.definition); deleted when no record needs them. */
  trees = new Set<SyntaxTree>();

  /** Forgets everything (the next run starts afresh). */
  dispose(): void {
    this.sources = [];
    this.unseededValues = new UnseededValues();
    for (const t of this.trees) t.delete();
    this.trees.clear();
  }

  /** Deletes the trees of `made` and of earlier runs that no record holds a `def` of any more. */
  keepTrees(made: readonly SyntaxTree[]): void {
    const held = new Set<object>();
    for (const s of this.sources) for (const r of s?.records ?? []) if (r.definition) held.add(r.definition.fn.node.tree);
    const next = new Set<SyntaxTree>();
    for (const t of new Set([...this.trees, ...made])) {
      if (held.has(t.raw)) next.add(t);
      else t.delete();
    }
    this.trees = next;
  }
}

/** What the caller provides to evaluate statements: a fresh evaluator per run and a way to run one statement. */
export interface StatementRunner {
  readonly evaluator: PythonEvaluator;
  /** Every random generator of the program (saved after and restored for statements that use them). */
  readonly rng: RandomWorld;
  /** How many numbers the generators have drawn (or seeds, creations, unknown states) so far. */
  draws(): number;
  /** The last seed given to `np.random.seed`, as the evaluator tracks it. */
  readonly random: { seed: number | null };
  /** Runs `node` in the module scope and returns what it reported; `toRange` maps its nodes to the document. */
  run(node: Node, source: number, toRange: RangeMapper): Reported;
}

/** What a run reports. */
interface Reported {
  matrices: FoundMatrix[];
  problems: Problem[];
  unknowns: UnknownName[];
  frames: CallFrame[];
}

const RANDOM_WORDS = /\b(?:random|rand|randn|randint|seed|manual_seed|normal|uniform|random_sample|standard_normal|integers|choice|permutation|shuffle|randperm|randn_like|rand_like|default_rng|Generator|PCG64|RandomState)\b/;

/** State that flows from one statement to the next during a run. */
interface Flow {
  /** Names whose value now differs from the previous run at this point of the program. */
  readonly dirty: Set<string>;
  /** The random state differs from the previous run at this point. */
  randomDirty: boolean;
  /** Values made from unseeded draws: a value equal to the previous one but flagged differently has changed. */
  readonly unseeded: UnseededValues;
  /** The values flagged so in the previous run (for the value a name had then). */
  readonly previousUnseeded: UnseededValues;
}

/**
 * The parser of a run. Syntax trees live until the run ends: a function defined in the program keeps its
 * syntax nodes and may be called by any later statement.
 */
interface Parser {
  parse(text: string): SyntaxTree;
}

/**
 * Evaluates `sources` (the Python ones; others are skipped) in order, reusing and updating `cache`.
 * Returns the matrices and problems of every source, in order.
 */
export async function runIncremental(
  loader: GrammarLoader,
  sources: readonly SourceDocument[],
  cache: ProgramCache,
  makeRunner: () => StatementRunner,
  limits: ParseLimits,
): Promise<Reported> {
  const previous = cache.unseededValues;
  cache.unseededValues = new UnseededValues();
  try {
    return await runOnce(loader, sources, cache, makeRunner(), limits, previous);
  } catch (e) {
    if (!(e instanceof StaleCache)) throw e;
    cache.dispose();
    return runOnce(loader, sources, cache, makeRunner(), limits, previous);
  }
}

async function runOnce(
  loader: GrammarLoader,
  sources: readonly SourceDocument[],
  cache: ProgramCache,
  runner: StatementRunner,
  limits: ParseLimits,
  previousUnseeded: UnseededValues,
): Promise<Reported> {
  const tsParser = await loader.parser('python');
  const trees: SyntaxTree[] = [];
  const parser: Parser = {
    parse: (text) => {
      const raw = tsParser.parse(text);
      if (!raw) throw new InputError('the Python parser could not read this text');
      const tree = new SyntaxTree(raw, text);
      trees.push(tree);
      return tree;
    },
  };
  try {
    return run(parser, sources, cache, runner, limits, previousUnseeded);
  } finally {
    cache.keepTrees(trees);
  }
}

function run(parser: Parser, sources: readonly SourceDocument[], cache: ProgramCache, runner: StatementRunner, limits: ParseLimits, previousUnseeded: UnseededValues): Reported {
  const matrices: FoundMatrix[] = [];
  const problems: Problem[] = [];
  const unknowns: UnknownName[] = [];
  const frames: CallFrame[] = [];
  const flow: Flow = { dirty: new Set(), randomDirty: false, unseeded: runner.rng.unseededValues, previousUnseeded };
  const next: (SourceCache | undefined)[] = [];
  for (let s = 0; s < sources.length; s++) {
    const doc = sources[s];
    if (doc.language !== 'python') {
      // A Python source here before (a cell deleted or moved, or no longer Python): later sources ran after it.
      for (const r of cache.sources[s]?.records ?? []) for (const name of r.writes.keys()) flow.dirty.add(name);
      next.push(undefined);
      continue;
    }
    checkTextLength([doc.text], limits);
    const old = cache.sources[s];
    const randomAtStart = runner.rng.snapshot();
    const seedAtStart = runner.random.seed;
    let records: StatementRecord[];
    if (old) {
      flow.randomDirty = !sameRandomState(old.randomAtStart, randomAtStart) || old.seedAtStart !== seedAtStart;
      records = update(parser, old, doc.text, s, runner, flow);
    } else {
      records = evaluateFragment(parser, doc.text, 0, { line: 0, character: 0 }, s, runner);
      // A new source (a notebook cell added, or one that was not Python): later sources were run without it.
      for (const r of records) for (const name of r.writes.keys()) flow.dirty.add(name);
    }
    next.push({ text: doc.text, records, randomAtStart, seedAtStart });
    for (const r of records) {
      matrices.push(...r.matrices);
      problems.push(...r.problems);
      unknowns.push(...r.unknowns);
      frames.push(...r.frames);
    }
  }
  cache.sources = next;
  return { matrices, problems, unknowns, frames };
}

/** Parses `text` (which starts at `offset` / `at` in the source) and evaluates each top-level statement. */
function evaluateFragment(parser: Parser, text: string, offset: number, at: SourcePosition, source: number, runner: StatementRunner): StatementRecord[] {
  const tree = parser.parse(text);
  const records: StatementRecord[] = [];
  for (let node = tree.rootNode.firstNamedChild; node; node = node.nextNamedSibling) records.push(evaluate(node, offset, at, source, runner));
  return records;
}

/**
 * Evaluates a recorded statement again, parsed on its own. A statement with a syntax error may parse
 * differently out of context: then the previous run cannot be reused at all ({@link StaleCache}).
 */
function evaluateStatement(parser: Parser, r: StatementRecord, source: number, runner: StatementRunner): StatementRecord[] {
  const tree = parser.parse(r.text);
  const node = tree.rootNode.firstNamedChild;
  if (!node || tree.rootNode.hasError || node.nextNamedSibling || node.startIndex !== 0 || node.endIndex !== r.text.length) throw new StaleCache();
  return [evaluate(node, r.start, { line: r.startLine, character: r.startCharacter }, source, runner)];
}

/** Thrown when a previous run cannot be reused; the run starts again from scratch. */
class StaleCache extends Error {}

/** The edit between two texts: the common prefix and suffix are unchanged. */
function diff(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { start, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}

/** Line and character (UTF-16) of `index` in `text`. */
function positionOf(text: string, index: number): SourcePosition {
  let line = 0, lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: index - lineStart };
}

/** A run over a source that has a previous run: replay what cannot have changed, evaluate the rest. */
function update(parser: Parser, old: SourceCache, text: string, source: number, runner: StatementRunner, flow: Flow): StatementRecord[] {
  if (old.text === text) return replayOrRun(parser, old.records, source, runner, flow);
  const e = diff(old.text, text);
  const oldEnd = positionOf(old.text, e.oldEnd);
  const newEnd = positionOf(text, e.newEnd);
  const delta = e.newEnd - e.oldEnd;
  const lineDelta = newEnd.line - oldEnd.line;
  // Unchanged before the edit: statements that end on a line before the edit's first line.
  const editLine = positionOf(old.text, e.start).line;
  const before = old.records.filter((r) => r.endLine < editLine);
  // Unchanged after it: the statements from the first one that starts at column 0 on a line after the edit's
  // last line (top-level Python statements start there), to the end.
  let firstAfter = old.records.findIndex((r, i) => i >= before.length && r.startLine > oldEnd.line && r.startCharacter === 0);
  if (firstAfter < 0) firstAfter = old.records.length;
  // The lines between: from the line after the last unchanged statement to the first unchanged one after.
  const regionStart = before.length ? lineStartAfter(text, before[before.length - 1].end) : 0;
  const regionEnd = firstAfter < old.records.length ? old.records[firstAfter].start + delta : text.length;

  // Error recovery depends on context: only an error-free region after error-free statements surely parses
  // as it does in the whole text.
  if (old.records.some((r) => r.hasError)) return updateFromWholeParse(parser, old, text, before, source, runner, flow);
  const regionText = text.slice(regionStart, regionEnd);
  const region = parser.parse(regionText);
  // The region starts at a line start; an indented statement in it (after blank or comment lines) continues the
  // block of the statement before it in the whole text, but parses on its own as a top-level statement.
  // A last statement that ends in a comma (`seq_len,`) is continued by the next statement in the whole text's
  // parse (tree-sitter reads `a,` NEWLINE `b = f()` as `a, b = f()`), so the region does not parse the same way.
  // An indented comment on a line of its own joins the block of the statement before it too (its range grows).
  const statements = region.rootNode.namedChildren.filter((n) => n.type !== 'comment');
  const indentedComment = region.rootNode.namedChildren.some((n) => n.type === 'comment' && n.startPosition.column !== 0 && /^[ \t]*$/.test(regionText.slice(n.startIndex - n.startPosition.column, n.startIndex)));
  if (region.rootNode.hasError || indentedComment || statements.some((n) => n.startPosition.column !== 0) || /,\s*$/.test(statements.at(-1)?.text ?? '')) {
    return updateFromWholeParse(parser, old, text, before, source, runner, flow);
  }
  const records = replayOrRun(parser, before, source, runner, flow);
  const fresh: StatementRecord[] = [];
  const at = positionOf(text, regionStart);
  for (let node = region.rootNode.firstNamedChild; node; node = node.nextNamedSibling) fresh.push(evaluate(node, regionStart, at, source, runner));
  records.push(...fresh);
  compareWithPrevious(flow, old, old.records.slice(before.length, firstAfter), fresh, runner, [...before, ...old.records.slice(before.length, firstAfter)]);
  const after = old.records.slice(firstAfter).map((r) => shift(r, delta, lineDelta, oldEnd.line, source));
  records.push(...replayOrRun(parser, after, source, runner, flow));
  markMovedForLaterSources(flow, after, lineDelta);
  return records;
}

/**
 * Names that the moved records `after` left unknown (the reason holds their new lines) or bound to a function (its
 * calls' arrays lie in its body, at its new lines) changed for later sources (notebook cells): their records are
 * not moved, so their readers run again. Readers in this source moved with them.
 */
function markMovedForLaterSources(flow: Flow, after: readonly StatementRecord[], lineDelta: number): void {
  if (lineDelta === 0) return;
  for (const r of after) for (const [name, w] of r.writes) if (w.kind === 'unbound' || r.functionStarts.has(name)) flow.dirty.add(name);
}

/**
 * The slow path, after an edit that leaves a syntax error: parse the whole text and evaluate every statement
 * after the unchanged ones before the edit (all of them when those no longer parse the same way).
 */
function updateFromWholeParse(parser: Parser, old: SourceCache, text: string, before: readonly StatementRecord[], source: number, runner: StatementRunner, flow: Flow): StatementRecord[] {
  const tree = parser.parse(text);
  const nodes: Node[] = [];
  for (let node = tree.rootNode.firstNamedChild; node; node = node.nextNamedSibling) nodes.push(node);
  // Replay the unchanged statements up to the first that no longer lines up, or that has a syntax error (its
  // recovery may differ now even where the text did not change).
  let keep = 0;
  while (keep < before.length && !before[keep].hasError && nodes[keep]?.startIndex === before[keep].start && nodes[keep]?.endIndex === before[keep].end && !nodes[keep].hasError) keep++;
  const records = replayOrRun(parser, before.slice(0, keep), source, runner, flow);
  const fresh = nodes.slice(keep).map((node) => evaluate(node, 0, { line: 0, character: 0 }, source, runner));
  records.push(...fresh);
  compareWithPrevious(flow, old, old.records.slice(keep), fresh, runner, old.records);
  return records;
}

/**
 * After statements were evaluated anew in place of `previous`: names they bind differently are dirty (those
 * bound the same way are clean again), and the random state is dirty when it differs from the previous run's
 * at the same point (the state after the last random statement of `upTo`).
 */
function compareWithPrevious(flow: Flow, old: SourceCache, previous: readonly StatementRecord[], fresh: readonly StatementRecord[], runner: StatementRunner, upTo: readonly StatementRecord[]): void {
  const oldWrites = lastWrites(previous), newWrites = lastWrites(fresh);
  const oldStarts = lastFunctionStarts(previous), newStarts = lastFunctionStarts(fresh);
  for (const name of new Set([...oldWrites.keys(), ...newWrites.keys()])) markDirty(flow, name, oldWrites.get(name), newWrites.get(name), { a: oldStarts.get(name), b: newStarts.get(name) });
  const lastRandom = [...upTo].reverse().find((r) => r.randomAfter);
  const oldRandom = lastRandom?.randomAfter ?? old.randomAtStart;
  const oldSeed = lastRandom ? lastRandom.seedAfter : old.seedAtStart;
  flow.randomDirty = !sameRandomState(oldRandom, runner.rng.snapshot()) || oldSeed !== runner.random.seed;
}

function samePosition(a: SourcePosition | undefined, b: SourcePosition | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.line === b.line && a.character === b.character;
}

function lineStartAfter(text: string, index: number): number {
  const nl = text.indexOf('\n', index);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * A name is dirty when a statement run again bound it differently — or to an equal but new changeable object: a
 * replayed statement that reads it (`Z = X`) would keep the old object, which no longer shares its data with the
 * name, so a later change in place (`X += 1`) would miss it.
 */
function markDirty(flow: Flow, name: string, a: Write | undefined, b: Write | undefined, starts?: { readonly a?: SourcePosition; readonly b?: SourcePosition }): void {
  const newObject = a?.kind === 'set' && b?.kind === 'set' && a.value !== b.value && isMutable(b.value);
  const moved = starts !== undefined && !samePosition(starts.a, starts.b);
  if (!a || !b || newObject || moved || !sameWrite(a, b) || (a.kind === 'set' && b.kind === 'set' && flow.previousUnseeded.has(a.value) !== flow.unseeded.has(b.value))) flow.dirty.add(name);
  else flow.dirty.delete(name);
}

/** Replays each record whose inputs did not change; evaluates the others again, each parsed on its own. */
function replayOrRun(parser: Parser, records: readonly StatementRecord[], source: number, runner: StatementRunner, flow: Flow): StatementRecord[] {
  const out: StatementRecord[] = [];
  for (const r of records) {
    // A replayed statement spends what it spent before; when that would now pass a limit, it runs again.
    const module = runner.evaluator.module;
    const stale = r.volatile || r.overBudget || readsUnseeded(r.text, (name) => module.peek(name), flow.unseeded) !== r.readsUnseeded || r.linesStale === true || (r.scansHolders && mayShareWithDirty(r, flow.dirty, runner.evaluator.module)) || (r.usesRandom && flow.randomDirty) || readsDirty(r.text, flow.dirty, runner.evaluator.module) || !runner.evaluator.budget.replay(r.cost);
    if (!stale) {
      if (r.definition) replayDefinition(r.definition, runner);
      else runner.evaluator.module.apply(r.writes);
      for (const v of r.unseededMarks) flow.unseeded.add(v);
      if (r.randomAfter) {
        runner.rng.restore(r.randomAfter);
        runner.random.seed = r.seedAfter;
      }
      out.push(r);
      continue;
    }
    const again = evaluateStatement(parser, r, source, runner);
    const writes = lastWrites(again), starts = lastFunctionStarts(again);
    for (const name of new Set([...r.writes.keys(), ...writes.keys()])) markDirty(flow, name, r.writes.get(name), writes.get(name), { a: r.functionStarts.get(name), b: starts.get(name) });
    const last = [...again].reverse().find((x) => x.randomAfter);
    if (r.randomAfter || last) flow.randomDirty = !(r.randomAfter && last?.randomAfter && sameRandomState(r.randomAfter, last.randomAfter) && r.seedAfter === last.seedAfter);
    out.push(...again);
  }
  return out;
}

/**
 * Whether a record that changed data in place and searched for its other holders may find other holders now:
 * which names alias what changes only through statements that ran again or were deleted, and every such change
 * leaves a dirty name (markDirty: a different or new changeable object, or none). So it runs again when a dirty name
 * is one it wrote (a holder it found before), one that a name it left unknown may still view, or when a dirty
 * name's value now shares data with a value it changes (what a name it wrote holds now).
 */
function mayShareWithDirty(r: StatementRecord, dirty: ReadonlySet<string>, module: Scope): boolean {
  if (dirty.size === 0) return false;
  for (const name of dirty) if (r.writes.has(name)) return true;
  // A name it wrote that is unknown now finds its holders through the names its value may still view (`shares`,
  // evaluator.ts fail): a dirty one among them (transitively) may be a holder that was not one before.
  const viewed = [...r.writes.keys()];
  const seen = new Set<string>();
  for (let name = viewed.pop(); name !== undefined; name = viewed.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (dirty.has(name)) return true;
    if (module.peek(name) === undefined) viewed.push(...(module.whyUnbound(name)?.shares ?? []));
  }
  const dirtyValues: PyValue[] = [];
  for (const name of dirty) {
    const v = module.peek(name);
    if (v !== undefined && typeof v === 'object' && v !== null) dirtyValues.push(v);
  }
  if (dirtyValues.length === 0) return false;
  for (const name of r.writes.keys()) {
    const v = module.peek(name);
    if (v === undefined) continue;
    for (const o of reachableObjects(v)) {
      const holds = holderTest(o);
      if (dirtyValues.some(holds)) return true;
    }
  }
  return false;
}

/**
 * Binds a `def`'s function again without running the statement: the same function (syntax, parameters, defaults
 * as evaluated then, which read no name that changed) in this run's module scope, its body's ranges where the
 * record now is.
 */
function replayDefinition(def: NonNullable<StatementRecord['definition']>, runner: StatementRunner): void {
  const module = runner.evaluator.module;
  runner.evaluator.mapKeptDefinition(def.fn.node, fragmentMapper(def.at));
  module.set(def.fn.name, { ...def.fn, closure: module });
}

/** Document ranges of the nodes of a fragment parsed on its own that starts at `at` in the source. */
function fragmentMapper(at: SourcePosition): RangeMapper {
  const toPosition = (p: { row: number; column: number }): SourcePosition => ({ line: at.line + p.row, character: p.row === 0 ? at.character + p.column : p.column });
  return (n) => ({ start: toPosition(n.startPosition), end: toPosition(n.endPosition) });
}

/** Runs one statement node of a fragment that starts at `offset` / `at` in the source, recording its effects. */
function evaluate(node: Node, offset: number, at: SourcePosition, source: number, runner: StatementRunner): StatementRecord {
  const toPosition = (p: { row: number; column: number }): SourcePosition => ({ line: at.line + p.row, character: p.row === 0 ? at.character + p.column : p.column });
  const toRange: RangeMapper = fragmentMapper(at);
  const text = node.text;
  const scope = runner.evaluator.module;
  const writes = new Map<string, Write>();
  const drawsBefore = runner.draws();
  const scansBefore = runner.evaluator.holderScans;
  const budgetBefore = runner.evaluator.budget.use();
  const readsUnseededAtStart = readsUnseeded(node.text, (name) => scope.peek(name), runner.rng.unseededValues);
  scope.journal = writes;
  const unseededMarks: object[] = [];
  runner.rng.unseededValues.journal = unseededMarks;
  let reported: Reported;
  try {
    reported = runner.run(node, source, toRange);
  } finally {
    scope.journal = undefined;
    runner.rng.unseededValues.journal = undefined;
  }
  const usesRandom = runner.draws() !== drawsBefore || RANDOM_WORDS.test(text);
  const definition = plainDefinition(node, writes, scope);
  const volatile = !definition && (node.type === 'function_definition' || node.type === 'decorated_definition' || node.type === 'class_definition' ||
    [...writes.values()].some((w) => w.kind === 'set' && typeof w.value === 'object' && w.value !== null && (w.value.kind === 'function' || w.value.kind === 'method' || w.value.kind === 'iterator' ||
      // objects change in place (classes.ts): a record must not hold one that a later statement changed
      w.value.kind === 'object' || w.value.kind === 'class' || w.value.kind === 'boundMethod')));
  const start = toPosition(node.startPosition);
  const functionStarts = new Map<string, SourcePosition>();
  for (const [name, w] of writes) {
    if (w.kind !== 'set' || typeof w.value !== 'object' || w.value === null || w.value.kind !== 'function') continue;
    const at = runner.evaluator.range(w.value.node)?.start;
    if (at) functionStarts.set(name, at);
  }
  return {
    start: offset + node.startIndex, end: offset + node.endIndex, startLine: start.line, startCharacter: start.character, endLine: toPosition(node.endPosition).line,
    text, hasError: node.hasError || node.type === 'ERROR', usesRandom, volatile, scansHolders: runner.evaluator.holderScans !== scansBefore, writes, functionStarts,
    ...(definition ? { definition: { fn: definition, at } } : {}),
    ...(usesRandom ? { randomAfter: runner.rng.snapshot() } : {}), seedAfter: runner.random.seed, matrices: reported.matrices, problems: reported.problems,
    unknowns: reported.unknowns, frames: reported.frames, cost: spent(budgetBefore, runner.evaluator.budget.use()), overBudget: overBudget(runner), unseededMarks, readsUnseeded: readsUnseededAtStart,
  };
}

/** True when the run has spent past a limit of its work budget. */
function overBudget(runner: StatementRunner): boolean {
  const { budget } = runner.evaluator;
  const used = budget.use();
  return used.work > budget.limits.maxWork || used.iterations > budget.limits.maxLoopIterations || used.bytes > budget.limits.maxAllocatedBytes;
}

/**
 * The function a top-level `def` statement bound, when it did only that: its only write binds the function made
 * from this very node, in the module scope, and the statement has no syntax error.
 */
function plainDefinition(node: Node, writes: ReadonlyMap<string, Write>, module: Scope): PyFunction | undefined {
  if (node.type !== 'function_definition' || node.hasError || writes.size !== 1) return undefined;
  const [w] = writes.values();
  if (w.kind !== 'set' || typeof w.value !== 'object' || w.value === null || w.value.kind !== 'function') return undefined;
  const fn = w.value;
  return fn.node === node && fn.closure === module && writes.has(fn.name) ? fn : undefined;
}

/**
 * The record moved by `delta` characters and `lines` lines (it starts on a line after the edit). Ranges it holds
 * that lie after the edit's last line `editEnd` (old lines) move with it; those before the edit (the cause of
 * an unknown name defined earlier) stay.
 */
function shift(r: StatementRecord, delta: number, lines: number, editEnd: number, source: number): StatementRecord {
  if (delta === 0 && lines === 0) return r;
  // The cause of an unknown name names no source, nor do a call's arrays (extract.ts gives them the caller's): in a
  // later notebook cell they may lie in an earlier cell, which did not move, so such a record runs again (see linesStale).
  const causeElsewhere = lines !== 0 && source > 0 && (r.frames.length > 0 || r.unknowns.some((u) => u.cause !== undefined) || [...r.writes.values()].some((w) => w.kind === 'unbound' && w.why.cause !== undefined));
  const move = (x: SourceRange): SourceRange => ({ start: { line: x.start.line + lines, character: x.start.character }, end: { line: x.end.line + lines, character: x.end.character } });
  const moveIfAfter = (x: SourceRange): SourceRange => (x.start.line > editEnd ? move(x) : x);
  const moveWhy = (w: Unbound): Unbound => ({ ...w, range: moveIfAfter(w.range), ...(w.cause ? { cause: { name: w.cause.name, why: moveWhy(w.cause.why) } } : {}) });
  const moveCause = (c: UnknownCause): UnknownCause => ({ ...c, range: moveIfAfter(c.range), ...(c.cause ? { cause: moveCause(c.cause) } : {}) });
  return {
    ...r,
    start: r.start + delta,
    end: r.end + delta,
    startLine: r.startLine + lines,
    endLine: r.endLine + lines,
    ...((lines !== 0 && r.randomAfter && unknownAfter(r.randomAfter, editEnd)) || causeElsewhere ? { linesStale: true } : {}),
    ...(r.definition ? { definition: { fn: r.definition.fn, at: { line: r.definition.at.line + lines, character: r.definition.at.character } } } : {}),
    matrices: r.matrices.map((m) => ({ ...m, range: move(m.range), ...(m.nameRange ? { nameRange: move(m.nameRange) } : {}) })),
    unknowns: r.unknowns.map((u) => ({ ...u, range: moveIfAfter(u.range), ...(u.cause ? { cause: moveCause(u.cause) } : {}) })),
    // A call's arrays lie in its function's body, before or after the edit whatever the call's own place.
    frames: r.frames.map((f) => ({
      ...f, call: moveIfAfter(f.call),
      matrices: f.matrices.map((m) => ({ ...m, range: moveIfAfter(m.range), ...(m.nameRange ? { nameRange: moveIfAfter(m.nameRange) } : {}) })),
    })),
    functionStarts: new Map([...r.functionStarts].map(([k, p]) => [k, p.line > editEnd ? { line: p.line + lines, character: p.character } : p])),
    writes: new Map([...r.writes].map(([k, w]): [string, Write] => [k, w.kind === 'unbound' ? { kind: 'unbound', why: moveWhy(w.why) } : w])),
    // The problem's detail says where the statement is (`W_K (line 7): …`): it moves with the ranges.
    problems: r.problems.map((p) => moveProblem(p, lines, move)),
  };
}

/** True when a generator of `s` is unknown because of a draw on a line (0-based) after `line`. */
function unknownAfter(s: RandomSnapshot, line: number): boolean {
  return [s.global, ...s.objects.values()].some((h) => h.unknown !== undefined && h.unknown.line - 1 > line);
}

/** Where the function each name was last bound to starts, over `records` (a name last bound to something else has none). */
function lastFunctionStarts(records: readonly StatementRecord[]): Map<string, SourcePosition> {
  const out = new Map<string, SourcePosition>();
  for (const r of records) {
    for (const k of r.writes.keys()) {
      const at = r.functionStarts.get(k);
      if (at) out.set(k, at);
      else out.delete(k);
    }
  }
  return out;
}

/** The last write of each name over `records`. */
function lastWrites(records: readonly StatementRecord[]): Map<string, Write> {
  const out = new Map<string, Write>();
  for (const r of records) for (const [k, w] of r.writes) out.set(k, w);
  return out;
}

/**
 * Same reason over the same range, with the same causes and shared names: a later statement that reads the name reports all of
 * this (its unknown's `cause` holds the range, end included), so any difference makes the name dirty.
 */
function sameWhy(a: Unbound, b: Unbound): boolean {
  return a.reason === b.reason && a.passedTo === b.passedTo && a.isError === b.isError && sameRange(a.range, b.range) && (a.shares ?? []).join('\u0000') === (b.shares ?? []).join('\u0000') &&
    (a.cause && b.cause ? a.cause.name === b.cause.name && sameWhy(a.cause.why, b.cause.why) : !a.cause && !b.cause);
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameWrite(a: Write, b: Write): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'set' && b.kind === 'set') return sameValue(a.value, b.value) && a.number === b.number;
  if (a.kind === 'unbound' && b.kind === 'unbound') return sameWhy(a.why, b.why);
  return true;
}

/**
 * True when `text` mentions a name of `dirty`, or a function of the program (bound in `scope` now) whose body
 * does, through the functions it mentions in turn: a call reads what the function's body reads, and a `def`
 * run again with the same text is the same function (equality.ts), so its callers are stale only through this.
 */
function readsDirty(text: string, dirty: ReadonlySet<string>, scope: Scope, seen = new Set<string>()): boolean {
  if (dirty.size === 0) return false;
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const name = m[0];
    if (dirty.has(name)) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    const v = scope.peek(name);
    if (typeof v === 'object' && v !== null && v.kind === 'function' && v.source !== undefined && readsDirty(v.source, dirty, scope, seen)) return true;
  }
  return false;
}

