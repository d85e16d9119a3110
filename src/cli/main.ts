/**
 * The headless CLI: `matrices` lists what the parser finds, `compute` runs the attention pipeline.
 * Exit codes: 0 success, 1 bad input (message names the matrix, shape or line), 2 usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import { KERNELS_WASM_FILE, provideWasmKernels } from '../core/matrix/wasm/kernels';
import { roleTitle } from '../core/attention/roles';
import { describeResult } from '../shared/describe';
import { shapeString } from '../core/ndarray/array';
import { describeUnknown, extractMatrices, languageForFile, notebookSources } from '../core/parse/index';
import { NOTEBOOK, fileExtensions } from '../core/parse/languages';
import { displayedSlice, foundShapeText } from '../core/parse/shapeText';
import { DEFAULT_PARSE_LIMITS, type FoundMatrix, type Problem, type SourceDocument, type Target, UNSEEDED_NOTE, type UnknownName } from '../core/parse/types';
import type { ErrorInfo } from '../core/errors';
import { InputError, internalErrorMessage } from '../core/errors';
import { describeRange } from '../core/range';
import { type CliArgs, UsageError, USAGE, parseArgs } from './args';
import { batchedJson, chooseSlice } from './batched';
import { CliGrammarLoader } from './grammarLoader';
import { formatTable, formatNumber } from './format';
import { toLatex } from '../core/formula/latex';
import { toText } from '../core/formula/text';
import { FdWriter, OutputClosed, writeJson } from './jsonStream';
import { NUMBER_FORMAT_WASM_FILE, lazyNumberFormat } from './numberFormat';

interface Output {
  /** A line of output. */
  out: (s: string) => void;
  /** Output without a line break (large JSON is written in pieces). */
  write: (s: string) => void;
  /**
   * Bytes of output, after what `write` wrote before (large matrices' JSON text; optional): written or copied
   * before it returns (they may be a view of memory that is reused).
   */
  writeBytes?: (bytes: Uint8Array) => void;
  err: (s: string) => void;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runCli(argv: readonly string[], io: Output, wasmDir: string): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') { io.out(USAGE); return 0; }
  if (args.command === 'version') { io.out('0.1.0'); return 0; }

  const fail = (error: ErrorInfo): number => {
    if (args.json) io.out(JSON.stringify({ error: { message: error.message, ...(error.range ? { range: error.range } : {}) } }));
    else io.err(`error: ${error.message}${error.range ? ` (${describeRange(error.range)})` : ''}`);
    return 1;
  };
  let sources: SourceDocument[];
  let target: Target | undefined;
  try {
    ({ sources, target } = readSources(args.file as string, args.range));
  } catch (e) {
    if (e instanceof InputError) return fail({ message: e.message });
    throw e;
  }
  const loader = new CliGrammarLoader((f) => path.join(wasmDir, f), (at) => readFileSync(at));
  provideWasmKernels(() => readFileSync(path.join(wasmDir, KERNELS_WASM_FILE)));
  // The JSON output's number formatting, compiled when a large matrix is first written.
  const numbers = lazyNumberFormat(() => readFileSync(path.join(wasmDir, NUMBER_FORMAT_WASM_FILE)));

  if (args.command === 'matrices') {
    let found;
    try {
      found = await extractMatrices(loader, sources, target);
    } catch (e) {
      if (e instanceof InputError) return fail({ message: e.message });
      throw e;
    }
    const unknowns = found.unknowns ?? [];
    if (args.json) {
      const matrices = found.matrices.map((m) => {
        const note = nanNote(m.name ?? 'the literal', m.matrix.data);
        return {
          name: m.name, ...jsonArray(m), range: m.range,
          ...(sources.length > 1 ? { cell: m.source } : {}),
          ...(m.unseeded ? { unseeded: true } : {}),
          ...(m.tensor ? { tensor: m.tensor.type, ...(m.tensor.note ? { tolerance: m.tensor.note } : {}) } : {}),
          ...(note ? { note } : {}),
          ...(m.precision ? { precision: m.precision } : {}),
        };
      });
      const notebook = sources.length > 1;
      if (args.report) {
        // One object: the matrices, the names left unknown and why, the problems.
        writeJson({ matrices, unknown: unknowns.map((u) => unknownJson(u, notebook)), problems: found.problems.map((p) => problemJson(p, notebook)) }, io.write, io.writeBytes, numbers);
        io.write('\n');
        return 0;
      }
      writeJson(matrices, io.write, io.writeBytes, numbers);
      io.write('\n');
      // stdout keeps its documented shape (an array of matrices); what is wrong or unknown goes to stderr, one
      // JSON line each: {"problem": …} and {"unknown": {"name", "line" (0-based), "reason"}}.
      for (const p of found.problems) io.err(JSON.stringify({ problem: problemJson(p, notebook) }));
      for (const u of unknowns) io.err(JSON.stringify({ unknown: unknownJson(u, notebook) }));
    } else {
      if (found.matrices.length === 0) io.out(unknowns.length ? `no matrices could be evaluated: ${unknowns.length} name${unknowns.length === 1 ? ' is' : 's are'} unknown (see the warnings)` : 'no matrices found');
      for (const m of found.matrices) {
        const slice = displayedSlice(m);
        io.out(`${m.name ?? '(literal)'}  ${foundShapeText(m)}${m.tensor ? ` ${m.tensor.type}` : m.array && m.array.dtype !== 'float64' ? ` ${m.array.dtype}` : ''}  ${describeRange(m.range)}${sources.length > 1 ? `, cell ${m.source + 1}` : ''}${slice ? `  (showing ${slice})` : ''}`);
        if (m.unseeded) io.out(`  note: ${UNSEEDED_NOTE}`);
        if (m.tensor?.note) io.out(`  note: ${m.tensor.note}`);
        if (m.precision) io.out(`  note: ${m.precision}`);
        io.out(formatTable(m.matrix, m.rowLabels ?? indexes(m.matrix.rows), indexes(m.matrix.cols)));
        const note = nanNote(m.name ?? 'the literal', m.matrix.data);
        if (note) io.out(`note: ${note}`);
      }
      for (const p of found.problems) io.err(`warning: ${p.message}`);
      for (const u of unknowns) if (!u.isError) io.err(`warning: ${describeUnknown(u)}${sources.length > 1 ? ` (cell ${u.source + 1})` : ''}`);
    }
    return 0;
  }

  const analysis = await analyze(loader, { sources, target, roles: args.roles, options: args.options });
  if (!analysis.ok) return fail(analysis.error);
  const full = analysis.value.result;
  // Batched inputs: the 2-D steps printed are those of --batch (default the first element) and --head.
  const chosen = chooseSlice(full, args.batch, args.head);
  if (!('steps' in chosen)) return fail(chosen);
  const r = chosen;
  if (args.json) {
    writeJson({
      roles: Object.fromEntries(r.roles.map((b) => [b.role, { name: b.name, shape: b.array && b.array.shape.length > 2 ? b.array.shape : [b.matrix.rows, b.matrix.cols], source: b.source, ...(b.range ? { range: b.range } : {}) }])),
      options: r.options,
      dk: r.dk,
      steps: r.steps.map((s) => ({ id: s.id, role: s.role, title: s.title, formula: toLatex(s.formula), shape: [s.matrix.rows, s.matrix.cols], values: s.matrix })),
      weights: r.weights,
      output: r.output,
      diagnostics: r.diagnostics,
      queryLabels: r.queryLabels,
      keyLabels: r.keyLabels,
      ...(r.heads ? { heads: r.heads.map((h) => ({ weights: h.weights, output: h.output, steps: h.steps.map((s) => ({ id: s.id, role: s.role, shape: [s.matrix.rows, s.matrix.cols], values: s.matrix })) })) } : {}),
      ...batchedJson(full, r),
      notes: r.notes,
      ...(r.unseeded ? { unseeded: true } : {}),
      problems: analysis.value.extraction.problems.map((p) => problemJson(p, sources.length > 1)),
      unknown: (analysis.value.extraction.unknowns ?? []).map((u) => unknownJson(u, sources.length > 1)),
    }, io.write, io.writeBytes, numbers);
    io.write('\n');
    return 0;
  }
  io.out(`roles: ${r.roles.map((b) => `${roleTitle(b.role)} = ${b.name}${b.source === 'inferred' ? '' : ' (given)'}`).join(', ')}`);
  const batchLine = r.batch ? `, batch ${shapeString(r.batch.shape)} showing [${r.batch.index.join(', ')}]` : '';
  io.out(`${describeResult(r, r.roles)}${batchLine}\n`);
  const printSteps = (steps: typeof r.steps, prefix: string): void => {
    for (const s of steps) {
      io.out(`${prefix}${s.id}: ${s.title}  ${toText(s.formula)}  (${s.matrix.rows} × ${s.matrix.cols})`);
      io.out(formatTable(s.matrix, s.rowLabels, s.colLabels));
      io.out('');
    }
  };
  r.heads?.forEach((h, i) => {
    if (args.head === undefined || args.head === i) printSteps(h.steps, `head ${i} `);
  });
  printSteps(r.steps, '');
  for (const n of r.notes) io.out(`note: ${n}`);
  io.out('per query: sum of weights, entropy (nats), most attended key');
  r.diagnostics.forEach((d, i) => io.out(`  ${r.queryLabels[i]}: ${formatNumber(d.sum)}, ${formatNumber(d.entropy)}, ${r.keyLabels[d.argmax]}`));
  return 0;
}

