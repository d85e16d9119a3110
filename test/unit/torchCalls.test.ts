/** torch's random functions in user programs: values, origins, refusals, the CLI and incremental runs. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isNDArray } from '../../src/core/ndarray/ndarray';
import { extractMatrices } from '../../src/core/parse/index';
import { ProgramCache } from '../../src/core/parse/python/incremental';
import { DEFAULT_PARSE_LIMITS } from '../../src/core/parse/types';
import { loader } from './helpers/loader';
import { evaluateModule } from './helpers/python';
import { tempDir } from './helpers/tempDir';

interface Draw { seed: number; fn: string; dtype?: string; shape?: number[]; values: number[] }
const ref = JSON.parse(readFileSync('test/fixtures/torch_rng.json', 'utf8')) as { draws: Draw[] };
const fixture = (seed: number, fn: string, dtype: string, shape: number[]): number[] => {
  const d = ref.draws.find((e) => e.seed === seed && e.fn === fn && e.dtype === dtype && JSON.stringify(e.shape) === JSON.stringify(shape));
  assert.ok(d, `no fixture for ${fn}${JSON.stringify(shape)}`);
  return d.values;
};

async function matrices(text: string) {
  const e = await extractMatrices(loader, [{ text, language: 'python' }]);
  return new Map(e.matrices.map((m) => [m.name ?? '', m]));
}

const scope = evaluateModule;

const flat = (m: { matrix: { data: ArrayLike<number> } } | undefined): number[] => Array.from(m?.matrix.data ?? []);

describe('torch random draws in programs', () => {
  test('torch.manual_seed(0); W = torch.randn(4, 8) holds torch 2.11’s float32 values, marked float32', async () => {
    const m = await matrices('import torch\ntorch.manual_seed(0)\nW = torch.randn(4, 8)\n');
    assert.deepEqual(flat(m.get('W')), fixture(0, 'randn', 'float32', [4, 8]));
    assert.equal(m.get('W')?.origin, 'torch.randn (float32) after torch.manual_seed(0)');
  });

  test('two draws in a row continue the stream (randn(4, 8) then randn(8, 8))', async () => {
    const m = await matrices('import torch\ntorch.manual_seed(1)\nA = torch.randn(4, 8)\nB = torch.randn(8, 8)\n');
    const pair = ref.draws.find((e) => e.seed === 1 && e.fn === 'randn_then_randn') as unknown as { values: number[][] };
    assert.deepEqual(flat(m.get('A')), pair.values[0]);
    assert.deepEqual(flat(m.get('B')), pair.values[1]);
  });

  test('rand, randint and dtype=torch.float64 after torch.random.manual_seed(42)', async () => {
    const m = await matrices('import torch\ntorch.random.manual_seed(42)\nU = torch.rand(4, 8, dtype=torch.float64)\n');
    assert.deepEqual(flat(m.get('U')), fixture(42, 'rand', 'float64', [4, 8]));
    assert.equal(m.get('U')?.origin, 'torch.rand (float64) after torch.manual_seed(42)');
    const r = await matrices('import torch\ntorch.manual_seed(0)\nI = torch.randint(0, 10, (4, 8))\n');
    assert.deepEqual(flat(r.get('I')), fixture(0, 'randint', 'float32', [4, 8]));
  });

  test('randint/randperm with a narrow integer dtype are refused: torch.uint8 wraps around (250 + 10 is 4), int64 would not', async () => {
    // torch 1.13: randint(250, 256, (4,), dtype=torch.uint8) after manual_seed(0) is [252, 253, 255, 250]; + 10 is [6, 7, 9, 4].
    for (const dtype of ['uint8', 'int8', 'int16', 'int32', 'int']) {
      const s = await scope(`import torch\ntorch.manual_seed(0)\nr = torch.randint(250, 256, (4,), dtype=torch.${dtype})\nr2 = r + 10\np = torch.randperm(5, dtype=torch.${dtype})\n`);
      assert.equal(s.get('r2'), undefined, dtype);
      assert.match(s.whyUnbound('r')?.reason ?? '', new RegExp(`dtype=${dtype}\\) is not reproduced .*narrower integers wrap around`));
      assert.equal(s.get('p'), undefined);
    }
    const ok = await scope('import torch\ntorch.manual_seed(0)\nr = torch.randint(0, 10, (4,), dtype=torch.long)\n');
    assert.ok(isNDArray(ok.get('r')));
  });

  test('a size as a tuple or size= gives the same draw; F-aliases of torch resolve', async () => {
    const m = await matrices('import torch\ntorch.manual_seed(0)\nA = torch.randn((4, 8))\ntorch.manual_seed(0)\nB = torch.randn(size=[4, 8])\n');
    assert.deepEqual(flat(m.get('A')), flat(m.get('B')));
  });

  test('a torch.Generator passed as generator= has its own stream', async () => {
    const m = await matrices('import torch\ntorch.manual_seed(5)\ng = torch.Generator().manual_seed(0)\nW = torch.randn(4, 8, generator=g)\n');
    assert.deepEqual(flat(m.get('W')), fixture(0, 'randn', 'float32', [4, 8]));
    assert.equal(m.get('W')?.origin, 'torch.randn (float32) after a torch.Generator seeded with 0');
  });

  test('a 3-D draw is a float32 tensor with torch’s values, and the next draw continues the stream', async () => {
    const s = await scope('import torch\ntorch.manual_seed(0)\nx = torch.randn(2, 4, 8)\ny = torch.randn(8, 8)\n');
    const x = s.get('x');
    assert.ok(isNDArray(x));
    assert.deepEqual(x.shape, [2, 4, 8]);
    assert.equal(x.dtype, 'float32');
    assert.deepEqual(Array.from(x.data), fixture(0, 'randn', 'float32', [2, 4, 8]));
    const y = s.get('y');
    assert.ok(isNDArray(y));
    // randn(2, 4, 8) draws as randn(64) does; the 8×8 draw after it must be the same in both programs
    const m = await matrices('import torch\ntorch.manual_seed(0)\nx = torch.randn(64)\ny = torch.randn(8, 8)\n');
    assert.deepEqual(Array.from(y.data), flat(m.get('y')));
  });

  test('an unseeded draw, torch.seed() and device="cuda" are not reproducible statically', async () => {
    const s = await scope('import torch\na = torch.randn(3)\ntorch.manual_seed(0)\nb = torch.randn(3, device="cuda")\nc = torch.randn(2)\ntorch.seed()\nd = torch.rand(2)\n');
    assert.match(s.whyUnbound('a')?.reason ?? '', /before torch\.manual_seed\(n\).*not reproducible statically/);
    assert.match(s.whyUnbound('b')?.reason ?? '', /not reproducible statically/);
    assert.ok(isNDArray(s.get('c')));
    assert.match(s.whyUnbound('d')?.reason ?? '', /not reproducible statically/);
  });

  test('randperm and normal(mean, std, size)', async () => {
    const extra = JSON.parse(readFileSync('test/fixtures/torch_extra.json', 'utf8')) as { cases: { name: string; seed: number; calls: { call: string; values: number[] }[] }[] };
    const perm = extra.cases.find((c) => c.name === 'randperm' && c.seed === 0);
    const norm = extra.cases.find((c) => c.name === 'normal with mean and std' && c.seed === 0);
    assert.ok(perm && norm);
    const m = await matrices('import torch\ntorch.manual_seed(0)\np = torch.randperm(10)\n');
    assert.deepEqual(flat(m.get('p')), perm.calls[0].values);
    const n = await matrices('import torch\ntorch.manual_seed(0)\na = torch.normal(2.0, 3.0, size=(4,))\nb = torch.normal(-1.5, 0.5, size=(5, 7))\n');
    assert.deepEqual(flat(n.get('a')), norm.calls[0].values);
    assert.deepEqual(flat(n.get('b')), norm.calls[1].values);
  });

  test('incremental runs keep the torch stream: a re-run draw after replayed ones equals a full run', async () => {
    const cache = new ProgramCache();
    const v1 = 'import torch\ntorch.manual_seed(0)\nA = torch.randn(4, 8)\nn = 8\nB = torch.randn(n, 8)\n';
    await extractMatrices(loader, [{ text: v1, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache);
    const v2 = v1.replace('n = 8', 'n = 4');
    const inc = await extractMatrices(loader, [{ text: v2, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache);
    const full = await extractMatrices(loader, [{ text: v2, language: 'python' }]);
    const b = (e: typeof inc) => Array.from(e.matrices.find((m) => m.name === 'B')?.matrix.data ?? []);
    assert.equal(b(full).length, 32);
    assert.deepEqual(b(inc), b(full));
  });
});

describe('node dist/cli.js matrices on torch draws', () => {
  const dir = tempDir('ae-torch-');
  test('torch.manual_seed(0); W = torch.randn(4, 8) prints the fixture’s values', () => {
    const p = join(dir, 'w.py');
    writeFileSync(p, 'import torch\ntorch.manual_seed(0)\nW = torch.randn(4, 8)\n');
    const r = spawnSync(process.execPath, ['dist/cli.js', 'matrices', p, '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { name: string; shape: number[]; values: number[][] }[];
    assert.deepEqual(j.map((m) => [m.name, m.shape]), [['W', [4, 8]]]);
    assert.deepEqual(j[0].values.flat(), fixture(0, 'randn', 'float32', [4, 8]));
    const text = spawnSync(process.execPath, ['dist/cli.js', 'matrices', p], { encoding: 'utf8', timeout: 30_000 }).stdout;
    assert.match(text, /-1\.1258398/); // W[0, 0] = -1.1258398294448853 in float32
  });
});

describe('examples/torch_random_weights.py against torch', () => {
  // test/fixtures/torch_examples.json: the example run by torch (scripts/fixtures/make_torch_fixtures.py).
  const programs = JSON.parse(readFileSync('test/fixtures/torch_examples.json', 'utf8')).programs as Record<string, Record<string, { shape: number[]; values: number[] }>>;
  const expected = programs['examples/torch_random_weights.py'];
  const draws = new Set(['X', 'W_Q', 'W_K', 'W_V']);
  test('the draws bit for bit; products and softmax within 1e-6 of the largest entry (float32 in torch, float64 here)', async () => {
    const m = await matrices(readFileSync('examples/torch_random_weights.py', 'utf8'));
    assert.deepEqual([...m.keys()].sort(), Object.keys(expected).sort());
    for (const [name, e] of Object.entries(expected)) {
      const got = flat(m.get(name));
      assert.deepEqual([m.get(name)?.matrix.rows, m.get(name)?.matrix.cols], e.shape.length === 1 ? [1, e.shape[0]] : e.shape, name);
      if (draws.has(name)) {
        assert.deepEqual(got, e.values, name);
        continue;
      }
      const scale = Math.max(1, ...e.values.map(Math.abs));
      e.values.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= 1e-6 * scale, `${name}[${i}]: ${got[i]} vs torch ${v}`));
    }
  });
});

describe('torch generator state changes that draw nothing', () => {
  test('get_rng_state / set_rng_state replay a draw; manual_seed returns the default generator', async () => {
    const m = await matrices('import torch\ng = torch.manual_seed(0)\ns = torch.get_rng_state()\nA = torch.randn(4, 8)\ntorch.set_rng_state(s)\nB = torch.randn(4, 8, generator=g)\n');
    assert.deepEqual(flat(m.get('A')), fixture(0, 'randn', 'float32', [4, 8]));
    assert.deepEqual(flat(m.get('B')), flat(m.get('A')));
  });
  test('set_default_dtype(torch.float64) makes randn float64; an unknown state makes later draws unknown', async () => {
    const m = await matrices('import torch\ntorch.set_default_dtype(torch.float64)\ntorch.manual_seed(0)\nR = torch.rand(4, 8)\n');
    assert.deepEqual(flat(m.get('R')), fixture(0, 'rand', 'float64', [4, 8]));
    assert.equal(m.get('R')?.origin, 'torch.rand (float64) after torch.manual_seed(0)');
    const s = await scope('import torch\ntorch.manual_seed(0)\ntorch.set_rng_state(torch.ByteTensor(5056))\nx = torch.randn(2)\ntorch.set_default_dtype(torch.float16)\ntorch.manual_seed(0)\ny = torch.randn(2)\n');
    assert.match(s.whyUnbound('x')?.reason ?? '', /not reproducible statically/);
    assert.match(s.whyUnbound('y')?.reason ?? '', /default dtype/);
  });
  test('a torch.random.fork_rng() block is skipped and the draws after it continue from before it', async () => {
    const s = await scope('import torch\ntorch.manual_seed(0)\nwith torch.random.fork_rng():\n    a = torch.randn(3)\nW = torch.randn(4, 8)\n');
    assert.match(s.whyUnbound('a')?.reason ?? '', /fork_rng/);
    const w = s.get('W');
    assert.ok(isNDArray(w));
    assert.deepEqual(Array.from(w.data), fixture(0, 'randn', 'float32', [4, 8]));
  });
});

describe('statements that may have drawn but could not be evaluated', () => {
  test('nn.MultiheadAttention construction advances the generator exactly (torch 1.13 extras)', async () => {
    const extra = JSON.parse(readFileSync('test/fixtures/torch_extra.json', 'utf8')) as { modules: { seed: number; module: string; args: unknown[]; after?: number[] }[] };
    const mha = extra.modules.find((m) => m.module === 'MultiheadAttention' && m.seed === 1);
    assert.ok(mha?.after);
    const s = await scope('import torch\nfrom torch import nn\ntorch.manual_seed(1)\nattn = nn.MultiheadAttention(8, 2)\nu = torch.rand(3)\n');
    assert.equal((s.get('attn') as { kind?: string } | undefined)?.kind, 'object'); // built (torchModules.test.ts checks its weights)
    const u = s.get('u');
    assert.ok(isNDArray(u));
    assert.deepEqual(Array.from(u.data), mha.after);
  });
  test('an unsupported draw (nn.init, a tensor method, an unevaluable argument) makes later draws unknown until the next seed', async () => {
    const s = await scope([
      'import torch', 'import torch.nn as nn', 'torch.manual_seed(0)', 'w = torch.empty(3, 3)', 'nn.init.xavier_uniform_(w)', 'a = torch.randn(2)',
      'torch.manual_seed(0)', 'w.normal_()', 'b = torch.randn(2)',
      'torch.manual_seed(0)', 'torch.set_rng_state(torch.ByteTensor(5056))', 'c = torch.randn(2)',
      'torch.manual_seed(0)', 'x, y = torch.randn(2, 4, 8), torch.randn(3, dtype=torch.float16)', 'd = torch.randn(2)',
      'torch.manual_seed(0)', 'e = torch.randn(2)',
    ].join('\n') + '\n');
    for (const name of ['a', 'b', 'c', 'd']) assert.match(s.whyUnbound(name)?.reason ?? '', /not known after|not reproducible statically|not shown/, name);
    assert.ok(isNDArray(s.get('e')));
  });
});

test('a draw over the element limit is not drawn, and makes later draws unknown until the next seed', async () => {
  const s = await scope('import torch\ntorch.manual_seed(0)\nbig = torch.randn(2000, 2000)\na = torch.randn(2)\ntorch.manual_seed(0)\nW = torch.randn(4, 8)\n');
  assert.match(s.whyUnbound('big')?.reason ?? '', /more than the limit/);
  assert.match(s.whyUnbound('a')?.reason ?? '', /not known after/);
  const w = s.get('W');
  assert.ok(isNDArray(w));
  assert.deepEqual(Array.from(w.data), fixture(0, 'randn', 'float32', [4, 8]));
});
