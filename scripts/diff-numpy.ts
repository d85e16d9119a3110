/**
 * The long differential run against real NumPy: `npm run diff:numpy -- --runs 2000 [--seed 42]`.
 * Generates programs (test/unit/helpers/numpyDiff.ts: N-D arrays, and Python ints and floats), runs them through the evaluator and through python3,
 * prints the figures (programs, arrays compared, unknown, mismatches) and exits 1 on any mismatch.
 */
import fc from 'fast-check';
import { FIXED_PROGRAMS, differential, programArb, scalarProgramArb } from '../test/unit/helpers/numpyDiff';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const opt = (name: string, def: number): number => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : def; };
  const runs = opt('runs', 500), seed = opt('seed', Date.now() % 100000);
  // N-D array programs, and a quarter as many on Python's ints and floats.
  const programs = [...FIXED_PROGRAMS, ...fc.sample(programArb, { numRuns: runs, seed }), ...fc.sample(scalarProgramArb, { numRuns: Math.ceil(runs / 4), seed })];
  const started = Date.now();
  const reports = await differential(programs);
  const compared = reports.reduce((s, r) => s + r.compared, 0);
  const unknown = reports.flatMap((r) => r.unknown.map((u) => `${u}`));
  const bad = reports.filter((r) => r.mismatches.length > 0);
  for (const r of bad.slice(0, 10)) console.log(`MISMATCH in:\n${r.program}\n  ${r.mismatches.join('\n  ')}\n`);
  const unknownReports = reports.filter((r) => r.unknown.length > 0);
  for (const r of unknownReports.slice(0, argv.includes('--show-unknown') ? 20 : 0)) console.log(`UNKNOWN in:\n${r.program}\n  ${r.unknown.join('\n  ')}\n`);
  console.log(`seed ${seed}: ${programs.length} programs, ${compared} arrays compared, ${unknown.length} left unknown, ${bad.length} programs with mismatches (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return bad.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => { console.error(e); process.exit(2); });
