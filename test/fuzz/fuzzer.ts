/**
 * The fuzzer of issue 9: mutates a seed corpus (every notation in examples/ and the test fixtures) and
 * fast-check token soups, and runs each input through the analysis worker (every lexer and evaluator, under
 * the worker's time and memory budgets), then the attention pipeline on what it found. It counts what must
 * never happen: an internal error, a hang (past the time budget), running out of memory, a stack trace (a
 * stack overflow or a JavaScript error's text reaching the user), or an answer that is neither a value nor a
 * message. Failing inputs are minimized and written to a folder. Deterministic for a given seed.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { mulberry32 } from './prng';
import { InputError } from '../../src/core/errors';
import { IndexClient } from '../../src/core/index/indexClient';
import type { IndexOutcome } from '../../src/core/index/protocol';
import { languageForFile, notebookSources } from '../../src/core/parse/index';
import type { GrammarLoader } from '../../src/core/parse/treeSitter';
import { DEFAULT_PARSE_LIMITS, type LanguageId, type SourceDocument } from '../../src/core/parse/types';
import { spawnNodeWorker } from '../../src/extension/index/nodeWorker';

/** What must never happen; `ok` counts inputs that ended in a value or a message. */
export type Verdict = 'ok' | 'internal' | 'hang' | 'oom' | 'stack' | 'empty';

export interface FuzzOptions {
  readonly seed: number;
  /** Stop after this many inputs, or … */
  readonly inputs?: number;
  /** … after this many milliseconds (whichever comes first). */
  readonly timeMs?: number;
  /** The worker's time budget per input (the extension's default: 2000 ms). */
  readonly budgetMs?: number;
  /** The worker's memory budget in MB (the extension's default: 1024). */
  readonly memoryMb?: number;
  /** Largest input made, in characters. */
  readonly maxChars?: number;
  /** Where minimized repros are written (nothing is written when undefined). */
  readonly reproDir?: string;
  readonly root: string;
  readonly loader: GrammarLoader;
  readonly log?: (line: string) => void;
}

export interface FuzzReport {
  readonly inputs: number;
  readonly counts: Readonly<Record<Verdict, number>>;
  /** `language/mutation` pairs run at least once. */
  readonly classes: readonly string[];
  readonly longest: { readonly ms: number; readonly what: string };
  readonly largest: { readonly chars: number; readonly what: string };
  readonly repros: readonly string[];
  /** Inputs the time budget stopped, run again with 5× the budget (a hang only when that stops them too). */
  readonly retried: number;
  readonly wallMs: number;
}

const ALL_LANGUAGES: readonly LanguageId[] = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'markdown', 'matlab', 'julia', 'latex', 'r', 'c', 'cpp', 'java', 'csharp', 'rust', 'go', 'mathematica'];

/** Pieces that matrix code in every notation is made of, and the pathological ones of issue 9. */
const TOKENS = [
  '[', ']', '(', ')', '{', '}', ',', ';', ' ', '\n', '    ', '1', '-2.5', '1e309', '0', 'nan', '-', '+', '*', '/', '**', '^', '@', '%*%', "'", '"', '.T', '=',
  '<-', ':=', '&', '\\\\', '$', '$$', '\\(', '\\)', '\\[', '\\]', '\\begin{bmatrix}', '\\end{bmatrix}', '\\begin{align}', '\\frac{', '\\sqrt[', '```', '`', '<!--',
  'np.array(', 'np.zeros((', 'np.random.randn(', 'np.random.seed(0)\n', 'import numpy as np\n', 'torch.tensor(', 'matrix(c(', 'rbind(', 'cbind(', 'rep(',
  'def f(x):\n    return f(x)\n', 'for i in range(10**9):\n    ', 'lambda x: ', 'W_Q', 'X', 'K', 'V', 'reshape(', 'arange(', '.shape', '[0]', '#', '%', '//', '/*',
  'const X = ', 'let ', 'double X[2][2] = ', 'vec![', 'new double[][]', '{{', '}}', 'X = ', '...', 'end', 'function ', 'if ', 'while True:\n    ',
];

/** A small seeded generator (mulberry32): the same seed makes the same inputs. */
export const rng = mulberry32;

