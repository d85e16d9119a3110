/**
 * Errors are values: each kind of error has fields, one function composes its sentence, and the readers
 * (diagnostic codes, the analysis hint, the evaluator's focus on a ragged row, the incremental evaluator's
 * moved lines) read the fields, never the text.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { type ErrorDetail, InputError, describeError, rootError } from '../../src/core/errors';
import { ProgramCache, extractMatrices } from '../../src/core/parse/index';
import { makeProblem, moveProblem, problemCode } from '../../src/core/parse/problem';
import type { SourceDocument } from '../../src/core/parse/types';
import { loader } from './helpers/loader';

const py = (text: string): SourceDocument[] => [{ text, language: 'python' }];
const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });

describe('each kind of error has its sentence', () => {
  const cases: [ErrorDetail, string][] = [
    [{ kind: 'message', text: 'anything at all' }, 'anything at all'],
    [{ kind: 'ragged-rows', row: 1, length: 2, expected: 3 }, 'ragged rows: row 1 has 2 entries but row 0 has 3'],
    [{ kind: 'ragged-rows', matrix: 'W_Q', row: 2, length: 1, expected: 4 }, 'W_Q: row 2 has 1 entries but row 0 has 4 (ragged rows)'],
    [{ kind: 'inner-dimensions', op: 'matmul', left: { name: 'Q', shape: [4, 3] }, right: { name: 'K.T', shape: [2, 4] } }, 'matmul: Q has shape (4, 3) and K.T has shape (2, 4): inner dimensions 3 and 2 differ'],
    [{ kind: 'inner-dimensions', op: 'matmul', left: { name: 'v', shape: [3] }, right: { name: 'w', shape: [2] } }, 'matmul: v has shape (3,) and w has shape (2,): inner dimensions 3 and 2 differ'],
    [{ kind: 'inner-dimensions', op: 'matmul', left: { name: 'A', shape: [5, 2, 3] }, right: { name: 'B', shape: [4] } }, 'matmul: A has shape (5, 2, 3) and B has shape (4,): inner dimensions 3 and 4 differ'],
    [{ kind: 'inner-dimensions', op: 'multiply', left: { name: 'X', shape: [2, 3] }, right: { name: 'W', shape: [4, 5] } }, 'cannot multiply X (2 × 3) by W (4 × 5): inner dimensions 3 and 4 differ'],
    [{ kind: 'inner-dimensions', op: 'multiply-transposed', left: { name: 'Q', shape: [2, 3] }, right: { name: 'K', shape: [4, 5] } }, 'cannot multiply Q (2 × 3) by Kᵀ (K is 4 × 5): Q has 3 columns but K has 5'],
    [{ kind: 'broadcast', op: 'a + b', shapes: [[2, 3], [4]] }, 'operands could not be broadcast together with shapes (2, 3) (4,) (in a + b)'],
    [{ kind: 'broadcast', op: 'a + b', shapes: [[2, 3], [4]], operands: [{ name: 'a', shape: [2, 3] }, { name: 'b', shape: [4] }] }, 'a (2, 3) and b (4,) could not be broadcast together with shapes (2, 3) (4,) (in a + b)'],
    [{ kind: 'not-broadcastable', form: 'broadcast-to', op: 'broadcast_to', from: [3], to: [2, 2] }, 'broadcast_to: cannot broadcast an array of shape (3,) to shape (2, 2)'],
    [{ kind: 'not-broadcastable', form: 'assign', op: 'x', from: [3], to: [2] }, 'could not broadcast input array from shape (3,) into shape (2,) (assigning to x)'],
    [{ kind: 'not-broadcastable', form: 'in-place', op: 'x += y', from: [2, 3], to: [3] }, "ValueError: non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2, 3) (x += y)"],
    [{ kind: 'dk-differs', query: { name: 'Q', shape: [1, 3] }, key: { name: 'K', shape: [1, 2] } }, 'Q is 1 × 3 but K is 1 × 2: d_k differs (3 vs 2), so Q·Kᵀ is undefined'],
    [{ kind: 'in-statement', line: 7, subject: 'W_K', cause: { kind: 'message', text: 'oops' } }, 'W_K (line 7): oops'],
    [{ kind: 'in-statement', line: 3, cause: { kind: 'message', text: 'oops' } }, 'line 3: oops'],
  ];
  for (const [detail, sentence] of cases) {
    test(`${detail.kind}: ${sentence}`, () => {
      assert.equal(describeError(detail), sentence);
      const e = new InputError(detail);
      assert.equal(e.message, sentence);
      assert.equal(e.kind, detail.kind);
      assert.deepEqual(e.detail, detail);
    });
  }
  test('a plain sentence is a `message` error', () => {
    const e = new InputError('no matrices found');
    assert.deepEqual(e.detail, { kind: 'message', text: 'no matrices found' });
  });
  test('rootError unwraps the statement around the cause', () => {
    const cause: ErrorDetail = { kind: 'ragged-rows', row: 1, length: 1, expected: 2 };
    assert.deepEqual(rootError({ kind: 'in-statement', line: 2, cause }), cause);
  });
});

describe('the evaluator raises errors with fields', () => {
  const problems = async (text: string) => (await extractMatrices(loader, py(text))).problems;
  test('a ragged literal: in-statement around ragged-rows, the row in focus, code ragged-rows', async () => {
    const [p] = await problems('import numpy as np\nW_Q = np.array([[1, 2, 3],\n                [4, 5]])\n');
    assert.deepEqual(p.detail, { kind: 'in-statement', line: 2, subject: 'W_Q', cause: { kind: 'ragged-rows', row: 1, length: 2, expected: 3 } });
    assert.equal(p.message, 'W_Q (line 2): ragged rows: row 1 has 2 entries but row 0 has 3');
    assert.equal(p.focus?.start.line, 2, 'the focus is the offending row, found from the row number in the fields');
    assert.equal(problemCode(p), 'ragged-rows');
  });
  test('a matmul mismatch: inner-dimensions with both operands and shapes, code shape-mismatch', async () => {
    const [p] = await problems('import numpy as np\nQ = np.ones((4, 3))\nK = np.ones((4, 2))\nS = Q @ K.T\n');
    assert.deepEqual(rootError(p.detail), { kind: 'inner-dimensions', op: 'matmul', left: { name: 'Q', shape: [4, 3] }, right: { name: 'K.T', shape: [2, 4] } });
    assert.equal(problemCode(p), 'shape-mismatch');
  });
  test('an operator whose operands do not broadcast: broadcast, with the shapes and the operation', async () => {
    const [p] = await problems('import numpy as np\na = np.ones((2, 3))\nb = np.ones(4)\nc = a + b\n');
    assert.deepEqual(rootError(p.detail), { kind: 'broadcast', op: 'a + b', shapes: [[2, 3], [4]] });
    assert.equal(p.message, 'c (line 4): operands could not be broadcast together with shapes (2, 3) (4,) (in a + b)');
    assert.equal(problemCode(p), 'shape-mismatch');
  });
  test('an in-place change that does not keep the shape', async () => {
    const [p] = await problems('import numpy as np\nx = np.ones(3)\nx += np.ones((2, 3))\n');
    assert.equal(rootError(p.detail).kind, 'not-broadcastable');
    assert.equal(problemCode(p), 'shape-mismatch');
  });
  test('any other error is invalid-matrix', async () => {
    const [p] = await problems('import numpy as np\nA = np.zeros((100000, 100000))\n');
    assert.equal(rootError(p.detail).kind, 'message');
    assert.equal(problemCode(p), 'invalid-matrix');
  });
  test('other notations: a ragged MATLAB literal is ragged-rows too', async () => {
    const r = await extractMatrices(loader, [{ text: 'W = [1 2 3; 4 5];\n', language: 'matlab' }]);
    assert.equal(problemCode(r.problems[0]), 'ragged-rows');
    assert.equal(r.problems[0].message, 'W (line 1): ragged rows: row 1 has 2 entries but row 0 has 3');
  });
});

describe('readers use the fields', () => {
  test('moving a problem moves the line its sentence names', () => {
    const p = makeProblem({ subject: 'W_K', cause: { kind: 'message', text: 'bad' }, range: at(6), source: 0, names: ['W_K'] });
    assert.equal(p.message, 'W_K (line 7): bad');
    const moved = moveProblem(p, 3, (r) => ({ start: { ...r.start, line: r.start.line + 3 }, end: { ...r.end, line: r.end.line + 3 } }));
    assert.equal(moved.message, 'W_K (line 10): bad');
    assert.equal(moved.range.start.line, 9);
    assert.deepEqual(moved.detail, { kind: 'in-statement', line: 10, subject: 'W_K', cause: { kind: 'message', text: 'bad' } });
  });
  test('a subject whose text says "line 2" is not taken for the line (the old regex would have moved it)', () => {
    const p = makeProblem({ cause: { kind: 'message', text: 'see line 2 of the docs' }, range: at(4), source: 0, names: [] });
    const moved = moveProblem(p, 1, (r) => r);
    assert.equal(moved.message, 'line 6: see line 2 of the docs');
  });
  test('the incremental evaluator moves a problem after an edit above it', async () => {
    const cache = new ProgramCache();
    const body = 'import numpy as np\nQ = np.ones((4, 3))\nS = Q @ Q\n';
    await extractMatrices(loader, py(body), undefined, undefined, cache);
    const r = await extractMatrices(loader, py(`# a comment\n# another\n${body}`), undefined, undefined, cache);
    assert.equal(r.problems[0].message, 'S (line 5): matmul: Q has shape (4, 3) and Q has shape (4, 3): inner dimensions 3 and 4 differ');
    assert.deepEqual(r.problems, (await extractMatrices(loader, py(`# a comment\n# another\n${body}`))).problems);
  });
  test('the analysis hints at a score from a dk-differs error, and keeps the error as data', async () => {
    const r = await analyze(loader, { sources: py(readFileSync('examples/bahdanau_additive.py', 'utf8')) });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.detail?.kind, 'dk-differs');
      assert.match(r.error.message, /; the file defines W_a, U_a, v_a: choose the additive score$/);
    }
  });
  test('a role that cannot be found because its definition is wrong: the problem itself, as data', async () => {
    const r = await analyze(loader, { sources: py('import numpy as np\nX = np.array([[1, 2], [3]])\nW_Q = W_K = W_V = np.eye(2)\n') });
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual(r.error.detail, { kind: 'in-statement', line: 2, subject: 'X', cause: { kind: 'ragged-rows', row: 1, length: 1, expected: 2 } });
  });
  test('no code reads an error message back with a regular expression', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk('src');
    // `/…/.test(x.message)`, `x.message.match(…)`, `x.message.replace(/…/…)`, `x.message.includes(…)`, on our own errors.
    const reads = /\/[^/\n]+\/[a-z]*\.(test|exec)\(\s*\w+\.message\)|\.message\.(match|replace|includes|startsWith|search)\(/;
    const offenders = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ f, i, line })))
      .filter(({ line }) => reads.test(line) && !/RangeError|call stack/.test(line))
      .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`);
    assert.deepEqual(offenders, []);
  });
});
