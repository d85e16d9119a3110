/**
 * Benchmark: the engine's self-attention pipeline (Q/K/V projections, Q·Kᵀ, scaling, softmax, weights·V,
 * every step kept) and each of its kernels, for n = 64, 256, 1024, 2048 tokens and d = 64, beside NumPy with
 * single-threaded BLAS on the same inputs in the same run (python3, when installed). Prints medians of R runs (wall
 * time, and CPU time for the pipeline and the two products),
 * GFLOP/s of the products and the ratio engine / NumPy (NumPy's times are its median wall times too). The engine runs its WebAssembly SIMD kernels
 * (dist/attention-kernels.wasm: run `npm run build` first); `--js` runs the JavaScript kernels instead.
 * Run: `npm run bench` (or `npm run bench -- --js`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeAttention } from '../src/core/attention/pipeline';
import type { RoleBinding } from '../src/core/attention/types';
import type { Matrix } from '../src/core/matrix/matrix';
import { matmul, matmulTransposed, scale, softmaxRows } from '../src/core/matrix/ops';
import { installWasmKernels, uninstallWasmKernels } from '../src/core/matrix/wasm/kernels';
import { NumpyRandomState } from '../src/core/random/numpyLegacy';

const D = 64;
const SIZES = process.argv.includes("--quick") ? [64, 256] : [64, 256, 1024, 2048];
const KERNELS = ['pipeline', 'pipelineCpu', 'qk', 'qkCpu', 'qkIn', 'scale', 'softmax', 'av', 'avCpu', 'avIn'] as const;
type Kernel = (typeof KERNELS)[number];
type NumpyRow = 'pipeline' | 'pipelineCpu' | 'qk' | 'qkCpu' | 'scale' | 'softmax' | 'av' | 'avCpu';
const TITLES: Record<Kernel, string> = { pipeline: 'pipeline', pipelineCpu: ' CPU time', qk: 'Q·Kᵀ', qkCpu: ' CPU time', qkIn: ' in memory', scale: 'scale', softmax: 'softmax', av: 'A·V', avCpu: ' CPU time', avIn: ' in memory' };
/** NumPy's time that each engine row is compared with. */
const NUMPY_ROW: Record<Kernel, NumpyRow> = { pipeline: 'pipeline', pipelineCpu: 'pipelineCpu', qk: 'qk', qkCpu: 'qkCpu', qkIn: 'qk', scale: 'scale', softmax: 'softmax', av: 'av', avCpu: 'avCpu', avIn: 'av' };

interface RawKernels {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  packPanels(b: number, k: number, m: number, bt: number, pack: number): void;
  matmul(a: number, b: number, c: number, n: number, k: number, m: number, bt: number, pack: number): void;
}

/**
 * The matrix-product kernel alone (packing and one call), on operands already in WebAssembly memory:
 * `A: (n, k)` times `B: (k, m)`, or `Bᵀ` given as `(m, k)` when `bt`. Without the copies in and out.
 */
function rawMatmul(x: RawKernels, a: Matrix, b: Matrix, bt: boolean): () => void {
  const n = a.rows, k = a.cols, m = bt ? b.rows : b.cols;
  const pa = Math.ceil(x.heapBase() / 16) * 16, pb = pa + a.data.length * 8, pc = pb + b.data.length * 8, pp = pc + n * m * 8;
  const need = pp + k * m * 8 - x.memory.buffer.byteLength;
  if (need > 0) x.memory.grow(Math.ceil(need / 65536));
  new Float64Array(x.memory.buffer, pa, a.data.length).set(a.data);
  new Float64Array(x.memory.buffer, pb, b.data.length).set(b.data);
  return () => {
    x.packPanels(pb, k, m, bt ? 1 : 0, pp);
    x.matmul(pa, pb, pc, n, k, m, bt ? 1 : 0, pp);
  };
}

interface NumpyTimes extends Record<NumpyRow, number> {
  readonly output_sum: number;
  readonly numpy: string;
  readonly blas: string;
}

function randomMatrix(rng: NumpyRandomState, rows: number, cols: number): Matrix {
  return { rows, cols, data: Float64Array.from(rng.standard_normal([rows, cols]).data) };
}

function binding(role: RoleBinding['role'], matrix: Matrix): RoleBinding {
  return { role, name: role, matrix, source: 'given' };
}

/** Median wall time of `f` in seconds (or CPU time of this process with `cpu`), after one warm-up call. */
function medianOf(repeats: number, f: () => void, cpu = false): number {
  f(); // warm-up (JIT, memory growth)
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    times.push(cpu ? (c.user + c.system) / 1e6 : Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  const h = times.length >> 1;
  return times.length % 2 ? times[h] : (times[h - 1] + times[h]) / 2;
}

/** NumPy's times in a child process with one BLAS thread (and the machine's OpenBLAS core overrides removed). */
function numpyTimes(dir: string, n: number, repeats: number): NumpyTimes | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('python3', ['bench/numpy_pipeline.py', dir, String(n), String(D), String(repeats)], { encoding: 'utf8', env });
  if (r.error) return `python3 not available (${r.error.message})`;
  if (r.status !== 0) return `NumPy run failed: ${r.stderr.trim().split('\n').pop()}`;
  return JSON.parse(r.stdout) as NumpyTimes;
}

