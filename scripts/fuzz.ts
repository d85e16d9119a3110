/**
 * `npm run fuzz -- [--minutes N] [--inputs N] [--seed N] [--out DIR]`: the fuzzer of test/fuzz/fuzzer.ts for
 * longer than the unit tests run it. Prints what it ran and the counts of internal errors, hangs, OOM and
 * stack traces; writes minimized repros to DIR (default fuzz-repros/, git-ignored). Exits 1 when any count
 * is not 0. Needs dist/ (the npm script builds it first).
 */
import * as path from 'node:path';
import { fuzz } from '../test/fuzz/fuzzer';
import { GrammarLoader, nodeModulesWasm } from '../src/core/parse/treeSitter';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const root = process.cwd();
const minutes = Number(flag('minutes') ?? (flag('inputs') ? Infinity : 1));
const inputs = flag('inputs') ? Number(flag('inputs')) : undefined;
const seed = Number(flag('seed') ?? Date.now() % 1_000_000);
const out = path.resolve(root, flag('out') ?? 'fuzz-repros');

console.log(`fuzzing with seed ${seed} for ${Number.isFinite(minutes) ? `${minutes} min` : ''}${inputs ? ` up to ${inputs} inputs` : ''}; repros in ${out}`);
fuzz({ seed, inputs, timeMs: minutes * 60_000, reproDir: out, root, loader: new GrammarLoader(nodeModulesWasm(root)), log: (l) => console.log(`  ${l}`) }).then((r) => {
  console.log(`inputs run: ${r.inputs} in ${(r.wallMs / 1000).toFixed(0)} s`);
  console.log(`classes covered (${r.classes.length}): ${r.classes.join(', ')}`);
  console.log(`internal errors: ${r.counts.internal}, hangs: ${r.counts.hang}, OOM: ${r.counts.oom}, stack traces: ${r.counts.stack}, neither value nor message: ${r.counts.empty}; stopped by the time budget and finished with 5× the budget: ${r.retried - r.counts.hang}`);
  console.log(`longest run: ${r.longest.ms.toFixed(0)} ms (${r.longest.what}); largest input: ${r.largest.chars} characters (${r.largest.what})`);
  if (r.repros.length) console.log(`repros:\n${r.repros.map((f) => `  ${f}`).join('\n')}`);
  process.exit(r.inputs > 0 && r.counts.internal + r.counts.hang + r.counts.oom + r.counts.stack + r.counts.empty === 0 ? 0 : 1);
}, (e: unknown) => {
  console.error(e);
  process.exit(1);
});
