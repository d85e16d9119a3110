// Measured note: would relaxed-SIMD fused multiply-add pay for the bits it changes? Compiles a variant of
// assembly/kernels.ts whose matmul uses `f64x2.relaxed_madd` (one rounding per multiply-add) and compares it
// with the shipped kernel on Q·Kᵀ (n × 64 · 64 × n): time (median CPU ms) and the largest difference.
// Run: `node bench/fma.bench.mjs [n]` (needs a Node whose V8 has relaxed SIMD; Node 20 takes
// --experimental-wasm-relaxed-simd, which this script passes to a child process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.argv[2] !== '--child') {
  const dir = mkdtempSync(join(tmpdir(), 'ae-fma-'));
  try {
    const source = readFileSync('assembly/kernels.ts', 'utf8').replace(/f64x2\.add\((s\d+), f64x2\.mul\((x\d), (y\d|v128\.load\([^)]*\))\)\)/g, 'f64x2.relaxed_madd($2, $3, $1)');
    writeFileSync(join(dir, 'fma.ts'), source);
    const asc = ['node_modules/assemblyscript/bin/asc.js', '-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd', '--enable', 'relaxed-simd'];
    for (const [src, out] of [['assembly/kernels.ts', 'exact.wasm'], [join(dir, 'fma.ts'), 'fma.wasm']]) {
      const r = spawnSync(process.execPath, [...asc.slice(0, 1), src, ...asc.slice(1), '-o', join(dir, out)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', new URL(import.meta.url).pathname, '--child', dir, process.argv[2] ?? '1024'], { encoding: 'utf8' });
    process.stdout.write(r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  const [dir, nText] = process.argv.slice(3);
  const n = Number(nText), k = 64;
  const load = (f) => new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(dir, f))), { env: { abort() {} } }).exports;
  const kernels = { exact: load('exact.wasm'), fma: load('fma.wasm') };
  const results = {};
  let s = 1;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; };
  const q = Float64Array.from({ length: n * k }, rand), kk = Float64Array.from({ length: n * k }, rand);
  for (const [name, x] of Object.entries(kernels)) {
    const base = x.heapBase(), pa = base + 64, pb = pa + n * k * 8, pc = pb + n * k * 8, pp = pc + n * n * 8;
    const need = pp + n * k * 8 - x.memory.buffer.byteLength;
    if (need > 0) x.memory.grow(Math.ceil(need / 65536));
    new Float64Array(x.memory.buffer, pa, n * k).set(q);
    new Float64Array(x.memory.buffer, pb, n * k).set(kk);
    const times = [];
    for (let i = 0; i < 9; i++) {
      const t0 = process.cpuUsage();
      x.packPanels(pb, k, n, 1, pp);
      x.matmul(pa, pb, pc, n, k, n, 1, pp);
      const d = process.cpuUsage(t0);
      times.push((d.user + d.system) / 1000);
    }
    times.sort((a, b) => a - b);
    results[name] = { ms: times[4], c: new Float64Array(x.memory.buffer, pc, n * n).slice() };
  }
  let maxAbs = 0, maxRel = 0, differ = 0;
  for (let i = 0; i < n * n; i++) {
    const a = results.exact.c[i], b = results.fma.c[i];
    if (a !== b) differ++;
    maxAbs = Math.max(maxAbs, Math.abs(a - b));
    maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(a), 1e-300));
  }
  const gf = (ms) => (2 * n * n * k / (ms / 1e3) / 1e9).toFixed(1);
  console.log(`Q·Kᵀ ${n} × 64 · 64 × ${n}: exact SIMD ${results.exact.ms.toFixed(2)} ms (${gf(results.exact.ms)} GFLOP/s), relaxed FMA ${results.fma.ms.toFixed(2)} ms (${gf(results.fma.ms)} GFLOP/s), speed-up ${(results.exact.ms / results.fma.ms).toFixed(2)}×`);
  console.log(`entries that differ: ${differ} of ${n * n} (${(100 * differ / (n * n)).toFixed(1)} %), largest |Δ| ${maxAbs.toExponential(2)}, largest relative ${maxRel.toExponential(2)}`);
}
