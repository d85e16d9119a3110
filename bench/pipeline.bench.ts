/**
 * Benchmark: the engine's full self-attention pipeline (Q/K/V projections, Q·Kᵀ, scaling, softmax, weights·V)
 * for n = 64, 256, 1024 tokens and d = 64, beside NumPy's on the same inputs in the same run (via python3,
 * when it is installed). Prints best-of-R times and the ratio engine / NumPy. Run: `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeAttention } from '../src/core/attention/pipeline';
import type { RoleBinding } from '../src/core/attention/types';
import type { Matrix } from '../src/core/matrix/matrix';
import { NumpyRandomState } from '../src/core/random/numpyLegacy';

const D = 64;
const SIZES = [64, 256, 1024];

function randomMatrix(rng: NumpyRandomState, rows: number, cols: number): Matrix {
  return { rows, cols, data: Float64Array.from(rng.standard_normal([rows, cols]).data) };
}

function binding(role: RoleBinding['role'], matrix: Matrix): RoleBinding {
  return { role, name: role, matrix, source: 'given' };
}

function bestOf(repeats: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

function numpyTime(dir: string, n: number, repeats: number): { seconds: number; output_sum: number; numpy: string } | string {
  const r = spawnSync('python3', ['bench/numpy_pipeline.py', dir, String(n), String(D), String(repeats)], { encoding: 'utf8' });
  if (r.error) return `python3 not available (${r.error.message})`;
  if (r.status !== 0) return `NumPy run failed: ${r.stderr.trim().split('\n').pop()}`;
  return JSON.parse(r.stdout) as { seconds: number; output_sum: number; numpy: string };
}

const fmt = (s: number): string => (s < 1e-3 ? `${(s * 1e6).toFixed(0)} µs` : `${(s * 1e3).toFixed(2)} ms`);

function main(): void {
  const rng = new NumpyRandomState(0);
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-'));
  console.log(`Attention Explorer engine vs NumPy: full pipeline, d = ${D}, best of R runs (node ${process.version})`);
  console.log(['n', 'engine', 'NumPy', 'engine/NumPy', 'max |Δ| of checksum'].map((h, i) => (i === 0 ? h.padStart(6) : h.padStart(i === 4 ? 22 : 16))).join(''));
  try {
    for (const n of SIZES) {
      const X = randomMatrix(rng, n, D);
      const W = [randomMatrix(rng, D, D), randomMatrix(rng, D, D), randomMatrix(rng, D, D)].map((m) => ({ ...m, data: m.data.map((x) => x / 8) }));
      const names = ['X', 'WQ', 'WK', 'WV'];
      [X, ...W].forEach((m, i) => writeFileSync(join(dir, `${names[i]}.f64`), Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength)));
      const roles = { mode: 'projection' as const, x: binding('x', X), wq: binding('wq', W[0]), wk: binding('wk', W[1]), wv: binding('wv', W[2]) };
      const repeats = n >= 1024 ? 5 : 20;
      let sum = 0;
      computeAttention(roles); // warm-up (JIT)
      const engine = bestOf(repeats, () => {
        const r = computeAttention(roles);
        sum = r.output.data.reduce((a, b) => a + b, 0);
      });
      const np = numpyTime(dir, n, repeats);
      const cells = typeof np === 'string'
        ? [fmt(engine), np, '', '']
        : [fmt(engine), fmt(np.seconds), `${(engine / np.seconds).toFixed(2)}×`, Math.abs(sum - np.output_sum).toExponential(1).padStart(6)];
      console.log(String(n).padStart(6) + cells.map((c, i) => c.padStart(i === 3 ? 22 : 16)).join(''));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('engine = TypeScript Float64Array kernels, all steps kept; NumPy = BLAS-backed, steps discarded.');
}

main();