export interface Seed { readonly name: string; readonly sources: readonly SourceDocument[] }

/** Every file of examples/ and test/fixtures/programs whose notation the parser reads (notebooks: their cells). */
export function seedCorpus(root: string): Seed[] {
  const out: Seed[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir).sort()) {
      const full = path.join(dir, f);
      if (statSync(full).isDirectory()) { walk(full); continue; }
      const lang = languageForFile(f);
      if (!lang) continue;
      const text = readFileSync(full, 'utf8');
      out.push({ name: path.relative(root, full), sources: lang === 'notebook' ? notebookSources(text) : [{ text, language: lang }] });
    }
  };
  for (const d of ['examples', 'test/fixtures/programs']) walk(path.join(root, d));
  return out;
}

type Mutation = (text: string, r: () => number, other: string) => string;

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const at = (text: string, r: () => number): number => Math.floor(r() * (text.length + 1));

/** The mutations, by name (the name is part of the class an input belongs to). */
const MUTATIONS: Readonly<Record<string, Mutation>> = {
  flip: (t, r) => { const i = at(t, r); return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 128)) + t.slice(i + 1); },
  insertToken: (t, r) => { const i = at(t, r); return t.slice(0, i) + pick(TOKENS, r) + t.slice(i); },
  deleteSlice: (t, r) => { const i = at(t, r); return t.slice(0, i) + t.slice(i + Math.floor(r() * 40)); },
  duplicateSlice: (t, r) => { const i = at(t, r), n = Math.floor(r() * 200); return t.slice(0, i + n) + t.slice(i, i + n).repeat(1 + Math.floor(r() * 50)) + t.slice(i + n); },
  splice: (t, r, o) => t.slice(0, at(t, r)) + o.slice(at(o, r)),
  longRun: (t, r) => { const i = at(t, r); return t.slice(0, i) + pick(['[', '{', '(', '-', '\\frac{', '[[', '\\(', '$$', '\\begin{align}', 'c(', '`'], r).repeat(1 + Math.floor(r() * 3000)) + t.slice(i); },
  operatorChain: (t, r) => { const i = at(t, r); return `${t.slice(0, i)}${Array(1 + Math.floor(r() * 5000)).fill('1').join(pick(['+', '*', '-', '@', ' %*% '], r))}${t.slice(i)}`; },
  deepNest: (t, r) => { const i = at(t, r), d = 1 + Math.floor(r() * 3000); const [o, c] = pick([['[', ']'], ['(', ')'], ['{', '}'], ['c(', ')'], ['np.array(', ')']], r); return `${t.slice(0, i)}${o.repeat(d)}1${c.repeat(d)}${t.slice(i)}`; },
  truncate: (t, r) => t.slice(0, at(t, r)),
  repeatWhole: (t, r) => t.repeat(2 + Math.floor(r() * 60)),
  stack: (t, r) => { let s = t; for (let k = 0; k < 4; k++) s = MUTATIONS[pick(['flip', 'insertToken', 'deleteSlice', 'duplicateSlice'], r)](s, r, t); return s; },
};

export interface Case { readonly what: string; readonly klass: string; readonly sources: readonly SourceDocument[] }

/** The `n`-th input: a mutated seed (most), a fast-check token soup, or a mutated notebook's JSON. */
export function makeCase(n: number, seeds: readonly Seed[], soups: readonly string[], r: () => number, maxChars: number): Case {
  const clip = (s: string): string => (s.length > maxChars ? s.slice(0, maxChars) : s);
  const kind = r();
  if (kind < 0.12) {
    const text = clip(soups[n % soups.length]);
    const language = pick(ALL_LANGUAGES, r);
    return { what: `fast-check soup #${n}`, klass: `${language}/soup`, sources: [{ text, language }] };
  }
  const seed = pick(seeds, r);
  const other = pick(seeds, r).sources[0]?.text ?? '';
  const name = pick(Object.keys(MUTATIONS), r);
  const cell = Math.floor(r() * seed.sources.length);
  const sources = seed.sources.map((s, i) => (i === cell ? { ...s, text: clip(MUTATIONS[name](s.text, r, other)) } : s));
  // Now and then, the same text read as another notation (every lexer meets every kind of text).
  const language = r() < 0.15 ? pick(ALL_LANGUAGES, r) : undefined;
  const final = language ? sources.map((s) => ({ ...s, language })) : sources;
  return { what: `${seed.name} / ${name}`, klass: `${final[cell].language}/${name}${seed.sources.length > 1 ? '/notebook' : ''}`, sources: final };
}

