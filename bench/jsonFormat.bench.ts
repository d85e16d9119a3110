/**
 * Benchmark: the CLI's JSON writer (src/cli/jsonStream.ts) on the document of `compute --json` for the n = 512
 * literal file of bench/cli.bench.mjs (0.9 million numbers, 24 MB), with its numbers formatted by
 * `JSON.stringify` and by the WebAssembly formatter (dist/number-format.wasm), in alternation in one process,
 * bytes written to a sink that only counts them: median time per number formatted (a matrix written twice is
 * formatted once). The two texts are checked to be equal. Run after a build:
 * `node --import tsx bench/jsonFormat.bench.ts [R]`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJson } from '../src/cli/jsonStream';
import { runCli } from '../src/cli/main';
import { lazyNumberFormat } from '../src/cli/numberFormat';
import type { Matrix } from '../src/core/matrix/matrix';
import { literalFile } from './literalFile.mjs';

const runs = Number(process.argv[2] ?? 7);

/** The JSON document of `compute FILE --json`, matrices (arrays of equal rows of numbers) as {@link Matrix}. */
async function computeDocument(n: number): Promise<{ doc: Record<string, unknown>; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ae-json-bench-'));
  try {
    const file = join(dir, `literal_${n}.py`);
    writeFileSync(file, literalFile(n));
    let text = '';
    const code = await runCli(['compute', file, '--json'], { out: (s) => { text += `${s}\n`; }, write: (s) => { text += s; }, err: () => {} }, 'dist');
    if (code !== 0) throw new Error(`compute failed: ${text.slice(0, 300)}`);
    const value = (x: unknown): number => (x === null ? -Infinity : x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : (x as number));
    const toMatrix = (v: unknown): unknown => {
      if (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.length === (v[0] as unknown[]).length && r.every((x) => typeof x !== 'object' || x === null))) {
        const rows = v as unknown[][], cols = rows[0].length;
        const data = new Float64Array(rows.length * cols);
        rows.forEach((r, i) => r.forEach((x, j) => { data[i * cols + j] = value(x); }));
        return { rows: rows.length, cols, data } satisfies Matrix;
      }
      if (Array.isArray(v)) return v.map(toMatrix);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toMatrix(x)]));
      return v;
    };
    const doc = toMatrix(JSON.parse(text)) as Record<string, unknown>;
    // As in the CLI, the top-level weights and output are the steps' matrices (written twice, formatted once).
    const steps = doc.steps as { id: string; values: Matrix }[];
    for (const id of ['weights', 'output']) {
      const step = steps.find((s) => s.id === id);
      if (step) doc[id] = step.values;
    }
    return { doc, text: text.trimEnd() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Entries of the distinct matrices in `value` (what the writer formats). */
function countNumbers(value: unknown, seen = new Set<Matrix>()): number {
  if (value && typeof value === 'object' && (value as Matrix).data instanceof Float64Array) {
    const m = value as Matrix;
    if (seen.has(m)) return 0;
    seen.add(m);
    return m.rows * m.cols;
  }
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + countNumbers(v, seen), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((s: number, v) => s + countNumbers(v, seen), 0);
  return 0;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };

async function main(): Promise<void> {
  const { doc, text } = await computeDocument(512);
  const count = countNumbers(doc);
  const numbers = lazyNumberFormat(() => readFileSync('dist/number-format.wasm'));
  if (!numbers()) throw new Error('dist/number-format.wasm does not compile here (run `node esbuild.js`)');

  /** One write of the document; its text (checked once) or its length. */
  function write(wasm: boolean, keep: boolean): { ms: number; out: string } {
    const parts: string[] = [];
    let bytes = 0;
    const t0 = performance.now();
    writeJson(doc, (s) => { bytes += s.length; if (keep) parts.push(s); }, (b) => { bytes += b.length; if (keep) parts.push(Buffer.from(b).toString('latin1')); }, wasm ? numbers : undefined);
    const ms = performance.now() - t0;
    return { ms, out: keep ? parts.join('') : String(bytes) };
  }

  // The first write of each: the one a CLI process does (V8 has not optimised the code yet).
  const first = [false, true].map((wasm) => write(wasm, false).ms);
  for (const wasm of [false, true]) if (write(wasm, true).out !== text) throw new Error(`the ${wasm ? 'WebAssembly' : 'JSON.stringify'} text differs from the CLI's`);
  const times: Record<'js' | 'wasm', number[]> = { js: [], wasm: [] };
  for (let i = 0; i < runs; i++) {
    times.js.push(write(false, false).ms);
    times.wasm.push(write(true, false).ms);
  }
  const ns = (ms: number): string => `${((ms * 1e6) / count).toFixed(1)} ns/number`;
  console.log(`JSON writer on compute --json, literal n = 512 (${count} numbers formatted, ${(text.length / 1024).toFixed(0)} KiB), medians of ${runs} (node ${process.version}):`);
  console.log(`  JSON.stringify: ${median(times.js).toFixed(1)} ms (${ns(median(times.js))}); first write ${first[0].toFixed(1)} ms (${ns(first[0])})`);
  console.log(`  WebAssembly:    ${median(times.wasm).toFixed(1)} ms (${ns(median(times.wasm))}); first write ${first[1].toFixed(1)} ms (${ns(first[1])})`);
  console.log(`  ratio ${(median(times.js) / median(times.wasm)).toFixed(2)}× (first writes ${(first[0] / first[1]).toFixed(2)}×)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
