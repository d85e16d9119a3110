/**
 * Checks programs against a fixture of reference arrays (test/fixtures/keras_attention.json, jax_attention.json):
 * every array within 1e-6 relative + 1e-7 absolute, and bit for bit where the evaluator says the value is exact.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractMatrices } from '../../../src/core/parse/index';
import type { FoundMatrix } from '../../../src/core/parse/types';
import { loader } from './loader';

interface FixtureArray { shape: number[]; dtype: string; values: number[] }
type JsonNumber = number | 'inf' | '-inf' | 'nan';
const NON_FINITE: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };
export interface FixtureProgram { name: string; source?: string; file?: string; arrays: Record<string, FixtureArray> }

export const REL = 1e-6;
export const ABS = 1e-7;

/** The programs of a fixture file. */
export function fixturePrograms(path: string): FixtureProgram[] {
  const programs = (JSON.parse(readFileSync(path, 'utf8')) as { programs: (FixtureProgram & { arrays: Record<string, { values: JsonNumber[] }> })[] }).programs;
  for (const p of programs) for (const a of Object.values(p.arrays)) a.values = a.values.map((v) => (typeof v === 'number' ? v : NON_FINITE[v]));
  return programs as FixtureProgram[];
}

/** The last definition of each name in `text`. */
export async function matricesOf(text: string): Promise<Map<string, FoundMatrix>> {
  const e = await extractMatrices(loader, [{ text, language: 'python' }]);
  assert.deepEqual(e.problems.map((p) => p.message), [], 'no problems');
  const out = new Map<string, FoundMatrix>();
  for (const m of e.matrices) if (m.name) out.set(m.name, m);
  return out;
}

/**
 * Compares every array of `program` with what the evaluator computes; returns the largest relative difference
 * (over entries whose reference is at least 1e-3 in magnitude) and how many arrays were bit-exact.
 */
export async function checkProgram(program: FixtureProgram): Promise<{ maxRel: number; exact: number; arrays: number }> {
  const text = program.file ? readFileSync(program.file, 'utf8') : program.source ?? '';
  const ms = await matricesOf(text);
  let maxRel = 0, exact = 0, arrays = 0;
  for (const [name, ref] of Object.entries(program.arrays)) {
    const m = ms.get(name);
    assert.ok(m?.array, `${program.name}: ${name} is evaluated`);
    arrays++;
    assert.deepEqual(m.array.shape, ref.shape, `${program.name}: shape of ${name}`);
    const want = ref.dtype === 'int32' ? 'int64' : ref.dtype; // int32 is held as int64 (the origin says int32)
    assert.equal(m.array.dtype, want, `${program.name}: dtype of ${name}`);
    const claimedExact = /: exact$/.test(m.origin ?? '') || /^jax\.random\./.test(m.origin ?? '');
    let same = true;
    ref.values.forEach((r, i) => {
      const x = m.array?.data[i] ?? NaN;
      if (Object.is(x, r) || x === r) return;
      same = false;
      assert.ok(Math.abs(x - r) <= ABS + REL * Math.abs(r), `${program.name}: ${name}[${i}] = ${x}, reference ${r}`);
      if (Math.abs(r) >= 1e-3) maxRel = Math.max(maxRel, Math.abs(x - r) / Math.abs(r));
    });
    if (claimedExact) assert.ok(same, `${program.name}: ${name} is labelled exact, so it must equal the reference bit for bit`);
    if (same) exact++;
  }
  return { maxRel, exact, arrays };
}