/** Stack traces and JavaScript errors' own words must never reach the user. */
const STACK = /\n\s+at |Maximum call stack|RangeError|TypeError|ReferenceError|SyntaxError: Unexpected|Invalid typed array length|Invalid array length|undefined is not|Cannot read propert/;

/** The verdict on one outcome of the worker (and of the pipeline run on what it found). */
function judge(o: IndexOutcome, pipelineError: string | undefined): { verdict: Verdict; detail: string } {
  if (pipelineError) return { verdict: STACK.test(pipelineError) ? 'stack' : 'internal', detail: pipelineError };
  if (!o.ok) {
    if (o.reason === 'time') return { verdict: 'hang', detail: o.message };
    if (o.reason === 'memory') return { verdict: 'oom', detail: o.message };
    if (o.reason === 'internal') return { verdict: /\n\s+at /.test(o.message) ? 'stack' : 'internal', detail: o.message };
    if (STACK.test(o.message)) return { verdict: 'stack', detail: o.message };
    return o.message.trim() ? { verdict: 'ok', detail: '' } : { verdict: 'empty', detail: 'an error without a message' };
  }
  for (const p of o.extraction.problems) {
    if (/internal error in/.test(p.message)) return { verdict: /\n\s+at /.test(p.message) ? 'stack' : 'internal', detail: p.message };
    if (STACK.test(p.message)) return { verdict: 'stack', detail: p.message };
    if (!p.message.trim()) return { verdict: 'empty', detail: 'a problem without a message' };
  }
  for (const m of o.extraction.matrices) {
    if (m.matrix.data.length !== m.matrix.rows * m.matrix.cols) return { verdict: 'internal', detail: `${m.name}: ${m.matrix.rows} × ${m.matrix.cols} with ${m.matrix.data.length} entries` };
  }
  return { verdict: 'ok', detail: '' };
}

