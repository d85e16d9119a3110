/**
 * Incremental-vs-full fuzzing of the document index: realistic single edits (a digit changed, a name
 * mistyped, a line deleted, duplicated, commented out, swapped, re-indented, a new assignment, a statement
 * typed character by character, an undo; in a notebook also a cell added, deleted or moved) applied one after another to real programs, as a user types. After
 * every text the index's incremental answer ({@link IndexCore} `index`, what the extension's worker runs) is
 * compared with a fresh evaluation of the same text (`extract`): every matrix (name, ranges, dtype, shape and
 * exact values — the hovers at earlier lines read these), every unknown name and its reason, every problem,
 * every call frame, or the same failure message. Used by test/unit/incrementalFuzz.test.ts (a seeded quick run)
 * and scripts/incremental-fuzz.ts (longer runs).
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { IndexCore } from '../../src/core/index/indexCore';
import type { IndexResponse } from '../../src/core/index/protocol';
import { DEFAULT_PARSE_LIMITS, type SourceDocument } from '../../src/core/parse/types';
import type { GrammarLoader } from '../../src/core/parse/treeSitter';
import { mulberry32 } from './prng';

/** One program of the corpus: a file, or a notebook's cells (markdown cells included, as the extension sends them). */
export interface Program {
  readonly name: string;
  readonly sources: readonly SourceDocument[];
}

/** The folders whose programs make the corpus (relative to the repository root). */
export const CORPUS_DIRS = ['examples', 'test/fixtures/programs', 'test/fixtures/differential', 'test/fixtures/incremental'];

