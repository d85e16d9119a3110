/**
 * PyTorch tensor operations in user programs against real torch (test/fixtures/torch_ops.json, made by
 * scripts/fixtures/make_torch_ops_fixtures.py with Debian's torch 1.13): every tensor, NumPy array and scalar
 * each program binds has torch's dtype and shape; values not marked approximate are torch's bit for bit;
 * float32 values marked approximate (computed in float64, rounded once) are within 1e-6 relative of torch's
 * (with an absolute allowance of 1e-6 times the largest magnitude of the array, for sums that cancel, where
 * the element-wise relative error can reach a few 1e-6);
 * float64 values within 1e-12 relative.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type NDArray, dtypeOf, isNDArray } from '../../src/core/ndarray/ndarray';
import { extractMatrices } from '../../src/core/parse/index';
import { isTensor } from '../../src/core/parse/python/tensorOrigin';
import { FLOAT32_NOTE, isApproximate } from '../../src/core/parse/python/torchPrecision';
import type { PyValue } from '../../src/core/parse/python/values';
import { loader } from './helpers/loader';
import { evaluateModule } from './helpers/python';
import { tempDir } from './helpers/tempDir';

type Num = number | 'inf' | '-inf' | 'nan';
interface Recorded { kind: 'tensor' | 'ndarray' | 'int' | 'float' | 'bool'; dtype?: string; shape?: number[]; values: Num[] }
interface Program { name: string; source: string; values: Record<string, Recorded> }
const fixture = JSON.parse(readFileSync('test/fixtures/torch_ops.json', 'utf8')) as { programs: Program[] };

const num = (v: Num): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : v);

const scope = evaluateModule;

/**
 * The largest errors of the float32-approximate arrays over every program (reported by the last test): relative
 * to the largest magnitude of the array (normwise), and element by element (larger where a sum cancels).
 */
let maxNormwise = 0, maxElementwise = 0;

