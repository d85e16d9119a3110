/** The optional roles the options call for: one rule for the engine's bindings and the panel's roles editor. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeAttention } from '../../src/core/attention/pipeline';
import { OPTION_ROLES, roleTakesPart, rolesCalledFor } from '../../src/core/attention/optionRoles';
import { assignRoles } from '../../src/core/attention/roles';
import type { NamedMatrix } from '../../src/core/attention/types';
import { fromRows } from '../../src/core/matrix/matrix';

const named = (name: string, rows: number[][]): NamedMatrix => ({
  name, matrix: fromRows(rows), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
});

describe('rolesCalledFor', () => {
  test('W_O with several heads, the score’s parameters, the mask matrix with mask: matrix', () => {
    assert.deepEqual(rolesCalledFor({}), []);
    assert.deepEqual(rolesCalledFor({ score: 'scaled_dot', mask: 'causal', heads: 1 }), []);
    assert.deepEqual(rolesCalledFor({ heads: 2 }), ['wo']);
    assert.deepEqual(rolesCalledFor({ score: 'general' }), ['wa']);
    assert.deepEqual(rolesCalledFor({ score: 'additive' }), ['wa', 'ua', 'va']);
    assert.deepEqual(rolesCalledFor({ score: 'concat', mask: 'matrix' }), ['wa', 'va', 'mask']);
  });
  test('a role outside OPTION_ROLES takes part whenever it is bound; one inside only when called for', () => {
    for (const r of ['x', 'wq', 'wk', 'wv', 'q', 'k', 'v', 'padding'] as const) assert.ok(roleTakesPart(r, {}), r);
    for (const r of OPTION_ROLES) assert.equal(roleTakesPart(r, {}), false, r);
    assert.ok(roleTakesPart('mask', { mask: 'matrix' }));
    assert.equal(roleTakesPart('ua', { score: 'concat' }), false);
  });
  test('the engine lists a bound W_O among the roles only with several heads', () => {
    const I2 = [[1, 0], [0, 1]];
    const inputs = [named('X', [[1, 2], [3, 4]]), named('W_Q', I2), named('W_K', I2), named('W_V', I2), named('W_O', I2)];
    const one = computeAttention(assignRoles(inputs), { heads: 1 });
    const two = computeAttention(assignRoles(inputs), { heads: 2 });
    assert.equal(one.roles.some((b) => b.role === 'wo'), false);
    assert.equal(two.roles.some((b) => b.role === 'wo'), true);
  });
});