/** Every .py (one source) and .ipynb (one source per cell) under {@link CORPUS_DIRS}, sorted by path. */
export function loadCorpus(root: string): Program[] {
  const out: Program[] = [];
  for (const dir of CORPUS_DIRS) {
    for (const f of readdirSync(path.join(root, dir)).sort()) {
      const file = path.join(root, dir, f);
      const name = `${dir}/${f}`;
      if (f.endsWith('.py')) out.push({ name, sources: [{ text: readFileSync(file, 'utf8'), language: 'python' }] });
      else if (f.endsWith('.ipynb')) {
        const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
        out.push({ name, sources: nb.cells.map((c) => ({ text: Array.isArray(c.source) ? c.source.join('') : c.source, language: c.cell_type === 'code' ? 'python' as const : 'markdown' as const })) });
      }
    }
  }
  return out;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same edits. */
export const prng = mulberry32;

/** One user action: its kind, and the texts the source goes through (several while a statement is typed). */
export interface Edit {
  readonly kind: string;
  readonly steps: readonly string[];
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Names assigned at the start of a line (`X = …`), the ones new lines use. */
function assignedNames(text: string): string[] {
  return [...new Set([...text.matchAll(/^([A-Za-z_]\w*)\s*=[^=]/gm)].map((m) => m[1]))];
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** A new line a user might insert, using names of `text`. */
function newLine(r: () => number, text: string): string {
  const names = assignedNames(text);
  const n = names.length ? pick(r, names) : 'x';
  const m = names.length ? pick(r, names) : 'y';
  const torch = /\btorch\b/.test(text);
  return pick(r, [
    `${n} = ${n} * 2`, `${n} = ${n}.T`, `${n} = ${m}`, `${n} += 1`, `${n} = ${n} + ${m}`, `${n}[0] = 0`, `${n} = ${n}.copy()`,
    'np.random.seed(3)', 'np.random.seed(0)', 'rng = np.random.default_rng(7)', 'np.random.rand(2)', `del ${n}`, `print(${n})`,
    ...(torch ? ['torch.manual_seed(1)', 'torch.randn(2)', `${n} = ${n}.clone()`] : []),
    `def ${n}_f(a):\n    return a * 2`, `${m} = (lambda a: a + ${n})(1)`, `if True:\n    ${n} = ${m}`,
  ]);
}

/** The next edit of `text` (one source), or undefined when nothing applies. `previous` is the text before the last edit (for undo). */
export function nextEdit(r: () => number, text: string, previous: string | undefined): Edit {
  const ls = lines(text);
  const lineIndex = Math.floor(r() * ls.length);
  const setLine = (i: number, s: string | string[]): string => [...ls.slice(0, i), ...(Array.isArray(s) ? s : [s]), ...ls.slice(i + 1)].join('\n');
  const kinds = ['digit', 'nameInsert', 'nameDelete', 'deleteLine', 'duplicateLine', 'comment', 'newLine', 'swap', 'indent', 'type', 'undo'];
  for (let attempt = 0; attempt < 20; attempt++) {
    const kind = pick(r, kinds);
    switch (kind) {
      case 'digit': {
        const digits = [...text.matchAll(/\d/g)];
        if (!digits.length) continue;
        const d = pick(r, digits).index;
        const old = text[d];
        let nd = String(Math.floor(r() * 10));
        if (nd === old) nd = String((Number(old) + 1) % 10);
        return { kind, steps: [text.slice(0, d) + nd + text.slice(d + 1)] };
      }
      case 'nameInsert':
      case 'nameDelete': {
        const names = [...text.matchAll(/[A-Za-z_]\w*/g)].filter((m) => !/^(import|from|def|class|return|for|in|if|else|elif|while|as|not|and|or)$/.test(m[0]));
        if (!names.length) continue;
        const m = pick(r, names);
        const at = m.index + Math.floor(r() * m[0].length);
        if (kind === 'nameDelete') return { kind, steps: [text.slice(0, at) + text.slice(at + 1)] };
        return { kind, steps: [text.slice(0, at) + pick(r, ['_', 'x', '1', 'Q', 's']) + text.slice(at)] };
      }
      case 'deleteLine':
        if (ls.length < 2) continue;
        return { kind, steps: [[...ls.slice(0, lineIndex), ...ls.slice(lineIndex + 1)].join('\n')] };
      case 'duplicateLine':
        return { kind, steps: [setLine(lineIndex, [ls[lineIndex], ls[lineIndex]])] };
      case 'comment': {
        const l = ls[lineIndex];
        const m = /^(\s*)# ?(.*)$/.exec(l);
        if (m) return { kind: 'uncomment', steps: [setLine(lineIndex, m[1] + m[2])] };
        if (!l.trim()) continue;
        const indent = /^\s*/.exec(l)?.[0] ?? '';
        return { kind, steps: [setLine(lineIndex, `${indent}# ${l.slice(indent.length)}`)] };
      }
      case 'newLine': {
        const indent = /^\s*/.exec(ls[lineIndex])?.[0] ?? '';
        const add = newLine(r, text).split('\n').map((s) => indent + s);
        return { kind, steps: [[...ls.slice(0, lineIndex + 1), ...add, ...ls.slice(lineIndex + 1)].join('\n')] };
      }
      case 'swap':
        if (lineIndex + 1 >= ls.length) continue;
        return { kind, steps: [[...ls.slice(0, lineIndex), ls[lineIndex + 1], ls[lineIndex], ...ls.slice(lineIndex + 2)].join('\n')] };
      case 'indent': {
        const l = ls[lineIndex];
        if (!l.trim()) continue;
        return { kind, steps: [setLine(lineIndex, l.startsWith('    ') && r() < 0.6 ? l.slice(4) : `    ${l}`)] };
      }
      case 'type': {
        // A new statement typed at the start of a line, one character at a time (most texts between are syntax errors).
        const indent = /^\s*/.exec(ls[lineIndex])?.[0] ?? '';
        const statement = newLine(r, text).split('\n')[0];
        const before = ls.slice(0, lineIndex).join('\n') + (lineIndex > 0 ? '\n' : '') + indent;
        const after = `\n${ls.slice(lineIndex).join('\n')}`;
        const steps: string[] = [];
        for (let k = 1; k <= statement.length; k++) steps.push(before + statement.slice(0, k) + after);
        return { kind, steps };
      }
      case 'undo':
        if (previous === undefined || previous === text) continue;
        return { kind, steps: [previous] };
    }
  }
  return { kind: 'duplicateLine', steps: [setLine(lineIndex, [ls[lineIndex], ls[lineIndex]])] };
}

/** A cell-level edit of a notebook's `sources` (`cells`: the indices of its Python cells, at least one). */
function cellEdit(r: () => number, sources: readonly SourceDocument[], cells: readonly number[]): { kind: string; sources: SourceDocument[] } {
  const at = Math.floor(r() * sources.length);
  const choice = r();
  if (choice < 0.4) {
    const from = sources[pick(r, cells)].text;
    const text = r() < 0.5 ? from : `${newLine(r, from)}\n`;
    return { kind: 'insertCell', sources: [...sources.slice(0, at), { text, language: 'python' }, ...sources.slice(at)] };
  }
  if (choice < 0.7 && cells.length > 1) {
    const drop = pick(r, cells);
    return { kind: 'deleteCell', sources: sources.filter((_, i) => i !== drop) };
  }
  const i = Math.min(at, sources.length - 2);
  return { kind: 'moveCell', sources: [...sources.slice(0, i), sources[i + 1], sources[i], ...sources.slice(i + 2)] };
}

/** A JSON form of an answer where every number keeps its identity (-0, NaN, ±Infinity) and typed arrays are lists. */
function stable(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { typed: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number | bigint>, (e) => (typeof e === 'bigint' ? `${e}n` : Object.is(e, -0) ? '-0' : Number.isFinite(e) ? e : String(e))) };
    return v;
  });
}

