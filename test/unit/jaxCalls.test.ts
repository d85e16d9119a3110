/** jax.random in user programs: keys, split/fold_in, uniform and normal against JAX 0.11's fixture; x64; refusals. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import { ProgramCache } from '../../src/core/parse/python/incremental';
import { DEFAULT_PARSE_LIMITS } from '../../src/core/parse/types';
import { loader } from './helpers/loader';

interface Draw { x64: boolean; seed: number; fn: string; key: string; shape: number[]; values: number[] }
const draws = (JSON.parse(readFileSync('test/fixtures/jax_rng.json', 'utf8')) as { draws: Draw[] }).draws;
const fixture = (fn: string, key: string, x64: boolean, shape: number[]): number[] => {
  const d = draws.find((e) => e.fn === fn && e.key === key && e.x64 === x64 && JSON.stringify(e.shape) === JSON.stringify(shape));
  assert.ok(d);
  return d.values;
};

async function run(text: string, cache?: ProgramCache) {
  const e = await extractMatrices(loader, [{ text, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache);
  const byName = new Map<string, (typeof e.matrices)[number]>();
  for (const m of e.matrices) byName.set(m.name ?? '', m); // the last definition of each name
  return byName;
}
const values = (m: { matrix: { data: ArrayLike<number> } } | undefined): number[] => Array.from(m?.matrix.data ?? []);

describe('jax.random in programs', () => {
  test('PRNGKey(0), normal and uniform on the key and on split(key)[0], as JAX 0.11 draws them', async () => {
    const m = await run([
      'import jax', 'from jax import random', 'key = jax.random.PRNGKey(0)', 'X = jax.random.normal(key, (4, 8))',
      'U = random.uniform(key, shape=(4, 8))', 'k1, k2 = jax.random.split(key)', 'Y = jax.random.normal(k1, (4, 8))', 'V = jax.random.uniform(k1, (3,))',
    ].join('\n') + '\n');
    assert.deepEqual(values(m.get('key')), [0, 0]);
    assert.deepEqual(values(m.get('X')), fixture('normal', 'PRNGKey', false, [4, 8]));
    assert.deepEqual(values(m.get('U')), fixture('uniform', 'PRNGKey', false, [4, 8]));
    assert.deepEqual(values(m.get('Y')), fixture('normal', 'split[0]', false, [4, 8]));
    assert.deepEqual(values(m.get('V')), fixture('uniform', 'split[0]', false, [3]));
    assert.equal(m.get('X')?.origin, 'jax.random.normal (float32) from a threefry2x32 key');
  });

  test('jax.config.update("jax_enable_x64", True) makes draws float64, also in incremental runs', async () => {
    const text = 'import jax\njax.config.update("jax_enable_x64", True)\nkey = jax.random.key(0)\nn = 4\nX = jax.random.normal(key, (n, 8))\n';
    const full = await run(text);
    assert.deepEqual(values(full.get('X')), fixture('normal', 'PRNGKey', true, [4, 8]));
    const cache = new ProgramCache();
    await run(text.replace('n = 4', 'n = 3'), cache);
    const inc = await run(text, cache);
    assert.deepEqual(values(inc.get('X')), fixture('normal', 'PRNGKey', true, [4, 8]));
  });

  test('fold_in gives the words JAX prints; randint is refused, not guessed', async () => {
    const m = await run('import jax\nk = jax.random.fold_in(jax.random.PRNGKey(0), 3)\nB = jax.random.randint(k, (3,), 0, 10)\n');
    assert.deepEqual(values(m.get('k')), [2467461003, 3840466878]);
    assert.equal(m.get('B'), undefined);
  });

  test('N-D draws: JAX draws as many words as the shape has entries, in C order (a (2, 4, 4) draw is the (4, 8) one)', async () => {
    const m = await run('import jax\nA = jax.random.normal(jax.random.PRNGKey(0), (2, 4, 4))\nU = jax.random.uniform(jax.random.PRNGKey(0), (2, 2, 8))\n');
    assert.deepEqual(m.get('A')?.array?.shape, [2, 4, 4]);
    assert.equal(m.get('A')?.array?.dtype, 'float32');
    assert.deepEqual(Array.from(m.get('A')?.array?.data ?? []), fixture('normal', 'PRNGKey', false, [4, 8]));
    assert.deepEqual(Array.from(m.get('U')?.array?.data ?? []), fixture('uniform', 'PRNGKey', false, [4, 8]));
  });
});