/** Runs the fuzzer; never throws for a failing input (it is counted, minimized and written out). */
export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const budgetMs = opts.budgetMs ?? 2000;
  const memoryMb = opts.memoryMb ?? 1024;
  const maxChars = opts.maxChars ?? 200_000;
  const log = opts.log ?? (() => undefined);
  const dist = path.join(opts.root, 'dist');
  const makeClient = (ms: number): IndexClient => new IndexClient({ spawn: () => spawnNodeWorker(path.join(dist, 'indexWorker.js'), dist, memoryMb), timeoutMs: () => ms, memoryMb: () => memoryMb });
  const client = makeClient(budgetMs);
  let patient: IndexClient | undefined;
  const seeds = seedCorpus(opts.root);
  const soups = fc.sample(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }).map((p) => p.join('')), { seed: opts.seed, numRuns: 500 });
  const r = rng(opts.seed);
  const counts: Record<Verdict, number> = { ok: 0, internal: 0, hang: 0, oom: 0, stack: 0, empty: 0 };
  const classes = new Set<string>();
  const repros: string[] = [];
  let longest = { ms: 0, what: '' };
  let largest = { chars: 0, what: '' };
  const started = performance.now();
  const limit = opts.inputs ?? Infinity;
  const deadline = started + (opts.timeMs ?? Infinity);

  const runOne = async (sources: readonly SourceDocument[], worker: IndexClient): Promise<{ verdict: Verdict; detail: string; ms: number }> => {
    const t0 = performance.now();
    const o = await worker.extract(sources, undefined, DEFAULT_PARSE_LIMITS);
    const waited = performance.now() - t0;
    let pipelineError: string | undefined;
    const t1 = performance.now();
    if (o.ok) {
      try {
        await analyze(opts.loader, { sources, extraction: o.extraction, limits: DEFAULT_PARSE_LIMITS });
      } catch (e) {
        if (!(e instanceof InputError)) pipelineError = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
      }
    }
    // The time of the run: the worker's analysis (not its start-up) and the pipeline.
    return { ...judge(o, pipelineError), ms: (o.ok ? o.buildMs : waited) + performance.now() - t1 };
  };

  let n = 0;
  let retried = 0;
  try {
    // Source texts: mutated seeds and token soups, through the worker, then the pipeline.
    for (; n < limit && performance.now() < deadline; n++) {
      const c = makeCase(n, seeds, soups, r, maxChars);
      classes.add(c.klass);
      const chars = c.sources.reduce((k, s) => k + s.text.length, 0);
      if (chars > largest.chars) largest = { chars, what: c.what };
      let result = await runOne(c.sources, client);
      if (result.verdict === 'hang') {
        // Stopped by the time budget, as it should be; on a machine shared with other work that may be the
        // machine's doing. A hang is an input still running at 5× the budget (the stops are counted and reported).
        retried++;
        log(`stopped by the budget, run again with 5× the budget: ${c.what} (${chars} characters)`);
        patient ??= makeClient(5 * budgetMs);
        result = await runOne(c.sources, patient);
      }
      if (result.ms > longest.ms) longest = { ms: result.ms, what: `${c.what} (${chars} characters)` };
      counts[result.verdict]++;
      if (result.verdict !== 'ok') {
        log(`${result.verdict}: ${c.what}: ${result.detail.split('\n')[0]}`);
        if (opts.reproDir) repros.push(await writeRepro(opts.reproDir, c, result.verdict, result.detail, (s) => runOne(s, result.verdict === 'hang' ? (patient ?? client) : client)));
      }
      if (n % 500 === 499) log(`${n + 1} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    // Notebook JSON: mutated notebooks read, or are named as not notebooks (never anything else).
    const notebooks = seeds.filter((s) => s.name.endsWith('.ipynb'));
    for (let k = 0; k < Math.min(200, Math.ceil(n / 20)) && notebooks.length; k++, n++) {
      const json = readFileSync(path.join(opts.root, pick(notebooks, r).name), 'utf8');
      const mutated = MUTATIONS[pick(['flip', 'insertToken', 'deleteSlice', 'truncate', 'splice'], r)](json, r, '{"cells": [null], "metadata": {"language_info": {"name": 3}}}');
      classes.add('notebook-json/mutation');
      try {
        notebookSources(mutated);
        counts.ok++;
      } catch (e) {
        if (e instanceof InputError && /^not a valid notebook: /.test(e.message)) counts.ok++;
        else {
          counts.internal++;
          log(`internal: notebook JSON: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  } finally {
    client.dispose();
    patient?.dispose();
  }
  return { inputs: n, counts, classes: [...classes].sort(), longest, largest, repros, retried, wallMs: performance.now() - started };
}

/** Minimizes a failing case (drops chunks while it still fails the same way) and writes it to `dir`. */
async function writeRepro(dir: string, c: Case, verdict: Verdict, detail: string, runOne: (s: readonly SourceDocument[]) => Promise<{ verdict: Verdict }>): Promise<string> {
  const cell = c.sources.findIndex((s) => s.text.length === Math.max(...c.sources.map((x) => x.text.length)));
  let text = c.sources[cell].text;
  const fails = async (t: string): Promise<boolean> => (await runOne(c.sources.map((s, i) => (i === cell ? { ...s, text: t } : s)))).verdict === verdict;
  let tries = 0;
  for (let chunk = Math.max(1, Math.floor(text.length / 2)); chunk >= 1 && tries < 60; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i < text.length && tries < 60; i += chunk) {
      const shorter = text.slice(0, i) + text.slice(i + chunk);
      tries++;
      if (await fails(shorter)) { text = shorter; i -= chunk; }
    }
  }
  mkdirSync(dir, { recursive: true });
  const lang = c.sources[cell].language;
  const name = `${verdict}-${lang}-${Date.now().toString(36)}`;
  writeFileSync(path.join(dir, `${name}.txt`), text);
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ verdict, language: lang, cell, what: c.what, detail, sources: c.sources.length }, null, 2));
  return path.join(dir, `${name}.txt`);
}
