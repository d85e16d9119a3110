/**
 * Differential test: random TensorFlow/Keras attention programs through the evaluator and through `python3`
 * running the same programs against the NumPy float32 stand-in for TensorFlow and Keras
 * (scripts/fixtures/make_keras_fixtures.py, which follows Keras's attention.py line by line). Every array must
 * agree within 1e-6 relative + 1e-7 absolute, or be refused with one of the documented reasons. Needs python3
 * with NumPy only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import { ABS, REL } from './helpers/float32Fixture';
import { loader } from './helpers/loader';
import { xorshift32 } from './helpers/xorshift';

const PROGRAMS = Number(process.env.TFKERAS_DIFF_PROGRAMS ?? 30);
const REFUSALS = /every key is masked/;

function program(seed: number): string {
  const rnd = xorshift32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const num = (): string => (Math.round((rnd() * 4 - 2) * 1000) / 1000).toFixed(3);
  const nest = (shape: number[]): string => (shape.length === 0 ? num() : `[${Array.from({ length: shape[0] }, () => nest(shape.slice(1))).join(', ')}]`);
  const bools = (shape: number[]): string => (shape.length === 0 ? (rnd() < 0.75 ? 'True' : 'False') : `[${Array.from({ length: shape[0] }, () => bools(shape.slice(1))).join(', ')}]`);
  const [B, Tq, Tv, d, dv] = [int(1, 2), int(1, 4), int(1, 4), int(1, 5), int(1, 3)];
  const lines = [
    'import tensorflow as tf', 'from tensorflow import keras',
    `q = tf.constant(${nest([B, Tq, d])})`, `v = tf.constant(${nest([B, Tv, dv])})`, `k = tf.constant(${nest([B, Tv, d])})`,
  ];
  const layer = [
    'keras.layers.Attention()', 'keras.layers.Attention(use_scale=True)', 'keras.layers.Attention(score_mode="concat")',
    'keras.layers.Attention(score_mode="concat", use_scale=True)', 'keras.layers.AdditiveAttention(use_scale=False)',
  ][int(0, 4)];
  const masks = rnd() < 0.5 ? '' : `, mask=[${rnd() < 0.5 ? 'None' : `tf.constant(${bools([B, Tq])})`}, tf.constant(${bools([B, Tv])})]`;
  const causal = rnd() < 0.4 ? ', use_causal_mask=True' : '';
  lines.push(`out, w = ${layer}([q, v, k]${masks}${causal}, return_attention_scores=True)`);
  lines.push('s = tf.matmul(q, k, transpose_b=True) / tf.math.sqrt(tf.cast(tf.shape(k)[-1], tf.float32))');
  lines.push(`m = s + (1.0 - tf.linalg.band_part(tf.ones((${Tq}, ${Tv})), -1, 0)) * -1e9`);
  lines.push('p = tf.nn.softmax(m, axis=-1)');
  lines.push('o2 = tf.matmul(p, v)');
  lines.push('r = tf.reduce_sum(o2 * 0.5 - 0.25, axis=1)');
  lines.push('t = tf.transpose(k, perm=[0, 2, 1])');
  return `${lines.join('\n')}\n`;
}

interface Arr { shape: number[]; values: (number | string)[] }

describe('random TensorFlow/Keras programs vs NumPy float32 on Keras\'s formulas (python3)', () => {
  test(`${PROGRAMS} programs: every array within 1e-6 relative + 1e-7 absolute, or refused with a documented reason`, async (t) => {
    const sources = Array.from({ length: PROGRAMS }, (_, i) => program(i + 1));
    const driver = 'import json, sys\nsys.path.insert(0, "scripts/fixtures")\nimport make_keras_fixtures as m\nprint(json.dumps([m.run(s) for s in json.load(sys.stdin)]))\n';
    const py = spawnSync('python3', ['-c', driver], { input: JSON.stringify(sources), encoding: 'utf8', timeout: 120_000 });
    assert.equal(py.status, 0, py.stderr);
    const refs = JSON.parse(py.stdout) as Record<string, Arr>[];
    let compared = 0, refused = 0, worst = 0;
    for (let i = 0; i < PROGRAMS; i++) {
      const e = await extractMatrices(loader, [{ text: sources[i], language: 'python' }]);
      const ours = new Map(e.matrices.map((m) => [m.name ?? '', m]));
      const why = new Map((e.unknowns ?? []).map((u) => [u.name, u.reason]));
      for (const [name, ref] of Object.entries(refs[i])) {
        const m = ours.get(name);
        if (!m?.array) {
          assert.match(why.get(name) ?? '(no reason)', REFUSALS, `program ${i + 1}: ${name} unknown\n${sources[i]}`);
          refused++;
          continue;
        }
        assert.deepEqual(m.array.shape, ref.shape, `program ${i + 1}: shape of ${name}`);
        ref.values.forEach((rv, j) => {
          const r = typeof rv === 'number' ? rv : rv === 'inf' ? Infinity : rv === '-inf' ? -Infinity : NaN;
          const x = m.array?.data[j] ?? NaN;
          if (Object.is(x, r) || x === r) return;
          assert.ok(Math.abs(x - r) <= ABS + REL * Math.abs(r), `program ${i + 1}: ${name}[${j}] = ${x}, NumPy float32 ${r}\n${sources[i]}`);
          if (Math.abs(r) >= 1e-3) worst = Math.max(worst, Math.abs(x - r) / Math.abs(r));
        });
        compared++;
      }
    }
    t.diagnostic(`${compared} arrays compared, ${refused} refused; largest relative difference ${worst.toExponential(2)}`);
    assert.ok(compared > PROGRAMS * 8);
  });
});