/** The first difference between two answers, as a sentence, or undefined when they are the same. */
export function difference(incremental: IndexResponse | undefined, full: IndexResponse | undefined): string | undefined {
  if (!incremental || !full) return 'no answer';
  if (incremental.type !== full.type) return `incremental answered ${incremental.type} (${stable(incremental).slice(0, 300)}), full ${full.type} (${stable(full).slice(0, 300)})`;
  if (incremental.type === 'failed' && full.type === 'failed') return incremental.message === full.message ? undefined : `failed: "${incremental.message}" vs "${full.message}"`;
  if (incremental.type !== 'done' || full.type !== 'done') return undefined;
  const a = incremental.extraction, b = full.extraction;
  for (const key of ['matrices', 'unknowns', 'problems', 'frames'] as const) {
    const xs = a[key] ?? [], ys = b[key] ?? [];
    const n = Math.max(xs.length, ys.length);
    for (let i = 0; i < n; i++) {
      const x = stable(xs[i]), y = stable(ys[i]);
      if (x !== y) {
        const xt = x ?? 'none', yt = y ?? 'none';
        let at = 0;
        while (at < xt.length && xt[at] === yt[at]) at++;
        const from = Math.max(0, at - 200);
        return `${key}[${i}] (of ${xs.length} vs ${ys.length}), from character ${from}:\n  incremental: ${xt.slice(from, at + 300)}\n  full:        ${yt.slice(from, at + 300)}`;
      }
    }
  }
  return undefined;
}

/** A text where the incremental answer differed from the full one. */
export interface Mismatch {
  readonly program: string;
  readonly seed: number;
  /** The edit number in the series and its kind. */
  readonly edit: number;
  readonly kind: string;
  /** Which source (cell) was edited (-1: a cell was added, deleted or moved). */
  readonly source: number;
  /** The texts of the sources before and after the step that differed (the cache had seen `before`). */
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly difference: string;
}

export interface FuzzResult {
  readonly edits: number;
  /** Texts compared (a typed statement compares every intermediate text). */
  readonly texts: number;
  readonly kinds: Record<string, number>;
  readonly mismatches: Mismatch[];
}

/**
 * Applies `editsPerProgram` seeded edits to `program` one after another, comparing the index's incremental
 * answer with a full evaluation after every text. Stops the series at its first mismatch (the cache then
 * differs from the text anyway) and returns it.
 */