/** A note for a matrix with NaN entries (what NumPy computes for 0/0, ∞ − ∞, log of a negative number). */
function nanNote(name: string, data: Float64Array): string | undefined {
  let n = 0;
  for (const x of data) if (Number.isNaN(x)) n++;
  if (n === 0) return undefined;
  return `${name} has ${n} NaN ${n === 1 ? 'entry' : 'entries'}, as NumPy computes them (0/0, ∞ − ∞, the log of a negative number…); in JSON a NaN is "NaN", a masked −∞ is null`;
}

function readSources(file: string, range: CliArgs['range']): { sources: SourceDocument[]; target: Target | undefined } {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(`${file} is not a file`);
    if (st.size > DEFAULT_PARSE_LIMITS.maxTextLength * 4) throw new InputError(`${file} is ${st.size} bytes, more than the limit`);
    // A UTF-8 byte order mark is not part of the text (VS Code drops it too): ranges start after it.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lang = languageForFile(file);
  if (lang === 'notebook') {
    if (range) throw new InputError('--range is not supported for notebooks');
    return { sources: notebookSources(text), target: undefined };
  }
  if (lang === undefined) {
    const supported = [...fileExtensions(), ...NOTEBOOK.extensions].map((e) => `.${e}`).join(', ');
    throw new InputError(`${path.basename(file)}: this file type is not supported (supported: ${supported})`);
  }
  return { sources: [{ text, language: lang }], target: { source: 0, ...(range ? { range } : {}) } };
}

