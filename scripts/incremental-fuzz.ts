/**
 * `node --import tsx scripts/incremental-fuzz.ts [--runs N] [--edits N] [--seed N] [--program SUBSTRING] [--out DIR]`:
 * test/fuzz/incrementalFuzz.ts for longer than the unit test runs it. Each run is one series of N edits
 * (default 40) to each program of the corpus (examples/, test/fixtures/programs/, test/fixtures/differential/,
 * test/fixtures/incremental/), seeds seed, seed+1, …; after every text the index's incremental answer is
 * compared with a full evaluation. Prints each mismatch (minimized when it reproduces from two texts) and
 * exits 1 when there is any; with --out, writes each as JSON (texts before and after) to DIR.
 */
import { writeFileSync } from 'node:fs';
import { fuzzProgram, loadCorpus, minimize, reproduces, type Mismatch } from '../test/fuzz/incrementalFuzz';
import { GrammarLoader, nodeModulesWasm } from '../src/core/parse/treeSitter';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const root = process.cwd();
  const runs = Number(flag('runs') ?? 1);
  const editsPer = Number(flag('edits') ?? 40);
  const seed = Number(flag('seed') ?? Date.now() % 1_000_000);
  const only = flag('program');
  const loader = new GrammarLoader(nodeModulesWasm(root));
  const corpus = loadCorpus(root).filter((p) => !only || p.name.includes(only));
  console.log(`${corpus.length} programs, ${runs} run(s) of ${editsPer} edits each, seed ${seed}`);
  let edits = 0, texts = 0;
  const kinds: Record<string, number> = {};
  const mismatches: Mismatch[] = [];
  const started = Date.now();
  for (let run = 0; run < runs; run++) {
    for (const [i, program] of corpus.entries()) {
      const s = seed + run * 1000 + i;
      const r = await fuzzProgram(loader, program, s, editsPer);
      edits += r.edits;
      texts += r.texts;
      for (const [k, n] of Object.entries(r.kinds)) kinds[k] = (kinds[k] ?? 0) + n;
      for (const m of r.mismatches) {
        mismatches.push(m);
        if (flag('out')) writeFileSync(`${flag('out')}/${m.program.replace(/\W/g, '_')}-${m.seed}.json`, JSON.stringify(m, null, 1));
        console.log(`\nMISMATCH ${m.program} seed ${m.seed}, edit ${m.edit} (${m.kind}) in source ${m.source}:\n${m.difference}`);
        const two = m.before.length === 1 ? await reproduces(loader, [{ text: m.before[0], language: 'python' }], [{ text: m.after[0], language: 'python' }]) : undefined;
        if (two) {
          const small = await minimize(loader, m.before[0], m.after[0]);
          console.log(`minimized (index the first text, then the second):\n--- before\n${small.before}\n--- after\n${small.after}\n---`);
        } else console.log('(needs the earlier edits of the series to reproduce)');
      }
    }
  }
  console.log(`\n${edits} edits, ${texts} texts compared, ${mismatches.length} mismatch(es) in ${((Date.now() - started) / 1000).toFixed(0)} s; edits by kind: ${JSON.stringify(kinds)}`);
  return mismatches.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
