/**
 * Every step's role and provenance, on every combination of options: the provenance is checked by recomputing
 * each entry from the data it names — against NumPy's own steps (test/fixtures/attention.json, made by
 * scripts/fixtures/make_attention_fixtures.py) and the batched fixture, and against the engine's steps on a grid
 * of score functions, masks, key padding, conventions, temperatures, heads, W_O and hard attention. The oracle
 * here reads each rule independently (a causal mask is `j > i` or `j > i + S − L`, a mask test is read from its
 * name), so a wrong rule, offset, argmax, operand or column block fails.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeAttentionND } from '../../src/core/attention/batched';
import { batchIndexOf } from '../../src/core/attention/batchIndex';
import { headCountChoices } from '../../src/core/attention/heads';
import { computeAttention } from '../../src/core/attention/pipeline';
import { assignRoles } from '../../src/core/attention/roles';
import type { AttentionOptions, AttentionResult, MaskRule, Provenance, ScoreFunction, Step, StepRole } from '../../src/core/attention/types';
import { type Matrix, toRows } from '../../src/core/matrix/matrix';
import { explainerFor } from '../../src/shared/explain';
import { toWireResult } from '../../src/shared/wire';
import { type AttentionCase, type BatchedCase, attentionCases, batchedCases, batchedRoles, namedInputs } from './helpers/attentionFixtures';

/** A matrix as rows, `null` = −∞ (NumPy's fixtures write masked logits so). */
type Grid = readonly (readonly (number | null)[])[];

const gridOf = (m: Matrix): Grid => toRows(m).map((r) => r.map((x) => (x === -Infinity ? null : x)));

/** Where a step's operands are found: its own list, the pipeline's top level, the inputs (by name). */
interface Source {
  readonly own: Readonly<Record<string, Grid>>;
  readonly pipeline: Readonly<Record<string, Grid>>;
  readonly inputs: Readonly<Record<string, Grid>>;
  /** Each head's steps (for the mean and the concatenation). */
  readonly heads: readonly Readonly<Record<string, Grid>>[];
  /** With a head axis: each input's slice for each head. */
  readonly headInputs?: Readonly<Record<string, readonly Grid[]>>;
}

