/**
 * A file that defines the parameters of a score opens with that score: the Bahdanau example (W_a, U_a, v_a)
 * computes additive attention, with a note saying why, and gives NumPy's alpha and context (the example's own
 * lines, run by scripts/fixtures/make_program_fixtures.py into test/fixtures/programs.json).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { impliedScore } from '../../src/core/attention/impliedScore';
import { assignRoles } from '../../src/core/attention/roles';
import { fromRows } from '../../src/core/matrix/matrix';
import { loader } from './helpers/loader';

const EXAMPLE = 'examples/bahdanau_additive.py';
const NUMPY = JSON.parse(readFileSync('test/fixtures/programs.json', 'utf8')).programs[EXAMPLE] as Record<string, number[][]>;
const source = [{ text: readFileSync(EXAMPLE, 'utf8'), language: 'python' as const }];

describe('the score the roles imply', () => {
  test('the Bahdanau example opens with the additive score, says why, and matches NumPy', async () => {
    const r = await analyze(loader, { sources: source, scoreFromRoles: true });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const { result } = r.value;
    assert.equal(result.options.score, 'additive');
    assert.match(result.notes[0], /^Score: additive, because the file defines W_a, U_a and v_a, the parameters of the additive score \(Bahdanau et al\. 2014\)/);
    NUMPY.alpha[0].forEach((a, j) => assert.ok(Math.abs(result.weights.data[j] - a) < 1e-12, `alpha[${j}]`));
    NUMPY.context[0].forEach((c, j) => assert.ok(Math.abs(result.output.data[j] - c) < 1e-12, `context[${j}]`));
  });

  test('a score the user chose wins, and without scoreFromRoles the default stays (the CLI’s behaviour)', async () => {
    const chosen = await analyze(loader, { sources: source, scoreFromRoles: true, options: { score: 'scaled_dot' } });
    assert.equal(chosen.ok, false, 'scaled dot-product cannot compare a 4-wide query with 6-wide keys');
    if (!chosen.ok) assert.match(chosen.error.message, /choose the additive score/);
    const plain = await analyze(loader, { sources: source });
    assert.equal(plain.ok, false);
  });

  test('W_a and v_a imply concat, W_a alone general, no W_a nothing', () => {
    const m = (name: string) => ({ name, matrix: fromRows([[1, 0], [0, 1]]), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
    const base = [m('Q'), m('K'), m('V')];
    assert.equal(impliedScore(assignRoles([...base, m('W_a'), m('v_a')]))?.score, 'concat');
    assert.equal(impliedScore(assignRoles([...base, m('W_a')]))?.score, 'general');
    assert.equal(impliedScore(assignRoles(base)), undefined);
  });
});