export async function fuzzProgram(loader: GrammarLoader, program: Program, seed: number, editsPerProgram: number, core = new IndexCore(loader)): Promise<FuzzResult> {
  const r = prng(seed);
  const key = `${program.name}#${seed}`;
  let id = 0;
  const index = (sources: readonly SourceDocument[]) => core.handle({ type: 'index', id: ++id, key, sources, limits: DEFAULT_PARSE_LIMITS });
  const full = (sources: readonly SourceDocument[]) => core.handle({ type: 'extract', id: ++id, sources, limits: DEFAULT_PARSE_LIMITS });
  const python = program.sources.flatMap((s, i) => (s.language === 'python' ? [i] : []));
  let sources = [...program.sources];
  const previous = new Map<number, string>();
  const kinds: Record<string, number> = {};
  let texts = 0;
  const mismatches: Mismatch[] = [];
  try {
    await index(sources);
    for (let e = 0; e < editsPerProgram && python.length; e++) {
      const cells = sources.flatMap((x, i) => (x.language === 'python' ? [i] : []));
      if (sources.length > 1 && r() < 0.15) {
        // A notebook: a cell added (a copy of one, or a new statement), deleted or moved.
        const edit = cellEdit(r, sources, cells);
        kinds[edit.kind] = (kinds[edit.kind] ?? 0) + 1;
        previous.clear();
        const before = sources.map((x) => x.text);
        sources = edit.sources;
        texts++;
        const diff = difference(await index(sources), await full(sources));
        if (diff) {
          mismatches.push({ program: program.name, seed, edit: e, kind: edit.kind, source: -1, before, after: sources.map((x) => x.text), difference: diff });
          return { edits: e + 1, texts, kinds, mismatches };
        }
        continue;
      }
      const s = pick(r, cells);
      const edit = nextEdit(r, sources[s].text, previous.get(s));
      kinds[edit.kind] = (kinds[edit.kind] ?? 0) + 1;
      previous.set(s, sources[s].text);
      for (const step of edit.steps) {
        const before = sources.map((x) => x.text);
        sources = sources.map((x, i) => (i === s ? { ...x, text: step } : x));
        texts++;
        const inc = await index(sources);
        const diff = difference(inc, await full(sources));
        if (diff) {
          mismatches.push({ program: program.name, seed, edit: e, kind: edit.kind, source: s, before, after: sources.map((x) => x.text), difference: diff });
          return { edits: e + 1, texts, kinds, mismatches };
        }
      }
    }
    return { edits: editsPerProgram, texts, kinds, mismatches };
  } finally {
    await core.handle({ type: 'drop', key });
  }
}

/**
 * Replays a mismatch from scratch (a fresh cache indexes `before`, then `after`) and returns the difference,
 * if it reproduces so. A mismatch that needs the series' earlier history does not.
 */
export async function reproduces(loader: GrammarLoader, before: readonly SourceDocument[], after: readonly SourceDocument[]): Promise<string | undefined> {
  const core = new IndexCore(loader);
  await core.handle({ type: 'index', id: 1, key: 'k', sources: before, limits: DEFAULT_PARSE_LIMITS });
  const inc = await core.handle({ type: 'index', id: 2, key: 'k', sources: after, limits: DEFAULT_PARSE_LIMITS });
  const diff = difference(inc, await core.handle({ type: 'extract', id: 3, sources: after, limits: DEFAULT_PARSE_LIMITS }));
  await core.handle({ type: 'drop', key: 'k' });
  return diff;
}

/**
 * Shrinks a two-text mismatch: drops lines of `before` (the same lines from `after`, when the edit left them
 * alone) while the pair still differs. Returns the smallest pair found.
 */
export async function minimize(loader: GrammarLoader, before: string, after: string): Promise<{ before: string; after: string }> {
  const check = async (b: string, a: string) => (await reproduces(loader, [{ text: b, language: 'python' }], [{ text: a, language: 'python' }])) !== undefined;
  let b = before.split('\n'), a = after.split('\n');
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < b.length; i++) {
      // The line's place in `after`: the same text, same distance from the start or the end.
      const j = a.indexOf(b[i]) === i ? i : a.length - (b.length - i);
      if (a[j] !== b[i]) continue;
      const nb = [...b.slice(0, i), ...b.slice(i + 1)], na = [...a.slice(0, j), ...a.slice(j + 1)];
      if (await check(nb.join('\n'), na.join('\n'))) {
        b = nb;
        a = na;
        changed = true;
        i--;
      }
    }
  }
  return { before: b.join('\n'), after: a.join('\n') };
}