/** A problem as the JSON output writes it: the message, where it is, and the cell of a notebook. */
/** An unknown name as JSON: `{"name", "line" (0-based), "reason", "cell"?}`; the reason names the first cause. */
function unknownJson(u: UnknownName, notebook: boolean): { name: string; line: number; reason: string; cell?: number } {
  return { name: u.name, line: u.range.start.line, reason: describeUnknown(u), ...(notebook ? { cell: u.source } : {}) };
}

function problemJson(p: Problem, notebook: boolean): { message: string; range: Problem['range']; cell?: number } {
  return { message: p.message, range: p.range, ...(notebook ? { cell: p.source } : {}) };
}

function indexes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

/**
 * The command-line tool as a process: runs {@link runCli} on `process.argv`, writes to stdout/stderr, sets the
 * exit code. Called by the launcher, dist/cli.js (src/cli/launcher.ts), or when this bundle is run directly.
 */
export function main(): void {
  const stdout = new FdWriter(1);
  const stderr = new FdWriter(2);
  const quit = (code: number): never => {
    stdout.flush();
    process.exit(code);
  };
  // A bug must never show a stack trace: one sentence naming the component, and a request to report it.
  const crash = (e: unknown): void => {
    if (e instanceof OutputClosed) quit(0); // the reader went away (`| head`): stop quietly
    const message = internalErrorMessage('the command-line tool', e);
    if (process.argv.includes('--json')) stdout.write(`${JSON.stringify({ error: { message } })}\n`);
    stderr.write(`${message}\n`);
    stderr.flush();
    quit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  runCli(process.argv.slice(2), { out: (s) => stdout.write(`${s}\n`), write: (s) => stdout.write(s), writeBytes: (b) => stdout.writeBytes(b), err: (s) => stderr.write(`${s}\n`) }, __dirname)
    .then((code) => {
      stdout.flush();
      stderr.flush();
      process.exitCode = code;
    }, crash);
}

if (require.main === module) main();

/**
 * `shape` and `values` of a found matrix for `matrices --json`: NumPy's shape and `tolist()` nesting for arrays of
 * rank 2 or more (bools as true/false), `[1, n]` and one row for a vector, `dtype` when it is known.
 */
function jsonArray(m: FoundMatrix): { shape: readonly number[]; values: unknown; dtype?: string } {
  const a = m.array;
  if (!a || a.shape.length < 2) return { shape: [m.matrix.rows, m.matrix.cols], values: m.matrix, ...(a ? { dtype: a.dtype } : {}) };
  if (a.shape.length === 2 && a.dtype !== 'bool') return { shape: a.shape, values: m.matrix, dtype: a.dtype };
  const leaf = a.dtype === 'bool' ? (x: number): unknown => x !== 0 : (x: number): unknown => x;
  const nest = (off: number, d: number): unknown => {
    const n = a.shape[d];
    if (d === a.shape.length - 2) {
      // the last two axes as a Matrix: written row by row without building the rows here
      const cols = a.shape[d + 1];
      if (a.dtype !== 'bool') return { rows: n, cols, data: a.data.subarray(off, off + n * cols) };
    }
    const inner = a.shape.slice(d + 1).reduce((p, q) => p * q, 1);
    return Array.from({ length: n }, (_, i) => (d === a.shape.length - 1 ? leaf(a.data[off + i]) : nest(off + i * inner, d + 1)));
  };
  return { shape: a.shape, values: nest(0, 0), dtype: a.dtype };
}
