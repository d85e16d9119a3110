/**
 * The NumPy-made attention fixtures as the engine's inputs: test/fixtures/attention.json (2-D cases, made by
 * scripts/fixtures/make_attention_fixtures.py) and test/fixtures/attention_batched.json (N-D cases, made by
 * scripts/fixtures/make_batched_attention_fixtures.py).
 */
import { readFileSync } from 'node:fs';
import type { RoleSet } from '../../../src/core/attention/roles';
import type { ArrayValue, AttentionOptions, MaskConvention, MaskKind, NamedMatrix, Role, RoleBinding } from '../../../src/core/attention/types';
import { fromRows } from '../../../src/core/matrix/matrix';

/** A 2-D case: named inputs (roles inferred from the names), options, and NumPy's steps (null: masked). */
export interface AttentionCase {
  name: string;
  options: Required<AttentionOptions>;
  inputs: Record<string, number[][]>;
  steps: Record<string, (number | null)[][]>;
  heads?: Record<string, (number | null)[][]>[];
}

/** An N-D array as the fixture holds it: NumPy's shape and dtype, values flattened in C order (null: −∞). */
export interface FixtureArray { shape: number[]; dtype: ArrayValue['dtype']; values: (number | null)[] }

/** An N-D case: the inputs, which input plays each role, options, and NumPy's steps. */
export interface BatchedCase {
  name: string;
  inputs: Record<string, FixtureArray>;
  roles: Partial<Record<Role, string>>;
  options: AttentionOptions & { heads: number; mask: MaskKind; maskConvention: MaskConvention };
  steps: { id: string; shape: number[]; values: (number | null)[] }[];
}

const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8')) as T;

export const attentionCases: readonly AttentionCase[] = read<{ cases: AttentionCase[] }>('attention.json').cases;
export const batchedCases: readonly BatchedCase[] = read<{ cases: BatchedCase[] }>('attention_batched.json').cases;

/** A 2-D case's inputs as named matrices, one per line, as a user's file would give them. */
export function namedInputs(inputs: Record<string, number[][]>): NamedMatrix[] {
  return Object.entries(inputs).map(([name, rows], i) => ({ name, matrix: fromRows(rows, name), range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } }));
}

/** A role bound to a fixture array, as given. */
export function fixtureBinding(role: Role, name: string, a: FixtureArray): RoleBinding {
  const data = Float64Array.from(a.values, (v) => v ?? -Infinity);
  const shape = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const rows = shape[shape.length - 2], cols = shape[shape.length - 1];
  return { role, name, matrix: { rows, cols, data: data.slice(0, rows * cols) }, source: 'given', array: { shape: a.shape, data, dtype: a.dtype } };
}

/** An N-D case's roles, given (not inferred) as the fixture names them. */
export function batchedRoles(c: BatchedCase): RoleSet {
  const b = (role: Role): RoleBinding | undefined => (c.roles[role] ? fixtureBinding(role, c.roles[role] as string, c.inputs[c.roles[role] as string]) : undefined);
  const extras = Object.fromEntries((['wo', 'mask', 'padding'] as const).map((r) => [r, b(r)]).filter(([, v]) => v !== undefined));
  const main: RoleSet = c.roles.x
    ? { mode: 'projection', x: b('x') as RoleBinding, wq: b('wq') as RoleBinding, wk: b('wk') as RoleBinding, wv: b('wv') as RoleBinding }
    : { mode: 'direct', q: b('q') as RoleBinding, k: b('k') as RoleBinding, v: b('v') as RoleBinding };
  return Object.keys(extras).length ? { ...main, extras } : main;
}
