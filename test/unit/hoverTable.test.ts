/** The value tables of editor hovers: aligned columns, a header row, row labels set apart from the values. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matrixTable } from '../../src/shared/markdown';
import { fromRows } from '../../src/core/matrix/matrix';

const lines = (md: string): string[] => md.split('\n').slice(1, -1); // inside the ```text fence

describe('hover value tables', () => {
  test('one-hot rows read as rows: [1, 0, 0] is not run together with its row label', () => {
    const md = matrixTable(fromRows([[1, 0, 0], [0, 1, 0]]), ['word_1', 'word_2']);
    assert.ok(md.startsWith('```text\n') && md.endsWith('\n```'));
    assert.deepEqual(lines(md), [
      '       │ 0  1  2',
      '───────┼────────',
      'word_1 │ 1  0  0',
      'word_2 │ 0  1  0',
    ]);
  });

  test('columns are aligned to their widest entry, numbers right-aligned, −∞ for a masked entry', () => {
    const md = matrixTable(fromRows([[0.123456, -1.5], [-Infinity, 10]]));
    const [head, , r0, r1] = lines(md);
    assert.equal(r0, '0 │ 0.1235  −1.5');
    assert.equal(r1, '1 │     −∞    10');
    // every value ends where its column's index does
    assert.equal(head.indexOf('0', 2) + 1, r0.indexOf('0.1235') + '0.1235'.length);
    assert.equal(head.lastIndexOf('1') + 1, r1.length);
  });

  test('large matrices are elided in the middle with ⋯ and ⋮, keeping the real indices', () => {
    const m = fromRows(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => 10 * i + j)));
    const body = lines(matrixTable(m));
    assert.equal(body[0], '  │  0   1   2   3  ⋯   7   8   9');
    assert.equal(body[6], '⋮ │  ⋮   ⋮   ⋮   ⋮  ⋮   ⋮   ⋮   ⋮');
    assert.equal(body[9], '9 │ 90  91  92  93  ⋯  97  98  99');
  });
});
