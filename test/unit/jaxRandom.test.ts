import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/errors';
import { erfInv32, foldIn, normal, prngKey, split, uniform } from '../../src/core/random/jaxRandom';
import { threefry2x32 } from '../../src/core/random/threefry';

// test/fixtures/jax_rng.json: real JAX 0.11.2 (CPU) draws, copied unchanged from the team's shared fixtures
// (/work/shared/fixtures/jax_rng.json, made by the lead with pip's jax).

interface Draw {
  x64: boolean;
  seed: number;
  fn: 'normal' | 'uniform';
  key: 'PRNGKey' | 'split[0]';
  shape: number[];
  values: number[];
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/jax_rng.json', import.meta.url)), 'utf8')) as { draws: Draw[] };

for (const e of fixture.draws) {
  const name = `jax 0.11 fixture: ${e.fn}(${e.key}(${e.seed}), (${e.shape.join(', ')}))${e.x64 ? ' with x64' : ''}`;
  test(`${name}, bit for bit`, () => {
    let key = prngKey(e.seed, e.x64);
    if (e.key === 'split[0]') key = split(key)[0];
    const dtype = e.x64 ? 'float64' : 'float32';
    const s = e.fn === 'uniform' ? uniform(key, e.shape, dtype) : normal(key, e.shape, dtype);
    assert.deepEqual(s.shape, e.shape);
    assert.deepEqual(Array.from(s.data), e.values);
  });
}

test('threefry2x32: the original (non-partitionable) split of key(0), as printed by jax 0.4.38', () => {
  // split(key(0), 2) hashed iota(4) as x0 = (0, 1), x1 = (2, 3) → [[4146024105, 967050713], [2718843009, 1272950319]]
  const a = threefry2x32(0, 0, 0, 2);
  const b = threefry2x32(0, 0, 1, 3);
  assert.deepEqual([a[0], b[0], a[1], b[1]], [4146024105, 967050713, 2718843009, 1272950319]);
});

test('fold_in(key(0), 3) as printed by jax 0.4.38 (unchanged by jax_threefry_partitionable)', () => {
  assert.deepEqual(foldIn(prngKey(0, false), 3), [2467461003, 3840466878]);
});

test('PRNGKey: seed words and range checks', () => {
  assert.deepEqual(prngKey(3, false), [0, 3]);
  assert.deepEqual(prngKey(-1, false), [0, 0xffffffff]);
  assert.deepEqual(prngKey(2n ** 40n + 5n, true), [256, 5]);
  assert.throws(() => prngKey(2 ** 31, false), InputError);
  assert.throws(() => prngKey(0.5, false), InputError);
});

test('erfInv32: ±1 gives ±∞, 0 gives 0, and it inverts erf to float32 accuracy', () => {
  assert.equal(erfInv32(1), Infinity);
  assert.equal(erfInv32(-1), -Infinity);
  assert.equal(erfInv32(0), 0);
  // erf(0.5) = 0.5204998778130465
  assert.ok(Math.abs(erfInv32(Math.fround(0.5204998778130465)) - 0.5) < 1e-6);
});
