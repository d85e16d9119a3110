/**
 * `compute` on batched (N-D) inputs: N-D steps in `--json` (NumPy shapes, tolist() nesting) equal to NumPy's values
 * of examples/batched_multihead_numpy.py (test/fixtures/ndarrays.json, made by running it), `--batch`/`--head`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from './helpers/tempDir';

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const example = 'examples/batched_multihead_numpy.py';
const numpy = (JSON.parse(readFileSync('test/fixtures/ndarrays.json', 'utf8')) as { programs: Record<string, Record<string, { shape: number[]; data: number[] }>> }).programs[example];

type Nested = number | null | Nested[];
const flatten = (v: Nested): (number | null)[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);
const close = (actual: (number | null)[], expected: number[], what: string, tol = 1e-12): void => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i] ?? -Infinity;
    if (!Number.isFinite(e) || !Number.isFinite(a)) assert.equal(a, e, `${what}[${i}]`);
    else assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs NumPy ${e}`);
  });
};

interface Json {
  steps: { id: string; role: string; shape: number[]; values: Nested; perHead: boolean }[];
  weights: Nested;
  output: Nested;
  batch?: { shape: number[]; index: number[]; headSource: string; heads: number };
  slice?: { weights: Nested; heads?: { weights: Nested }[] };
  roles: Record<string, { name: string; shape: number[] }>;
}

describe('compute --json on batched inputs', () => {
  test('the example: q, k, v with a head axis and W_O; every N-D step has NumPy’s shape and values', () => {
    const r = cli('compute', example, '--mask', 'causal', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Json;
    assert.deepEqual(j.batch, { shape: [2], index: [0], headSource: 'explicit', heads: 2 });
    assert.deepEqual(j.roles.q.shape, [2, 2, 5, 4]);
    const step = (id: string) => j.steps.find((s) => s.id === id) ?? assert.fail(`no step ${id}`);
    assert.deepEqual(j.steps.map((s) => [s.id, s.shape]), [
      ['Q', [2, 2, 5, 4]], ['K', [2, 2, 5, 4]], ['V', [2, 2, 5, 4]], ['scores', [2, 2, 5, 5]], ['scaled', [2, 2, 5, 5]],
      ['masked', [2, 2, 5, 5]], ['weights', [2, 2, 5, 5]], ['concat', [2, 5, 8]], ['output', [2, 5, 8]],
    ]);
    assert.deepEqual(j.steps.map((s) => s.role), ['queries', 'keys', 'values', 'scores', 'scaled', 'masked', 'weights', 'concat', 'projection']);
    // Nesting as NumPy's tolist(): 2 batch elements of 2 heads of 5 rows of 5.
    const w = step('weights').values as Nested[][][];
    assert.equal(w.length, 2);
    assert.equal(w[1].length, 2);
    assert.equal((w[1][1] as Nested[]).length, 5);
    close(flatten(step('weights').values), numpy.weights.data, 'weights');
    close(flatten(step('masked').values), (numpy.scores.data as (number | string)[]).map((x) => (x === '-inf' ? -Infinity : Number(x))), 'masked scores');
    close(flatten(step('concat').values), numpy.merged.data, 'merged heads');
    close(flatten(step('output').values), numpy.output.data, 'output');
    // The top-level weights are the mean over heads, (2, 5, 5).
    const mean = numpy.weights.data.map((_, i) => i).filter((i) => Math.floor(i / 25) % 2 === 0).map((i) => (numpy.weights.data[i] + numpy.weights.data[i + 25]) / 2);
    close(flatten(j.weights), mean, 'mean weights');
  });

  test('--batch 1 selects the 2-D slice whose steps are printed', () => {
    const r = cli('compute', example, '--mask', 'causal', '--batch', '1', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Json;
    assert.deepEqual(j.batch?.index, [1]);
    close(flatten(j.slice?.heads?.[1].weights ?? []), numpy.weights.data.slice(75, 100), 'batch 1, head 1');
  });

  test('text: --batch 1 --head 1 prints head 1 of batch element 1 only', () => {
    const r = cli('compute', example, '--mask', 'causal', '--batch', '1', '--head', '1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /batch \(2,\) showing \[1\]/);
    assert.match(r.out, /^head 1 weights:/m);
    assert.doesNotMatch(r.out, /^head 0 /m);
    const first = numpy.weights.data[75 + 5 * 4];
    assert.ok(r.out.includes(Number(first.toPrecision(8)).toString()), `row 4 of head 1 of batch 1 starts with ${first}`);
  });

  test('bad slices: out of range or not batched exit 1 with a message; a malformed index is a usage error', () => {
    const far = cli('compute', example, '--batch', '2', '--json');
    assert.equal(far.code, 1);
    assert.match((JSON.parse(far.out) as { error: { message: string } }).error.message, /--batch 2 does not fit the batch shape \(2\)/);
    assert.match(cli('compute', example, '--head', '5').err, /--head 5 is out of range: there are 2 heads/);
    const dir = tempDir('ae-nd-cli-');
    const flat = join(dir, 'flat.py');
    writeFileSync(flat, 'import numpy as np\nQ = np.eye(3)\nK = np.eye(3)\nV = np.eye(3)\n');
    const r = cli('compute', flat, '--batch', '0');
    assert.equal(r.code, 1);
    assert.match(r.err, /not batched/);
    assert.equal(cli('compute', example, '--batch', '1,x').code, 2);
    assert.equal(cli('compute', example, '--head', '-1').code, 2);
  });

  test('2-D inputs keep the 2-D output: no batch, shapes of two', () => {
    const r = cli('compute', 'examples/attention_numpy_tutorial.py', '--json');
    const j = JSON.parse(r.out) as Json;
    assert.equal(j.batch, undefined);
    assert.equal(j.slice, undefined);
    assert.ok(j.steps.every((s) => s.shape.length === 2));
  });

  test('x (2, 5, 8) with (8, 8) projections and --heads 2: heads split as nn.MultiheadAttention', () => {
    const r = cli('compute', example, '--x', 'x', '--wq', 'W_q', '--wk', 'W_k', '--wv', 'W_v', '--wo', 'W_o', '--heads', '2', '--mask', 'causal', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Json;
    assert.deepEqual(j.batch, { shape: [2], index: [0], headSource: 'split', heads: 2 });
    // The evaluator's x @ W_q and NumPy's BLAS sum in different orders: a few ulps.
    close(flatten((j.steps.find((s) => s.id === 'weights') as { values: Nested }).values), numpy.weights.data, 'weights', 1e-13);
    close(flatten(j.output), numpy.output.data, 'output', 1e-13);
  });
});

describe('formulas in the text output', () => {
  test('each step line has the engine’s formula as text (the mask’s own condition, each head’s symbols, no TeX)', () => {
    const r = cli('compute', example, '--x', 'x', '--wq', 'W_q', '--wk', 'W_k', '--wv', 'W_v', '--wo', 'W_o', '--heads', '2', '--mask', 'causal');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n').filter((l) => /^(head \d+ )?[A-Za-z]+: /.test(l) && !l.startsWith('roles:') && !l.startsWith('note:'));
    assert.ok(lines.includes('head 1 masked: Masked scores  M_(1,ij) = (logit_ij if j ≤ i, −∞ otherwise)  (5 × 5)'), lines.join('\n'));
    assert.ok(lines.includes('head 0 scaled: Scaled scores  (Q_0 K_0ᵀ) / √d_k = S_0 / √4  (5 × 5)'), lines.join('\n'));
    assert.ok(lines.includes('weights: Attention weights (mean of 2 heads)  Ā = (1 / 2) Σ_h A_h  (5 × 5)'), lines.join('\n'));
    assert.ok(lines.includes('output: Output  Z = H W_O  (5 × 8)'), lines.join('\n'));
    assert.equal(lines.length, 16);
    for (const l of lines) assert.doesNotMatch(l, /\\|[{}]/, l);
    const json = JSON.parse(cli('compute', example, '--x', 'x', '--wq', 'W_q', '--wk', 'W_k', '--wv', 'W_v', '--mask', 'causal', '--json').out) as { steps: { id: string; formula: string }[] };
    assert.equal(json.steps.find((s) => s.id === 'masked')?.formula, 'M_{ij} = \\begin{cases} \\text{logit}_{ij} & j \\le i \\\\ -\\infty & \\text{otherwise} \\end{cases}');
  });

  test('--json: a step each head has on its own is labelled as a head’s step, for every head (not as the mean of the heads)', () => {
    const j = JSON.parse(cli('compute', example, '--x', 'x', '--wq', 'W_q', '--wk', 'W_k', '--wv', 'W_v', '--wo', 'W_o', '--heads', '2', '--json').out) as { steps: { id: string; title: string; formula: string; perHead: boolean }[] };
    const label = (id: string) => j.steps.filter((s) => s.id === id).map((s) => [s.perHead, s.title, s.formula]);
    assert.deepEqual(label('scores'), [[true, 'Alignment scores (scaled dot-product)', 'S_h = Q_h K_h^{\\top}']]);
    assert.deepEqual(label('weights'), [[true, 'Attention weights', 'A_h = \\operatorname{softmax}\\left(\\frac{Q_h K_h^{\\top}}{\\sqrt{d_k}}\\right)']]);
    assert.deepEqual(label('output'), [[false, 'Output', 'Z = H W_O']]);
  });
});
