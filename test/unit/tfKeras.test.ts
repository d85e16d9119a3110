/**
 * TensorFlow and Keras in user programs: values against NumPy float32 on the documented semantics
 * (test/fixtures/keras_attention.json, scripts/fixtures/make_keras_fixtures.py), TensorFlow's dtype rules,
 * and what is refused with which message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import { checkProgram, fixturePrograms, matricesOf } from './helpers/float32Fixture';
import { loader } from './helpers/loader';

const programs = fixturePrograms('test/fixtures/keras_attention.json');

/** Why each name is unknown. */
async function reasons(text: string): Promise<Map<string, string>> {
  const e = await extractMatrices(loader, [{ text, language: 'python' }]);
  return new Map([...(e.unknowns ?? []).map((u) => [u.name, u.reason] as [string, string]), ...e.problems.flatMap((p) => p.names.map((n) => [n, p.message] as [string, string]))]);
}

describe('TensorFlow and Keras against NumPy float32 on the documented semantics', () => {
  for (const program of programs) {
    test(`${program.name}: every array within 1e-6 relative + 1e-7 absolute, bit for bit where labelled exact`, async (t) => {
      const r = await checkProgram(program);
      t.diagnostic(`${program.name}: ${r.arrays} arrays, ${r.exact} bit-exact, largest relative difference ${r.maxRel.toExponential(2)}`);
      assert.ok(r.arrays >= 8);
    });
  }
});

describe('TensorFlow dtypes', () => {
  test('Python floats make float32 tensors, ints int32, dtype=tf.float64 float64; the hover says which', async () => {
    const ms = await matricesOf('import tensorflow as tf\na = tf.constant([[0.1, 0.2]])\nb = tf.constant([[1, 2]])\nc = tf.constant([[0.1, 0.2]], dtype=tf.float64)\nd = a + 0.1\n');
    assert.equal(ms.get('a')?.array?.dtype, 'float32');
    assert.deepEqual(Array.from(ms.get('a')?.array?.data ?? []), [Math.fround(0.1), Math.fround(0.2)]);
    assert.match(ms.get('b')?.origin ?? '', /tf\.Tensor int32/);
    assert.deepEqual(Array.from(ms.get('c')?.array?.data ?? []), [0.1, 0.2]);
    assert.equal(ms.get('c')?.array?.dtype, 'float64');
    // float32 + a Python float: the float becomes float32 first, the sum is rounded once (exact)
    assert.deepEqual(Array.from(ms.get('d')?.array?.data ?? []), [Math.fround(Math.fround(0.1) + Math.fround(0.1)), Math.fround(Math.fround(0.2) + Math.fround(0.1))]);
    assert.match(ms.get('d')?.origin ?? '', /: exact$/);
  });

  test('int32 / int32 is float64 in TensorFlow; tf.cast truncates toward zero', async () => {
    const ms = await matricesOf('import tensorflow as tf\na = tf.constant([[1, 2]]) / tf.constant([[3, 3]])\nb = tf.cast(tf.constant([[-1.5, 2.7]]), tf.int32)\n');
    assert.equal(ms.get('a')?.array?.dtype, 'float64');
    assert.deepEqual(Array.from(ms.get('a')?.array?.data ?? []), [1 / 3, 2 / 3]);
    assert.deepEqual(Array.from(ms.get('b')?.array?.data ?? []), [-1, 2]);
  });

  test('float32 with float64 raises as TensorFlow does; a float with an int tensor too', async () => {
    const r = await reasons('import tensorflow as tf\na = tf.constant([[1.0]])\nb = tf.constant([[1.0]], dtype=tf.float64)\nc = a + b\nd = tf.matmul(a, b)\ne = tf.constant([[1, 2]]) * 0.5\n');
    assert.match(r.get('c') ?? '', /TensorFlow does not convert dtypes.*float32.*float64/);
    assert.match(r.get('d') ?? '', /TensorFlow does not convert dtypes/);
    assert.match(r.get('e') ?? '', /cannot convert a float to a int32 tensor/);
  });

  test('matmul needs 2-D inputs; band_part gives the causal mask; TF tensors have no .T', async () => {
    const r = await reasons('import tensorflow as tf\na = tf.constant([1.0, 2.0])\nb = tf.matmul(a, a)\nc = a.T\n');
    assert.match(r.get('b') ?? '', /at least 2-D/);
    assert.match(r.get('c') ?? '', /'tf\.Tensor' object has no attribute 'T'/);
    const ms = await matricesOf('import tensorflow as tf\nm = tf.linalg.band_part(tf.ones((3, 4)), -1, 0)\nu = tf.linalg.band_part(tf.ones((3, 3)), 0, 1)\n');
    assert.deepEqual(Array.from(ms.get('m')?.array?.data ?? []), [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0]);
    assert.deepEqual(Array.from(ms.get('u')?.array?.data ?? []), [1, 1, 0, 0, 1, 1, 0, 0, 1]);
  });

  test('unknown tf functions are refused by name, never computed with NumPy float64', async () => {
    const r = await reasons('import tensorflow as tf\na = tf.constant([[1.0, 2.0]])\nb = tf.math.erf(a)\n');
    assert.match(r.get('b') ?? '', /tf\.math\.erf\(\) is not supported/);
  });
});

