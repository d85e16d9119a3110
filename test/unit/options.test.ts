/** One validator of attention options: the engine, the protocol and the panel agree on every bound. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTION_LIMITS, optionsProblem } from '../../src/core/attention/options';
import { computeAttention } from '../../src/core/attention/pipeline';
import { assignRoles } from '../../src/core/attention/roles';
import { fromRows } from '../../src/core/matrix/matrix';
import { parseWebviewMessage } from '../../src/shared/protocol';

const roles = assignRoles(['Q', 'K', 'V'].map((name, i) => ({ name, matrix: fromRows([[1, i]]), range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } })));

for (const [key, bad, good] of [
  ['temperature', 0, 0.5], ['temperature', OPTION_LIMITS.maxTemperature * 2, OPTION_LIMITS.maxTemperature],
  ['heads', 1.5, 1], ['heads', OPTION_LIMITS.maxHeads + 1, 1], ['scale', Number.NaN, 0.5], ['score', 'bogus', 'dot'],
] as const) {
  test(`${key} ${String(bad)} is refused by the engine and the protocol alike; ${String(good)} by neither`, () => {
    assert.match(optionsProblem({ [key]: bad }) ?? '', new RegExp(`^(unknown )?${key}`));
    assert.equal(parseWebviewMessage({ type: 'setOptions', options: { [key]: bad } }), undefined);
    assert.throws(() => computeAttention(roles, { [key]: bad }), new RegExp(key));
    assert.equal(optionsProblem({ [key]: good }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'setOptions', options: { [key]: good } }), { type: 'setOptions', options: { [key]: good } });
  });
}