const fmt = (s: number): string => (s < 1e-3 ? `${(s * 1e6).toFixed(0)} µs` : `${(s * 1e3).toFixed(2)} ms`);
const gflops = (flops: number, s: number): string => `${(flops / s / 1e9).toFixed(1)}`;

function main(): void {
  const useJs = process.argv.includes('--js');
  const bytes = readFileSync('dist/attention-kernels.wasm');
  if (useJs) uninstallWasmKernels();
  else if (!installWasmKernels(bytes)) throw new Error('dist/attention-kernels.wasm does not compile here');
  const raw = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => undefined } }).exports as unknown as RawKernels;
  const rng = new NumpyRandomState(0);
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-'));
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(', ');
  console.log(`Attention Explorer engine (${useJs ? 'JavaScript kernels' : 'WebAssembly SIMD kernels'}) vs NumPy with one BLAS thread; d = ${D}, medians (node ${process.version})`);
  console.log(`load average at the start: ${load()}`);
  const header = ['n', 'kernel', 'engine', 'GFLOP/s', 'NumPy', 'GFLOP/s', 'engine/NumPy'];
  const widths = [6, 10, 12, 9, 12, 9, 14];
  const line = (cells: string[]): void => console.log(cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' '));
  line(header);
  let numpyVersion = '';
  try {
    for (const n of SIZES) {
      const X = randomMatrix(rng, n, D);
      const W = [randomMatrix(rng, D, D), randomMatrix(rng, D, D), randomMatrix(rng, D, D)].map((m) => ({ ...m, data: m.data.map((x) => x / 8) }));
      const names = ['X', 'WQ', 'WK', 'WV'];
      [X, ...W].forEach((m, i) => writeFileSync(join(dir, `${names[i]}.f64`), Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength)));
      const roles = { mode: 'projection' as const, x: binding('x', X), wq: binding('wq', W[0]), wk: binding('wk', W[1]), wv: binding('wv', W[2]) };
      const repeats = n >= 2048 ? 5 : n >= 1024 ? 9 : 21;
      const result = computeAttention(roles);
      const Q = result.steps.find((s) => s.id === 'Q')?.matrix as Matrix;
      const K = result.steps.find((s) => s.id === 'K')?.matrix as Matrix;
      const V = result.steps.find((s) => s.id === 'V')?.matrix as Matrix;
      const S = result.steps.find((s) => s.id === 'scores')?.matrix as Matrix;
      const A = result.weights;
      const engine: Record<Kernel, number> = {
        pipeline: medianOf(repeats, () => computeAttention(roles)),
        pipelineCpu: medianOf(repeats, () => computeAttention(roles), true),
        qk: medianOf(repeats, () => matmulTransposed(Q, K)),
        qkCpu: medianOf(repeats, () => matmulTransposed(Q, K), true),
        qkIn: medianOf(repeats, rawMatmul(raw, Q, K, true)),
        scale: medianOf(repeats, () => scale(S, 1 / Math.sqrt(D))),
        softmax: medianOf(repeats, () => softmaxRows(S)),
        av: medianOf(repeats, () => matmul(A, V)),
        avCpu: medianOf(repeats, () => matmul(A, V), true),
        avIn: medianOf(repeats, rawMatmul(raw, A, V, false)),
      };
      const sum = result.output.data.reduce((a, b) => a + b, 0);
      const np = numpyTimes(dir, n, repeats);
      const flops: Partial<Record<Kernel, number>> = { pipeline: 2 * n * D * D * 3 + 4 * n * n * D, pipelineCpu: 2 * n * D * D * 3 + 4 * n * n * D, qk: 2 * n * n * D, qkCpu: 2 * n * n * D, qkIn: 2 * n * n * D, av: 2 * n * n * D, avCpu: 2 * n * n * D, avIn: 2 * n * n * D };
      for (const k of KERNELS) {
        if (useJs && (k === 'qkIn' || k === 'avIn')) continue;
        const f = flops[k];
        if (typeof np === 'string') {
          line([String(n), TITLES[k], fmt(engine[k]), f ? gflops(f, engine[k]) : '', np, '', '']);
          continue;
        }
        const ref = np[NUMPY_ROW[k]];
        line([String(n), TITLES[k], fmt(engine[k]), f ? gflops(f, engine[k]) : '', fmt(ref), f ? gflops(f, ref) : '', `${(engine[k] / ref).toFixed(2)}×`]);
      }
      if (typeof np !== 'string') {
        numpyVersion = `NumPy ${np.numpy} (${np.blas})`;
        const rel = Math.abs(sum - np.output_sum) / Math.max(1, Math.abs(np.output_sum));
        if (rel > 1e-9) console.log(`  warning: output checksums differ by ${rel.toExponential(1)} (relative)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Times are medians of wall time, except "CPU time" (the process's CPU time, NumPy's too; on a busy machine the fairer figure).`);
  console.log(`engine: float64, every step kept (new matrices); Q·Kᵀ, scale, softmax and A·V are the engine's calls with their copies`);
  console.log(`in and out of WebAssembly memory (the pipeline fuses them: each n² matrix is copied out once); "in memory" is the`);
  console.log(`product kernel alone on operands already there. Pipeline GFLOP/s counts the three projections and both products.`);
  console.log(numpyVersion);
  console.log(`load average at the end: ${load()} (the machine's run queue over 1, 5, 15 minutes; ratios on a busy machine are noisy)`);
}

main();