describe('not reproducible statically: the reason, never numbers', () => {
  test('tf.random.* and tf.random.set_seed', async () => {
    const r = await reasons('import tensorflow as tf\ntf.random.set_seed(0)\na = tf.random.normal((2, 3))\nb = tf.random.uniform((2, 3), seed=1)\nc = tf.keras.initializers.GlorotUniform()((2, 2))\n');
    for (const n of ['a', 'b']) assert.match(r.get(n) ?? '', /TensorFlow's random generators are not reproducible statically/);
    assert.match(r.get('c') ?? '', /initializers/);
  });

  test('AdditiveAttention(use_scale=True) (its default): a glorot_uniform weight', async () => {
    const r = await reasons('import tensorflow as tf\nfrom tensorflow.keras import layers\nq = tf.constant([[[1.0, 0.0]]])\no = layers.AdditiveAttention()([q, q])\n');
    assert.match(r.get('o') ?? '', /use_scale=True\) multiplies the scores by a trained weight initialised with glorot_uniform/);
  });

  test('dropout with training=True, a row with every key masked, 2-D inputs', async () => {
    const r = await reasons([
      'import keras', 'import tensorflow as tf', 'q = tf.constant([[[1.0, 0.0], [0.5, 0.5]]])',
      'a = keras.layers.Attention(dropout=0.1)([q, q], training=True)',
      'b = keras.layers.Attention()([q * 20.0, q], mask=[None, tf.constant([[False, False]])])',
      'c = keras.layers.Attention()([q[0], q[0]])',
      'd = keras.layers.Attention(dropout=0.1)([q, q])', '',
    ].join('\n'));
    assert.match(r.get('a') ?? '', /training=True drops weights at random/);
    assert.match(r.get('b') ?? '', /every key is masked/);
    assert.match(r.get('c') ?? '', /\(batch_size, T, dim\)/);
    assert.equal(r.get('d'), undefined, 'dropout is inactive in an inference call');
  });

  test('every key masked but small scores: each masked score rounds to −1e9 in float32, so the weights are uniform', async () => {
    const ms = await matricesOf('import keras\nimport tensorflow as tf\nq = tf.constant([[[1.0, 0.0], [0.5, 0.5]]])\no, w = keras.layers.Attention()([q, q], mask=[None, tf.constant([[False, False]])], return_attention_scores=True)\n');
    assert.deepEqual(Array.from(ms.get('w')?.array?.data ?? []), [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(Array.from(ms.get('o')?.array?.data ?? []), [0.75, 0.25, 0.75, 0.25]);
  });
});

describe('Keras imports', () => {
  for (const [imp, ctor] of [
    ['from tensorflow import keras', 'keras.layers.Attention'], ['from tensorflow.keras import layers', 'layers.Attention'],
    ['import keras', 'keras.layers.Attention'], ['from keras import layers', 'layers.Attention'], ['import tensorflow as tf', 'tf.keras.layers.Attention'],
  ]) {
    test(`${imp}: ${ctor}`, async () => {
      const ms = await matricesOf(`import tensorflow as tf\n${imp}\nq = tf.constant([[[1.0, 0.0], [0.0, 1.0]]])\no = ${ctor}()([q, q])\n`);
      const w = Math.exp(1) / (Math.exp(1) + 1);
      assert.deepEqual(Array.from(ms.get('o')?.array?.data ?? []).map((x) => +x.toFixed(6)), [w, 1 - w, 1 - w, w].map((x) => +Math.fround(x).toFixed(6)));
    });
  }
});