function near(a: number, e: number, what: string): void {
  assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${what}: ${a} vs ${e}`);
}

function operandGrid(src: Source, o: { in: 'steps' | 'pipeline' | 'inputs'; name: string }): Grid {
  const g = (o.in === 'steps' ? src.own : o.in === 'pipeline' ? src.pipeline : src.inputs)[o.name];
  assert.ok(g, `operand ${o.in}:${o.name} exists`);
  return g;
}

/** The oracle's reading of one mask rule (independent of provenance.ts). */
function oracleBlocks(rule: MaskRule, i: number, j: number, src: Source): boolean {
  if (rule.kind === 'causal') return j > i + rule.offset;
  const g = src.inputs[rule.input];
  assert.ok(g, `mask input ${rule.input}`);
  const x = rule.kind === 'padding' ? g.flat()[j] : g[rule.rows === 1 ? 0 : i][rule.cols === 1 ? 0 : j];
  if (rule.kind === 'matrix') assert.deepEqual([g.length, g[0].length], [rule.rows, rule.cols], 'the rule names the shape shown');
  return rule.blocks === 'zero' ? x === 0 : rule.blocks === 'nonzero' ? x !== 0 : x === null;
}

/** Recomputes every entry of a step from its provenance and compares with `values`. */
function checkProvenance(p: Provenance, values: Grid, src: Source, opts: Required<AttentionOptions>, what: string): void {
  const L = values.length, S = values[0].length;
  switch (p.kind) {
    case 'given':
      if (!p.heads) {
        assert.deepEqual(src.inputs[p.input], values, `${what}: the input as given`);
        return;
      }
      // A head axis: head h's slice of the input in its block of columns.
      assert.equal(p.heads.length, src.headInputs?.[p.input]?.length, `${what}: one block per head`);
      p.heads.forEach((b, h) => {
        for (let i = 0; i < L; i++) for (let c = 0; c < b.width; c++) assert.equal(values[i][b.start + c], src.headInputs?.[p.input][h][i][c], `${what}: head ${h} [${i}][${c}]`);
      });
      return;
    case 'product': {
      const left = operandGrid(src, p.left), right = operandGrid(src, p.right);
      const l0 = p.left.columns?.start ?? 0, r0 = p.right.columns?.start ?? 0;
      const n = p.left.columns?.width ?? left[0].length;
      for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += (left[i][l0 + k] as number) * ((p.rightAxis === 'row' ? right[j][r0 + k] : right[k][r0 + j]) as number);
        near(dot / (p.divisor ?? 1), values[i][j] as number, `${what}[${i}][${j}] from ${p.left.name}·${p.right.name}`);
      }
      return;
    }
    case 'score': {
      assert.equal(p.score, opts.score);
      assert.ok(!['dot', 'scaled_dot'].includes(p.score), `${what}: a dot product has a product provenance`);
      const q = operandGrid(src, p.left), k = operandGrid(src, p.right);
      const q0 = p.left.columns?.start ?? 0, k0 = p.right.columns?.start ?? 0, n = p.left.columns?.width ?? q[0].length;
      assert.equal(q.length, L);
      assert.equal(k.length, S);
      if (p.score !== 'cosine') return;
      for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) {
        let dot = 0, qq = 0, kk = 0;
        for (let t = 0; t < n; t++) {
          const a = q[i][q0 + t] as number, b = k[j][k0 + t] as number;
          dot += a * b;
          qq += a * a;
          kk += b * b;
        }
        near(qq * kk === 0 ? 0 : dot / Math.sqrt(qq) / Math.sqrt(kk), values[i][j] as number, `${what}[${i}][${j}]: cosine of q_${i} and k_${j}`);
      }
      return;
    }
    case 'mask': {
      const of = src.own[p.of];
      assert.ok(of, `${what}: masks ${p.of}`);
      assert.ok(p.rules.length > 0, `${what}: has rules`);
      for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) {
        const blocked: boolean = p.rules.some((rule) => oracleBlocks(rule, i, j, src));
        assert.equal(values[i][j] === null, blocked, `${what}[${i}][${j}]: masked exactly where a rule blocks`);
        if (!blocked) assert.equal(values[i][j], of[i][j]);
      }
      return;
    }
    case 'softmax': {
      const of = src.own[p.of];
      assert.equal(p.temperature, opts.temperature);
      for (let i = 0; i < L; i++) {
        const row = of[i].map((x) => (x === null ? -Infinity : x / p.temperature));
        const m = Math.max(...row);
        const e = row.map((x) => (m === -Infinity ? 0 : Math.exp(x - m)));
        const sum = e.reduce((a, b) => a + b, 0);
        e.forEach((x, j) => near(sum === 0 ? 0 : x / sum, values[i][j] as number, `${what}[${i}][${j}] = softmax(${p.of})`));
      }
      return;
    }
    case 'hardmax': {
      const of = src.own[p.of];
      assert.equal(p.argmax.length, L);
      for (let i = 0; i < L; i++) {
        let arg = -1;
        of[i].forEach((x, j) => {
          if (x !== null && (arg < 0 || x > (of[i][arg] as number))) arg = j;
        });
        assert.equal(p.argmax[i], arg, `${what}: argmax of row ${i} of ${p.of}`);
        values[i].forEach((w, j) => assert.equal(w, j === arg ? 1 : 0));
      }
      return;
    }
    case 'mean':
      assert.equal(p.heads, src.heads.length);
      for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) {
        near(src.heads.reduce((a, h) => a + (h.weights[i][j] as number), 0) / p.heads, values[i][j] as number, `${what}[${i}][${j}]: mean of the heads`);
      }
      return;
    case 'concat':
      assert.equal(p.blocks.length, src.heads.length);
      p.blocks.forEach((b, h) => {
        for (let i = 0; i < L; i++) for (let c = 0; c < b.width; c++) assert.equal(values[i][b.start + c], src.heads[h].output[i][c], `${what}: head ${h} column ${c}`);
      });
      assert.equal(p.blocks.reduce((a, b) => a + b.width, 0), S, 'the blocks cover every column');
  }
}

/** The role each step must have, from its id and place (independent of the engine's table). */
function expectedRole(id: string, inHead: boolean, heads: number, wo: boolean): StepRole {
  const fixed: Record<string, StepRole> = { Q: 'queries', K: 'keys', V: 'values', scores: 'scores', scaled: 'scaled', masked: 'masked', concat: 'concat' };
  if (fixed[id]) return fixed[id];
  if (id === 'weights') return !inHead && heads > 1 ? 'head_mean' : 'weights';
  if (inHead) return 'head_output';
  return heads > 1 ? (wo ? 'projection' : 'concat') : 'output';
}

/** Roles and provenance of every step of `r` (top level and heads), with the values and operands of `grids`. */
interface Grids {
  steps: Record<string, Grid>;
  heads?: Record<string, Grid>[];
  inputs: Record<string, Grid>;
  headInputs?: Record<string, Grid[]>;
}

function checkResult(r: AttentionResult, grids: Grids, what: string): void {
  const H = r.options.heads;
  const wo = r.steps.some((s) => s.id === 'concat');
  const heads = grids.heads ?? [];
  const check = (s: Step, own: Record<string, Grid>, inHead: boolean, where: string): void => {
    assert.equal(s.role, expectedRole(s.id, inHead, H, wo), `${where}: role of ${s.id}`);
    checkProvenance(s.provenance, own[s.id], { own, pipeline: grids.steps, inputs: grids.inputs, heads, ...(grids.headInputs ? { headInputs: grids.headInputs } : {}) }, r.options, `${where} ${s.id}`);
  };
  for (const s of r.steps) check(s, grids.steps, false, what);
  r.heads?.forEach((h, k) => {
    for (const s of h.steps) check(s, heads[k], true, `${what} head ${k}`);
    // Head k reads its own block of Q and K (scores, scaled) and of V (its output).
    for (const s of h.steps) {
      const p = s.provenance;
      if (p.kind === 'product' || p.kind === 'score') {
        const right = p.right.columns, left = p.kind === 'product' && p.rightAxis === 'col' ? undefined : p.left.columns;
        const width = (name: string): number => (grids.steps[name]?.[0].length ?? 0) / H;
        if (left) assert.deepEqual(left, { start: k * width('Q'), width: width('Q') }, `${what} head ${k} ${s.id}: block of Q`);
        assert.deepEqual(right, { start: k * width(p.right.name), width: width(p.right.name) }, `${what} head ${k} ${s.id}: block of ${p.right.name}`);
      }
    }
  });
}

const enginesGrids = (r: AttentionResult): Grids => ({
  steps: Object.fromEntries(r.steps.map((s) => [s.id, gridOf(s.matrix)])),
  ...(r.heads ? { heads: r.heads.map((h) => ({ ...Object.fromEntries(h.steps.map((s) => [s.id, gridOf(s.matrix)])), weights: gridOf(h.weights), output: gridOf(h.output) })) } : {}),
  inputs: Object.fromEntries(r.roles.map((b) => [b.name, gridOf(b.matrix)])),
});

// ---------------------------------------------------------------------------------------------- NumPy


describe('roles and provenance against NumPy (test/fixtures/attention.json)', () => {
  for (const c of attentionCases) {
    test(c.name, () => {
      const r = computeAttention(assignRoles(namedInputs(c.inputs)), c.options);
      checkResult(r, { steps: c.steps, ...(c.heads ? { heads: c.heads } : {}), inputs: c.inputs }, c.name);
      // The argmax each query shows (its diagnostics) is the index of the largest of NumPy's weights.
      r.diagnostics.forEach((d, i) => {
        const row = c.steps.weights[i] as number[];
        assert.equal(d.argmax, row.indexOf(Math.max(...row)), `row ${i}: argmax`);
      });
    });
  }
  test('causal masks block exactly j > i (upper-left) and j > i + S − L (lower-right)', () => {
    let seen = 0;
    for (const c of attentionCases.filter((x) => x.options.mask === 'causal' || x.options.mask === 'causal_lower_right')) {
      const r = computeAttention(assignRoles(namedInputs(c.inputs)), c.options);
      const masked = (r.heads?.[0].steps ?? r.steps).find((s) => s.role === 'masked');
      assert.ok(masked?.provenance.kind === 'mask');
      const numpy = c.heads?.[0].masked ?? c.steps.masked ?? c.steps.weights.map((row) => row.map((w) => (w === 0 ? null : w)));
      const L = numpy.length, S = numpy[0].length;
      const offset = c.options.mask === 'causal' ? 0 : S - L;
      assert.deepEqual(masked.provenance.rules, [{ kind: 'causal', align: c.options.mask === 'causal' ? 'upper_left' : 'lower_right', offset }]);
      for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) assert.equal(numpy[i][j] === null, j > i + offset, `${c.name} [${i}][${j}]`);
      seen++;
    }
    assert.ok(seen >= 5, `${seen} causal cases`);
  });
  test('hard attention: the argmax is the index of the max of NumPy\'s logits', () => {
    const c = attentionCases.find((x) => x.options.hard) as AttentionCase;
    const w = computeAttention(assignRoles(namedInputs(c.inputs)), c.options).steps.find((s) => s.role === 'weights');
    assert.ok(w?.provenance.kind === 'hardmax');
    assert.equal(w.provenance.of, 'scores');
    assert.deepEqual(w.provenance.argmax, c.steps.scores.map((row) => (row as number[]).indexOf(Math.max(...(row as number[])))));
  });
});

// ---------------------------------------------------------------------------------------------- every option

/** Deterministic entries in [−1, 1] (a Lehmer generator), rounded to 1/8 so dot products are exact. */
function matrix(rows: number, cols: number, seed: number): number[][] {
  let s = seed;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => {
    s = (s * 16807) % 2147483647;
    return Math.round(((s / 2147483647) * 2 - 1) * 8) / 8;
  }));
}

const L = 3, S = 5, D = 4, DA = 3;
const GRID_INPUTS: Record<string, number[][]> = {
  Q: matrix(L, D, 11), K: matrix(S, D, 12), V: matrix(S, D, 13), W_O: matrix(D, D, 14),
  // 1 = attend under `keep`: query 1 sees no key at all (a fully masked row).
  mask: [[1, 1, 0, 1, 0], [0, 0, 0, 0, 0], [1, 0, 1, 1, 1]],
  key_padding_mask: [[1, 1, 1, 1, 0]],
};
const PARAMS: Record<ScoreFunction, Record<string, number[][]>> = {
  dot: {}, scaled_dot: {}, cosine: {},
  general: { W_a: matrix(D, D, 21) },
  additive: { W_a: matrix(D, DA, 22), U_a: matrix(D, DA, 23), v_a: matrix(1, DA, 24) },
  concat: { W_a: matrix(2 * D, DA, 25), v_a: matrix(1, DA, 26) },
};

function* combinations(): Generator<{ options: Required<AttentionOptions>; padding: boolean; wo: boolean }> {
  for (const score of ['scaled_dot', 'dot', 'general', 'additive', 'concat', 'cosine'] as const) {
    for (const mask of ['none', 'causal', 'causal_lower_right', 'matrix'] as const) for (const padding of [false, true]) {
      for (const maskConvention of ['keep', 'block'] as const) for (const temperature of [1, 0.5]) for (const hard of [false, true]) {
        for (const heads of score === 'general' || score === 'additive' || score === 'concat' ? [1] : [1, 2]) for (const wo of heads > 1 ? [false, true] : [false]) {
          for (const scale of score === 'scaled_dot' ? [null, 0.25] : [null]) yield { options: { score, mask, maskConvention, temperature, scale, heads, hard }, padding, wo };
        }
      }
    }
  }
}

describe('roles and provenance on every combination of options', () => {
  test('score × mask × padding × convention × T × heads × W_O × hard × scale', () => {
    let n = 0;
    for (const { options, padding, wo } of combinations()) {
      const inputs = Object.entries({ ...GRID_INPUTS, ...PARAMS[options.score] }).filter(([k]) => (padding || k !== 'key_padding_mask') && (wo || k !== 'W_O'));
      const what = JSON.stringify({ ...options, padding, wo });
      const r = computeAttention(assignRoles(namedInputs(Object.fromEntries(inputs))), options);
      checkResult(r, enginesGrids(r), what);
      const masked = [...r.steps, ...(r.heads ?? []).flatMap((h) => h.steps)].filter((s) => s.role === 'masked');
      assert.equal(masked.length > 0, options.mask !== 'none' || padding, `${what}: a masked step exactly when something masks`);
      // Every cell the panel shows is explained from the same data: masked cells say so, the others do not.
      const wire = toWireResult(r, true);
      const explainAll = (steps: typeof wire.steps, head?: number): void => {
        for (const s of steps) {
          const explain = explainerFor(s, wire, 6, head);
          const kind = s.provenance?.kind;
          if (kind === 'given' || kind === 'score' || kind === 'concat') continue;
          assert.ok(explain, `${what}: ${s.id} (${kind}) has an explainer`);
          for (let i = 0; i < s.matrix.rows; i++) for (let j = 0; j < s.matrix.cols; j++) {
            const text: string = explain(i, j) ?? '';
            if (kind === 'mask') assert.equal(text.includes('masked, −∞'), s.matrix.values[i * s.matrix.cols + j] === null, `${what}: ${s.id}[${i}][${j}]: ${text}`);
            else assert.ok(text.length > 0);
          }
        }
      };
      explainAll(wire.steps);
      wire.heads?.forEach((h, k) => explainAll(h.steps, k));
      n++;
    }
    assert.ok(n > 700, `${n} combinations`);
  });
  test('the mask explanation names every rule that blocks, with what its entry means', () => {
    const r = computeAttention(assignRoles(namedInputs({ ...GRID_INPUTS })), { mask: 'matrix', maskConvention: 'block' });
    const wire = toWireResult(r, true);
    const masked = wire.steps.find((s) => s.role === 'masked');
    assert.ok(masked);
    const explain = explainerFor(masked, wire, 4);
    // Under `block` a 1 blocks: mask[0, 0] = 1 and key_padding_mask[0] = 1 both block (0, 0); (1, 4) has 0 in both.
    assert.equal(explain?.(0, 0), 'mask[0, 0] = 1 (1 = blocked), key_padding_mask[0] = 1 (1 = blocked): masked, −∞ (weight 0)');
    assert.match(explain?.(1, 4) ?? '', /^mask\[1, 4\] = 0 \(1 = blocked\), key_padding_mask\[4\] = 0 \(1 = blocked\): kept, −?\d/);
  });
});

// ---------------------------------------------------------------------------------------------- batched


/**
 * Each direct input's slice for each of `H` heads at batch element `index` (the oracle's own broadcasting: the
 * leading axes align right with `(...batch, H)`, a size-1 axis is index 0).
 */
function headSlices(c: BatchedCase, index: readonly number[], H: number): Record<string, Grid[]> {
  const out: Record<string, Grid[]> = {};
  for (const role of ['q', 'k', 'v'] as const) {
    const name = c.roles[role] as string;
    const a = c.inputs[name];
    const lead = a.shape.slice(0, -2), rows = a.shape[a.shape.length - 2], cols = a.shape[a.shape.length - 1];
    out[name] = Array.from({ length: H }, (_, h) => {
      const full = [...index, h];
      let flat = 0;
      lead.forEach((d, ax) => (flat = flat * d + (d === 1 ? 0 : full[full.length - lead.length + ax])));
      return Array.from({ length: rows }, (_, i) => a.values.slice((flat * rows + i) * cols, (flat * rows + i + 1) * cols));
    });
  }
  return out;
}

describe('roles and provenance of batched results (test/fixtures/attention_batched.json)', () => {
  for (const c of batchedCases) {
    test(c.name, () => {
      const r = computeAttentionND(batchedRoles(c), c.options);
      assert.ok(r.batch);
      // Every batch element: the mask rules read the inputs as that element shows them (its slice, additive or not).
      r.batch.slices.forEach((slice, k) => {
        const index = batchIndexOf(r.batch?.shape ?? [], k);
        const explicit = r.batch?.headSource === 'explicit' ? headSlices(c, index, slice.options.heads) : undefined;
        checkResult(slice, { ...enginesGrids(slice), ...(explicit ? { headInputs: explicit } : {}) }, `${c.name} [${k}]`);
      });
      // The N-D steps carry the roles of the 2-D steps they stack.
      const s0 = r.batch.slices[0];
      for (const s of r.batch.steps) {
        const flat = s0.steps.find((x) => x.id === s.id && (!s.perHead || !s0.heads || ['queries', 'keys', 'values'].includes(x.role)))
          ?? s0.heads?.[0].steps.find((x) => x.id === s.id);
        assert.equal(s.role, flat?.role, `${s.id}`);
      }
      assert.equal(r.batch.steps.filter((s) => s.role === 'weights').length, 1, 'one N-D weights step');
    });
  }
  test('an additive float mask is read as such: −∞ blocks', () => {
    const c = batchedCases.find((x) => x.name.includes('additive')) as BatchedCase;
    const r = computeAttentionND(batchedRoles(c), c.options);
    const masked = r.heads?.[0].steps.find((s) => s.role === 'masked') ?? r.steps.find((s) => s.role === 'masked');
    assert.ok(masked?.provenance.kind === 'mask');
    assert.deepEqual(masked.provenance.rules.map((x) => x.kind === 'matrix' && x.blocks), ['neg_inf']);
    const wire = toWireResult(r, true);
    const text = explainerFor(wire.heads?.[0].steps.find((s) => s.role === 'masked') as (typeof wire.steps)[number], wire, 4, 0)?.(0, 1);
    assert.equal(text, 'mask[0, 1] = −∞ (additive: 0 = attend, −∞ = blocked): masked, −∞ (weight 0)');
  });
  test('a (B, 1, 1, S) mask is read broadcast over the queries', () => {
    const c = batchedCases.find((x) => x.name.startsWith('explicit heads (2,3,4,5)')) as BatchedCase;
    const r = computeAttentionND(batchedRoles(c), c.options);
    const masked = r.heads?.[0].steps.find((s) => s.role === 'masked');
    assert.ok(masked?.provenance.kind === 'mask');
    const rule = masked.provenance.rules[0];
    assert.ok(rule.kind === 'matrix');
    assert.deepEqual([rule.rows, rule.cols], [1, masked.matrix.cols]);
  });
});

// ---------------------------------------------------------------------------------------------- heads

describe('head counts the controls offer (the engine\'s rules)', () => {
  const counts = (cs: ReturnType<typeof headCountChoices>): [number, boolean][] => cs.map((c) => [c.heads, c.valid]);
  test('the common divisors of the widths of Q, K and V', () => {
    assert.deepEqual(counts(headCountChoices([8, 8, 12], 'scaled_dot', 1)), [[1, true], [2, true], [4, true]]);
    assert.equal(headCountChoices([8, 8, 12], 'scaled_dot', 1)[2].description, 'each head: 2 / 3 columns');
  });
  test('the count in force is listed, refused when it does not divide', () => {
    assert.deepEqual(counts(headCountChoices([6, 6, 6], 'dot', 4)), [[1, true], [2, true], [3, true], [4, false], [6, true]]);
    assert.match(headCountChoices([6, 6, 6], 'dot', 4)[3].description, /4 does not divide the widths 6, 6, 6/);
  });
  test('a score with parameters: one head only', () => {
    assert.deepEqual(counts(headCountChoices([4, 4, 4], 'additive', 2)), [[1, true], [2, false]]);
  });
  test('a head axis: one head or the axis\'s', () => {
    assert.deepEqual(counts(headCountChoices([12, 12, 12], 'scaled_dot', 2, 3)), [[1, true], [2, false], [3, true]]);
  });
  test('the engine refuses exactly the counts offered as refused', () => {
    const inputs = namedInputs({ Q: matrix(2, 6, 1), K: matrix(3, 6, 2), V: matrix(3, 6, 3) });
    for (const choice of headCountChoices([6, 6, 6], 'scaled_dot', 4)) {
      let ok = true;
      try {
        computeAttention(assignRoles(inputs), { heads: choice.heads });
      } catch {
        ok = false;
      }
      assert.equal(ok, choice.valid, `${choice.heads} heads`);
    }
  });
});
