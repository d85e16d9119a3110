// Benchmark: the whole CLI process, `node dist/cli.js compute FILE --json`, beside `python3 FILE` (NumPy
// computing the same attention and printing it) on the tutorial and on generated files whose matrices are
// literals (n = 128 and 512 tokens, d = 64), paired runs in alternation: medians of wall-clock time and, where
// /usr/bin/time exists, of CPU time (user + system; on a busy machine the fairer figure).
// Run after a build: `node bench/cli.bench.mjs [R]`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { literalFile } from './literalFile.mjs';

const runs = Number(process.argv[2] ?? 7);

const TIME = '/usr/bin/time';
const haveTime = existsSync(TIME);

/** Wall time (ms), CPU time (ms, user + system, NaN without /usr/bin/time) and output size of one run. */
function wall(cmd, args) {
  const argv = haveTime ? [TIME, ['-f', '%U %S', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv[1], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
  const times = haveTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { ms, cpu: (times[0] + times[1]) * 1000, bytes: r.stdout.length };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };

const dir = mkdtempSync(join(tmpdir(), 'ae-cli-bench-'));
try {
  const files = [['tutorial', 'examples/attention_numpy_tutorial.py']];
  for (const n of [128, 512]) {
    const f = join(dir, `literal_${n}.py`);
    writeFileSync(f, literalFile(n));
    files.push([`literal n = ${n}`, f]);
  }
  console.log(`CLI whole process: node dist/cli.js compute FILE --json vs python3 FILE; medians of ${runs} paired runs (node ${process.version})`);
  console.log(['file', 'CLI wall', 'python3 wall', 'ratio', 'CLI CPU', 'python3 CPU', 'ratio', 'JSON size'].map((h, i) => (i ? h.padStart(13) : h.padEnd(16))).join(''));
  for (const [name, file] of files) {
    const cli = [], py = [];
    let bytes = 0;
    wall('python3', [file]);
    wall(process.execPath, ['dist/cli.js', 'compute', file, '--json']);
    for (let i = 0; i < runs; i++) {
      const c = wall(process.execPath, ['dist/cli.js', 'compute', file, '--json']);
      bytes = c.bytes;
      cli.push(c);
      py.push(wall('python3', [file]));
    }
    const m = (xs, key) => median(xs.map((x) => x[key]));
    const ratio = (key) => median(cli.map((c, i) => c[key] / py[i][key]));
    console.log([name.padEnd(16), `${m(cli, 'ms').toFixed(0)} ms`, `${m(py, 'ms').toFixed(0)} ms`, `${ratio('ms').toFixed(2)}×`,
      `${m(cli, 'cpu').toFixed(0)} ms`, `${m(py, 'cpu').toFixed(0)} ms`, `${ratio('cpu').toFixed(2)}×`, `${(bytes / 1024).toFixed(0)} KiB`].map((c, i) => (i ? c.padStart(13) : c)).join(''));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
