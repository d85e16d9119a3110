/**
 * The engine against a second, independent oracle: PyTorch's `nn.MultiheadAttention` and
 * `F.scaled_dot_product_attention` (torch 1.13 names it `F._scaled_dot_product_attention` and also returns the
 * weights), run on the inputs of test/fixtures/attention.json by scripts/fixtures/make_torch_attention_fixtures.py
 * (`npm run fixtures:torch`, Debian's python3-torch). Only the inputs and options come from the NumPy fixture;
 * every expected number here is torch's. Each case and layer is compared, or skipped with torch's reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { computeAttention } from '../../src/core/attention/pipeline';
import { assignRoles } from '../../src/core/attention/roles';
import type { AttentionOptions, NamedMatrix } from '../../src/core/attention/types';
import { type Matrix, fromRows, toRows } from '../../src/core/matrix/matrix';
import { TOL } from './helpers/numbers';

type TorchRows = (number | 'nan')[][];
interface NumpyCase {
  name: string;
  options: Required<AttentionOptions>;
  inputs: Record<string, number[][]>;
}
interface TorchCase {
  name: string;
  layer: string;
  /** The mean over heads (SDPA: absent where that torch does not return weights). */
  weights?: TorchRows;
  output: TorchRows;
  headWeights?: TorchRows[];
  /** SDPA before torch 2.1 has no `scale`: the query was multiplied by this first (same logits, rounded). */
  queryScaledBy?: number;
}

const numpy = JSON.parse(readFileSync('test/fixtures/attention.json', 'utf8')) as { cases: NumpyCase[] };
const torch = JSON.parse(readFileSync('test/fixtures/attention_torch.json', 'utf8')) as {
  torch: string;
  cases: TorchCase[];
  notExpressible: { name: string; layer: string; reason: string }[];
};

const named = (inputs: Record<string, number[][]>): NamedMatrix[] =>
  Object.entries(inputs).map(([name, rows], i) => ({ name, matrix: fromRows(rows, name), range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } }));

/**
 * Compares with torch entry by entry. Where torch answers NaN (a query whose every key is masked), the engine
 * answers 0 by design and must say so in its notes: `nanRows` collects those rows.
 */
function compare(actual: Matrix, expected: TorchRows, what: string, nanRows: Set<number>): void {
  const rows = toRows(actual);
  assert.equal(rows.length, expected.length, `${what}: rows`);
  rows.forEach((row, i) => {
    assert.equal(row.length, expected[i].length, `${what}: row ${i} length`);
    row.forEach((x, j) => {
      const e = expected[i][j];
      if (e === 'nan') {
        nanRows.add(i);
        assert.equal(x, 0, `${what}[${i}][${j}]: torch gives NaN for a fully masked query, the engine 0`);
        return;
      }
      const tol = TOL * Math.max(1, Math.abs(e));
      assert.ok(Math.abs(x - e) <= tol, `${what}[${i}][${j}] = ${x}, torch ${torch.torch}: ${e} (±${tol})`);
    });
  });
}

/** torch 1.13 has SDPA under its private name (the same function torch 2.0 made public). */
const SDPA_LAYER = Number(torch.torch.split('.')[0]) >= 2 ? 'F.scaled_dot_product_attention' : 'F._scaled_dot_product_attention';
const LAYERS = ['nn.MultiheadAttention', SDPA_LAYER];

describe(`attention pipeline vs PyTorch ${torch.torch} (test/fixtures/attention_torch.json)`, () => {
  for (const c of numpy.cases) {
    for (const layer of LAYERS) {
      const t = torch.cases.find((x) => x.name === c.name && x.layer === layer);
      const skipped = torch.notExpressible.find((x) => x.name === c.name && x.layer === layer);
      if (!t) {
        // A case torch cannot express is reported as skipped, with the reason; a missing one fails.
        test(`${layer}: ${c.name}`, skipped ? { skip: skipped.reason } : {}, () => {
          assert.fail(`no ${layer} result for this case: run npm run fixtures:torch`);
        });
        continue;
      }
      test(`${layer}: ${c.name}${t.queryScaledBy !== undefined ? ` (query × ${t.queryScaledBy.toPrecision(4)})` : ''}`, () => {
        const r = computeAttention(assignRoles(named(c.inputs)), c.options);
        const nanRows = new Set<number>();
        if (t.weights) compare(r.weights, t.weights, 'weights (mean over heads)', nanRows);
        compare(r.output, t.output, 'output', nanRows);
        if (t.headWeights) {
          assert.equal(r.heads?.length, t.headWeights.length, 'heads');
          t.headWeights.forEach((w, h) => compare(r.heads?.[h]?.weights ?? fromRows([[]]), w, `head ${h} weights`, nanRows));
        }
        for (const i of nanRows) {
          assert.ok(r.notes.some((n) => n.includes(`query ${i}`) && /NaN/.test(n)), `a note says query ${i} is fully masked (torch: NaN)`);
        }
      });
    }
  }
});
