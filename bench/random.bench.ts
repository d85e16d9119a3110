/**
 * NumPy's Generator(PCG64) in the engine beside NumPy itself, same run: a million `random()` doubles and a
 * million `standard_normal()` draws (seed 7), medians of 5 runs, with the ratio. The values are checked equal
 * (first and last draw) so that the speed is that of the same computation.
 *
 *   npm run bench:random
 */
import { spawnSync } from 'node:child_process';
import { NumpyGenerator } from '../src/core/random/numpyGenerator';

const N = 1_000_000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(f: () => ArrayLike<number>): { ms: number; first: number; last: number } {
  const ms: number[] = [];
  let out: ArrayLike<number> = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    out = f();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), first: out[0], last: out[out.length - 1] };
}

const ours = {
  random: time(() => new NumpyGenerator(7).random([N]).data),
  normal: time(() => new NumpyGenerator(7).standard_normal([N]).data),
};
const py = spawnSync('python3', ['-c', `
import time, json, numpy as np
def t(f):
    ms = []
    for _ in range(5):
        t0 = time.perf_counter(); out = f(); ms.append((time.perf_counter() - t0) * 1000)
    return {"ms": sorted(ms)[2], "first": float(out[0]), "last": float(out[-1])}
print(json.dumps({"random": t(lambda: np.random.default_rng(7).random(${N})), "normal": t(lambda: np.random.default_rng(7).standard_normal(${N}))}))
`], { encoding: 'utf8' });
if (py.status !== 0) throw new Error(`python3 with NumPy is needed: ${py.stderr}`);
const numpy = JSON.parse(py.stdout) as Record<'random' | 'normal', { ms: number; first: number; last: number }>;
for (const k of ['random', 'normal'] as const) {
  const same = ours[k].first === numpy[k].first && ours[k].last === numpy[k].last;
  console.log(`${k.padEnd(7)} ${N} draws: engine ${ours[k].ms.toFixed(1)} ms, NumPy ${numpy[k].ms.toFixed(1)} ms, ratio ${(ours[k].ms / numpy[k].ms).toFixed(1)}×, values ${same ? 'identical' : 'DIFFER'}`);
}
