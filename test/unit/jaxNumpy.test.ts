/**
 * jax.numpy in user programs: values against JAX's own draws and NumPy float32 for the rest
 * (test/fixtures/jax_attention.json, scripts/fixtures/make_jax_fixtures.py), JAX's dtypes with and without
 * jax_enable_x64, and that float32 arrays are never computed as NumPy float64.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import { checkProgram, fixturePrograms, matricesOf } from './helpers/float32Fixture';
import { loader } from './helpers/loader';
import { evaluatePython } from './helpers/python';

const programs = fixturePrograms('test/fixtures/jax_attention.json');

describe('jax.numpy against JAX draws and NumPy float32', () => {
  for (const program of programs) {
    test(`${program.name}: every array within 1e-6 relative + 1e-7 absolute, bit for bit where labelled exact`, async (t) => {
      const r = await checkProgram(program);
      t.diagnostic(`${program.name}: ${r.arrays} arrays, ${r.exact} bit-exact, largest relative difference ${r.maxRel.toExponential(2)}`);
      assert.ok(r.arrays >= 7);
    });
  }
});

describe('JAX dtypes', () => {
  test('jnp.array of Python floats is float32, of ints int32; results on float32 stay float32 (not NumPy float64)', async () => {
    const ms = await matricesOf('import jax.numpy as jnp\na = jnp.array([[0.1, 0.7], [0.3, 0.2]])\nb = jnp.array([[1, 2]])\nc = a @ a\nd = jnp.sqrt(a)\ne = a / 3\n');
    assert.equal(ms.get('a')?.array?.dtype, 'float32');
    assert.deepEqual(Array.from(ms.get('a')?.array?.data ?? []), [0.1, 0.7, 0.3, 0.2].map(Math.fround));
    assert.match(ms.get('b')?.origin ?? '', /jax\.Array int32/);
    const f = [0.1, 0.7, 0.3, 0.2].map(Math.fround);
    const c = [f[0] * f[0] + f[1] * f[2], f[0] * f[1] + f[1] * f[3], f[2] * f[0] + f[3] * f[2], f[2] * f[1] + f[3] * f[3]].map(Math.fround);
    assert.equal(ms.get('c')?.array?.dtype, 'float32');
    assert.deepEqual(Array.from(ms.get('c')?.array?.data ?? []), c);
    assert.match(ms.get('c')?.origin ?? '', /rounded once to float32/);
    assert.deepEqual(Array.from(ms.get('d')?.array?.data ?? []), f.map((x) => Math.fround(Math.sqrt(x))));
    assert.match(ms.get('d')?.origin ?? '', /: exact$/);
    assert.deepEqual(Array.from(ms.get('e')?.array?.data ?? []), f.map((x) => Math.fround(x / 3)));
  });

  test('with jax_enable_x64, Python floats make float64 arrays and results are float64', async () => {
    const ms = await matricesOf('import jax\nimport jax.numpy as jnp\njax.config.update("jax_enable_x64", True)\na = jnp.array([[0.1, 0.7]])\nb = a * 3\nk = jax.random.normal(jax.random.PRNGKey(0), (2, 2))\n');
    assert.equal(ms.get('a')?.array?.dtype, 'float64');
    assert.deepEqual(Array.from(ms.get('b')?.array?.data ?? []), [0.1 * 3, 0.7 * 3]);
    assert.equal(ms.get('k')?.array?.dtype, 'float64');
  });

  test('int32 / int32 is float32 in JAX; a float32 draw times an int array stays float32', async () => {
    const ms = await matricesOf('import jax\nimport jax.numpy as jnp\na = jnp.array([[1, 2]]) / jnp.array([[3, 3]])\nx = jax.random.normal(jax.random.PRNGKey(0), (1, 2))\ny = x * jnp.array([[2, 2]])\n');
    assert.equal(ms.get('a')?.array?.dtype, 'float32');
    assert.deepEqual(Array.from(ms.get('a')?.array?.data ?? []), [Math.fround(1 / 3), Math.fround(2 / 3)]);
    assert.equal(ms.get('y')?.array?.dtype, 'float32');
  });

  test('lists are not JAX operands (TypeError in JAX); keepdims; methods', async () => {
    const e = await extractMatrices(loader, [{ text: 'import jax.numpy as jnp\na = jnp.array([[1.0, 2.0]])\nb = a + [1, 2]\nc = jnp.sum([1.0, 2.0])\nd = a.sum(axis=-1, keepdims=True)\nf = a.reshape(2, 1).T\n', language: 'python' }]);
    const why = new Map((e.unknowns ?? []).map((u) => [u.name, u.reason]));
    assert.match(why.get('b') ?? '', /JAX does not take a list as an operand/);
    assert.match(why.get('c') ?? '', /JAX's functions take arrays and scalars/);
    const d = e.matrices.find((m) => m.name === 'd');
    assert.deepEqual(d?.array?.shape, [1, 1]);
    assert.deepEqual(Array.from(d?.array?.data ?? []), [3]);
    assert.deepEqual(e.matrices.find((m) => m.name === 'f')?.array?.shape, [1, 2]);
  });

  test('a scalar draw is a 0-D float32 array: s + 0.1 is computed in float32, not as a Python float', async () => {
    const r = await evaluatePython('import jax\ns = jax.random.normal(jax.random.PRNGKey(0))\nt = s + 0.1\n');
    const s = r.values.get('s') as { data: Float64Array; dtype?: string };
    const t = r.values.get('t') as { data: Float64Array; dtype?: string };
    assert.equal(s.dtype, 'float32');
    // JAX 0.11's threefry is partitionable: an entry depends on its flat index only, so this is entry 0 of the fixture's draws
    assert.equal(s.data[0], Math.fround(1.6226422));
    assert.equal(t.data[0], Math.fround(s.data[0] + Math.fround(0.1)));
  });

  test('jnp functions not modelled are refused by name', async () => {
    const e = await extractMatrices(loader, [{ text: 'import jax.numpy as jnp\na = jnp.array([[1.0, 2.0]])\nb = jnp.linalg.svd(a)\n', language: 'python' }]);
    assert.match((e.unknowns ?? []).find((u) => u.name === 'b')?.reason ?? '', /jnp\.linalg\.svd\(\) is not supported for JAX arrays/);
  });
});