function compareArray(where: string, ours: NDArray, ref: Recorded): void {
  assert.deepEqual(ours.shape, ref.shape, `${where}: shape`);
  assert.equal(dtypeOf(ours), ref.dtype, `${where}: dtype`);
  const expected = ref.values.map(num);
  const approximate = isApproximate(ours);
  if (dtypeOf(ours) === 'float32' && !approximate) {
    assert.deepEqual(Array.from(ours.data), expected, `${where}: float32 values said to be exact differ from torch's`);
    return;
  }
  if (dtypeOf(ours) !== 'float32' && dtypeOf(ours) !== 'float64') {
    assert.deepEqual(Array.from(ours.data), expected, `${where}: values`);
    return;
  }
  // The largest magnitude, masking sentinels (masked_fill(…, -1e9)) left out: they are exact and not a scale.
  const scale = Math.max(...expected.filter((e) => Number.isFinite(e) && Math.abs(e) < 1e8).map(Math.abs), 0);
  // float64 computed from a float32 value torch gives within the tolerance (n.astype(np.float64)) carries its tolerance
  const rel = dtypeOf(ours) === 'float32' || approximate ? 1e-6 : 1e-12;
  expected.forEach((e, i) => {
    const a = ours.data[i];
    if (!Number.isFinite(e)) { assert.ok(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${where}[${i}]: ${a} vs ${e}`); return; }
    const err = Math.abs(a - e);
    if (dtypeOf(ours) === 'float32' && scale > 0) maxNormwise = Math.max(maxNormwise, err / scale);
    if (dtypeOf(ours) === 'float32' && e !== 0) maxElementwise = Math.max(maxElementwise, err / Math.abs(e));
    assert.ok(err <= rel * Math.abs(e) + rel * scale, `${where}[${i}]: ${a} vs torch ${e} (error ${err})`);
  });
}

function compareValue(where: string, ours: PyValue | undefined, ref: Recorded): void {
  if (ref.kind === 'tensor' || ref.kind === 'ndarray') {
    assert.ok(isNDArray(ours), `${where}: expected a ${ref.kind}, got ${ours === undefined ? 'no value' : JSON.stringify(ours)}`);
    assert.equal(isTensor(ours), ref.kind === 'tensor', `${where}: ${ref.kind === 'tensor' ? 'a tensor' : 'a NumPy array'} expected`);
    compareArray(where, ours, ref);
    return;
  }
  const value = isNDArray(ours) && ours.shape.length === 0 ? ours.data[0] : ours;
  if (ref.kind === 'bool') { assert.equal(value, num(ref.values[0]) !== 0, where); return; }
  assert.equal(typeof value, 'number', `${where}: a Python ${ref.kind} expected`);
  assert.ok(!isTensor(ours), `${where}: a Python ${ref.kind}, not a tensor`);
  const e = num(ref.values[0]);
  assert.ok(Math.abs((value as number) - e) <= 1e-6 * Math.abs(e), `${where}: ${String(value)} vs torch ${e}`);
}

describe('torch tensor programs against torch 1.13 (torch_ops.json)', () => {
  for (const program of fixture.programs) {
    test(program.name, async () => {
      const s = await scope(program.source);
      for (const [name, ref] of Object.entries(program.values)) {
        const why = s.whyUnbound(name)?.reason;
        // A Python number read from a float32 tensor computed within the tolerance (`x.sum().item()`) is refused:
        // a plain number cannot carry the float32 note (approximation.ts).
        if (why !== undefined && ref.kind !== 'tensor' && ref.kind !== 'ndarray' && /a plain number cannot carry that note/.test(why)) continue;
        assert.ok(why === undefined, `${program.name}: ${name} is unknown: ${why}`);
        compareValue(`${program.name}: ${name}`, s.get(name), ref);
      }
    });
  }

  test('the float32 tolerance holds: within 1e-6 of each tensor’s largest magnitude (errors measured)', () => {
    assert.ok(maxNormwise > 0 && maxNormwise <= 1e-6, `largest normwise relative error ${maxNormwise}`);
    process.stdout.write(`# torch_ops float32 vs torch: largest error ${maxNormwise.toExponential(2)} of the tensor's largest magnitude; element-wise relative ${maxElementwise.toExponential(2)}\n`);
  });
});

describe('torch refusals', () => {
  const reason = async (text: string, name: string): Promise<string> => (await scope(`import torch\nimport torch.nn.functional as F\n${text}`)).whyUnbound(name)?.reason ?? '';

  test('scaled_dot_product_attention with dropout_p > 0 is refused with the reason', async () => {
    assert.match(await reason('torch.manual_seed(0)\nq = torch.randn(2, 3, 4)\no = F.scaled_dot_product_attention(q, q, q, dropout_p=0.1)\n', 'o'), /dropout_p=0\.1.*random mask.*dropout_p=0\.0/);
  });

  test('a tensor on a GPU is refused (device="cuda", .cuda())', async () => {
    assert.match(await reason('t = torch.zeros(2, 3, device="cuda")\n', 't'), /GPU are not evaluated/);
    assert.match(await reason('t = torch.ones(2, 3).cuda()\n', 't'), /GPU are not evaluated/);
    assert.match(await reason('torch.manual_seed(0)\nt = torch.randn(2, 3, device="cuda")\n', 't'), /GPU generators.*not reproducible statically/);
    assert.match(await reason('t = torch.ones(2).to(torch.device("cuda"))\n', 't'), /GPU are not evaluated/);
    const s = await scope('import torch\ndevice = torch.device("cpu")\nt = torch.ones(2).to(device)\n');
    assert.ok(isNDArray(s.get('t')));
  });

  test('torch.empty is refused: uninitialised memory', async () => {
    assert.match(await reason('t = torch.empty(2, 3)\n', 't'), /uninitialised memory/);
    assert.match(await reason('t = torch.Tensor(2, 3)\n', 't'), /uninitialised memory/);
  });

  test('an unseeded N-D draw is refused (torch seeds from the operating system)', async () => {
    assert.match(await reason('x = torch.randn(2, 5, 16)\n', 'x'), /before torch\.manual_seed\(n\).*not reproducible statically/);
  });

  test('SDPA with a query row whose every key is masked is refused, not shown as NaN or 0', async () => {
    assert.match(await reason('torch.manual_seed(0)\nq = torch.randn(3, 4)\nm = torch.zeros(3, 3, dtype=torch.bool)\no = F.scaled_dot_product_attention(q, q, q, attn_mask=m)\n', 'o'), /every key masked/);
  });

  test('in place, torch keeps the dtype: int_tensor += 0.5 raises, as in torch', async () => {
    const e = await extractMatrices(loader, [{ text: 'import torch\ni = torch.tensor([1, 2])\ni += 0.5\n', language: 'python' }]);
    assert.match(e.problems.map((p) => p.message).join('\n'), /i \+= 0\.5: result type float32 can't be cast to the desired output type int64/);
  });

  test('torch raises: matmul of float32 with float64, masked_fill with a float mask, mean of an int tensor', async () => {
    assert.match(await reason('torch.manual_seed(0)\na = torch.randn(2, 2)\nb = a @ a.double()\n', 'b'), /same dtype/);
    assert.match(await reason('torch.manual_seed(0)\na = torch.randn(2, 2)\nb = a.masked_fill(torch.ones(2, 2), 0.0)\n', 'b'), /boolean masks/);
    assert.match(await reason('a = torch.tensor([1, 2])\nb = a.mean()\n', 'b'), /could not infer output dtype/);
  });
});

describe('torch tensors on the surfaces', () => {
  test('an N-D float32 tensor is found with its shape and dtype, and an approximate one carries the float32 note', async () => {
    const e = await extractMatrices(loader, [{ text: 'import torch\ntorch.manual_seed(0)\nx = torch.randn(2, 5, 16)\nw = torch.softmax(x @ x.mT, dim=-1)\n', language: 'python' }]);
    const x = e.matrices.find((m) => m.name === 'x'), w = e.matrices.find((m) => m.name === 'w');
    assert.deepEqual(x?.array?.shape, [2, 5, 16]);
    assert.equal(x?.array?.dtype, 'float32');
    assert.equal(x?.precision, undefined);
    assert.deepEqual(w?.array?.shape, [2, 5, 5]);
    assert.equal(w?.precision, FLOAT32_NOTE);
  });

  test('the CLI prints N-D tensors with shape and dtype, and the precision note (text and --json)', () => {
    const p = join(tempDir('torchops-'), 't.py');
    writeFileSync(p, 'import torch\ntorch.manual_seed(0)\nx = torch.randn(2, 5, 16)\nw = torch.softmax(x @ x.mT, dim=-1)\n');
    const r = spawnSync(process.execPath, ['dist/cli.js', 'matrices', p, '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { name: string; shape: number[]; dtype: string; values: number[][][]; precision?: string }[];
    assert.deepEqual(j.map((m) => [m.name, m.shape, m.dtype, m.precision]), [['x', [2, 5, 16], 'float32', undefined], ['w', [2, 5, 5], 'float32', FLOAT32_NOTE]]);
    assert.equal(j[0].values[0][0][0], -1.1258398294448853); // torch.randn's first float32 value after seed 0
    const text = spawnSync(process.execPath, ['dist/cli.js', 'matrices', p], { encoding: 'utf8', timeout: 30_000 }).stdout;
    assert.match(text, /^w {2}\(2, 5, 5\) float32 .*\n {2}note: float32: computed in float64/m);
  });
});
