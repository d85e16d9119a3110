/**
 * PyTorch modules and the program's own classes, against real torch: test/fixtures/torch_modules.json
 * (scripts/fixtures/make_torch_module_fixtures.py, torch 1.13 after it reproduced torch 2.11's draws) holds
 * every tensor, module parameter and number of each program; the evaluator runs the same source (the
 * example files themselves for the examples) and must agree: float32 within 1e-6 relative + 1e-7 absolute
 * (torch's kernels accumulate float32 in another order), float64 within 1e-12 relative, integers, bools and
 * parameters (torch's initialisation, drawn bit for bit) exactly. Then the refusals, each with its reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { describeError } from '../../src/core/errors';
import { type NDArray, isNDArray } from '../../src/core/ndarray/ndarray';
import { extractMatrices } from '../../src/core/parse/index';
import { PythonEvaluator } from '../../src/core/parse/python/evaluator';
import { SyntaxTree } from '../../src/core/parse/python/syntaxTree';
import { ProgramCache } from '../../src/core/parse/python/incremental';
import { DEFAULT_PARSE_LIMITS } from '../../src/core/parse/types';
import type { Scope } from '../../src/core/parse/python/scope';
import { torchDrawDtype } from '../../src/core/parse/python/torchCalls';
import { type PyValue, isObject } from '../../src/core/parse/python/values';
import { RandomWorld } from '../../src/core/random/world';
import { loader } from './helpers/loader';

interface Expected { dtype: string; shape: number[]; values: number[] }
interface Program { file?: string; source?: string; values: Record<string, Expected> }
const fixture = JSON.parse(readFileSync('test/fixtures/torch_modules.json', 'utf8')) as { programs: Record<string, Program> };

/** Runs `text`; returns the module scope and the problems reported. */
async function run(text: string): Promise<{ scope: Scope; problems: string[] }> {
  const parser = await loader.parser('python');
  const tree = parser.parse(text);
  assert.ok(tree);
  const random = new RandomWorld();
  const evaluator = new PythonEvaluator({ rng: random.legacy, limits: { maxElements: 1e6 }, random }, { maxNestingDepth: 50, maxWork: 1e8 });
  const at = (p: { row: number; column: number }) => ({ line: p.row, character: p.column });
  const problems: string[] = [];
  evaluator.run(new SyntaxTree(tree, text).rootNode, (n) => ({ start: at(n.startPosition), end: at(n.endPosition) }), { bind: () => {}, expression: () => {}, problem: (p) => problems.push(describeError(p.cause)) }, () => 'report');
  tree.delete();
  return { scope: evaluator.module, problems };
}

/** A dotted name (`model.block.up.weight`) through objects' attributes. */
function resolve(scope: Scope, dotted: string): PyValue | undefined {
  const [first, ...rest] = dotted.split('.');
  let v = scope.get(first);
  for (const part of rest) {
    if (!isObject(v)) return undefined;
    v = part === 'training' && v.module ? v.module.training : v.attrs.get(part);
  }
  return v;
}

/** The torch dtype the evaluator gives a value (torch's float32 draws are stored as float64). */
function dtypeOf(v: NDArray): string {
  const d = v.dtype ?? 'float64';
  return d === 'float64' ? torchDrawDtype(v) ?? d : d;
}

/** Largest errors of float32 values seen in all programs (reported by the last test). */
const worst = { rel: 0, abs: 0, where: '' };

function compare(program: string, name: string, got: PyValue | undefined, want: Expected, why: string | undefined): void {
  const label = `${program}: ${name}`;
  if (want.shape.length === 0 && !isNDArray(got)) {
    assert.notEqual(got, undefined, `${label} is unknown (${why})`);
    const x = typeof got === 'boolean' ? (got ? 1 : 0) : got;
    assert.equal(typeof x, 'number', `${label}: not a number`);
    if (want.dtype === 'float') assert.ok(Math.abs((x as number) - want.values[0]) <= 1e-12 * Math.abs(want.values[0]), `${label}: ${String(x)} ≠ ${want.values[0]}`);
    else assert.equal(x, want.values[0], label);
    return;
  }
  assert.ok(isNDArray(got), `${label} is not a tensor (${why ?? String(got)})`);
  assert.deepEqual([...got.shape], want.shape, `${label}: shape`);
  const dtype = dtypeOf(got);
  const wantDtype = want.dtype === 'int64' ? 'int64' : want.dtype;
  assert.equal(dtype, wantDtype, `${label}: dtype`);
  assert.equal(got.data.length, want.values.length, `${label}: size`);
  for (let i = 0; i < want.values.length; i++) {
    const a: number = got.data[i], b: number = want.values[i];
    if (want.dtype === 'float32') {
      const err = Math.abs(a - b);
      assert.ok(err <= 1e-6 * Math.abs(b) + 1e-7 || (Number.isNaN(a) && Number.isNaN(b)), `${label}[${i}]: ${a} vs torch ${b}`);
      if (err > worst.abs) worst.abs = err;
      if (Math.abs(b) >= 0.1 && err / Math.abs(b) > worst.rel) { worst.rel = err / Math.abs(b); worst.where = `${label}[${i}]`; }
    } else if (want.dtype === 'float64') assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${label}[${i}]: ${a} vs torch ${b}`);
    else assert.equal(a, b, `${label}[${i}]`);
  }
}

describe('modules and classes against real torch (test/fixtures/torch_modules.json)', () => {
  for (const [program, p] of Object.entries(fixture.programs)) {
    test(`${program}: every tensor, parameter and number agrees with torch`, async () => {
      const text = p.file ? readFileSync(p.file, 'utf8') : (p.source as string);
      const { scope, problems } = await run(text);
      assert.deepEqual(problems, []);
      for (const [name, want] of Object.entries(p.values)) {
        const root = name.split('.')[0];
        compare(program, name, resolve(scope, name), want, scope.whyUnbound(root)?.reason);
      }
    });
  }

  test('module parameters are torch’s own bits (no tolerance)', async () => {
    const p = fixture.programs.linear;
    const { scope } = await run(p.source as string);
    for (const name of ['lin.weight', 'lin.bias', 'nobias.weight']) {
      const got = resolve(scope, name);
      assert.ok(isNDArray(got));
      assert.deepEqual(Array.from(got.data), p.values[name].values, name);
    }
  });

  test('float32 results of magnitude ≥ 0.1 stay within 1e-6 relative of torch (worst case measured)', (t) => {
    t.diagnostic(`largest relative error (|value| ≥ 0.1): ${worst.rel.toExponential(2)} at ${worst.where}; largest absolute error: ${worst.abs.toExponential(2)}`);
    assert.ok(worst.rel > 0 && worst.rel < 1e-6, `worst ${worst.rel} at ${worst.where}`);
  });
});

describe('modules in the matrices found', () => {
  test('lin = nn.Linear(…) shows lin.weight and lin.bias; forward outputs are named float32 tensors with their tolerance', async () => {
    const e = await extractMatrices(loader, [{ text: fixture.programs.linear.source as string, language: 'python' }]);
    const m = new Map(e.matrices.map((x) => [x.name ?? '', x]));
    assert.deepEqual([...(m.get('lin.weight')?.array?.shape ?? [])], [16, 16]);
    assert.match(m.get('lin.weight')?.origin ?? '', /torch's default initialisation after torch\.manual_seed\(0\) \(float32, bit for bit\)/);
    assert.equal(m.get('y')?.array?.dtype, 'float32');
    assert.match(m.get('y')?.origin ?? '', /nn\.Linear\(16, 16\) forward/);
    assert.match(m.get('y')?.precision ?? '', /within 1e-6/);
    assert.equal(m.get('lin.weight')?.precision, undefined); // parameters are torch's bits
  });
});

describe('incremental runs', () => {
  const text = readFileSync('examples/torch_multihead_attention.py', 'utf8');
  const names = (e: { matrices: readonly { name: string | null; array?: { data: ArrayLike<number> } }[] }) => new Map(e.matrices.map((m) => [m.name ?? '', Array.from(m.array?.data ?? [])]));

  for (const [what, edit] of [
    ['an edit above the model (the seed)', (t: string) => t.replace('torch.manual_seed(0)', 'torch.manual_seed(1)')],
    ['an edit below it (a comment and the eval() line)', (t: string) => t.replace('mha.eval()', 'mha.train()').replace('# two sequences', '# 2 sequences')],
    ['an edit of a later call only', (t: string) => t.replace('average_attn_weights=False', 'average_attn_weights=True')],
  ] as const) {
    test(`${what}: the incremental result equals a full run`, async () => {
      const cache = new ProgramCache();
      await extractMatrices(loader, [{ text, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache);
      const v2 = edit(text);
      assert.notEqual(v2, text);
      const inc = names(await extractMatrices(loader, [{ text: v2, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache));
      const full = names(await extractMatrices(loader, [{ text: v2, language: 'python' }]));
      assert.ok(full.has('weights_per_head') && full.has('mha.in_proj_weight'));
      assert.deepEqual(inc, full);
    });
  }

  test('a class edited after its objects were made: every use runs again with the new class', async () => {
    const cache = new ProgramCache();
    const v1 = 'import torch\nfrom torch import nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.k = 2.0\n    def forward(self, x):\n        return x * self.k\ntorch.manual_seed(0)\nm = M()\nx = torch.randn(2, 2)\ny = m(x)\n';
    await extractMatrices(loader, [{ text: v1, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache);
    const v2 = v1.replace('self.k = 2.0', 'self.k = 4.0');
    const inc = names(await extractMatrices(loader, [{ text: v2, language: 'python' }], undefined, DEFAULT_PARSE_LIMITS, cache));
    const x = inc.get('x') ?? [];
    assert.equal(x.length, 4);
    assert.deepEqual(inc.get('y'), x.map((v) => Math.fround(v * 4)));
  });
});

describe('refusals, each with its reason', () => {
  const why = async (text: string, name: string): Promise<string> => (await run(text)).scope.whyUnbound(name)?.reason ?? '(known)';

  test('dropout in training mode is refused and torch’s generator is unknown after it; p=0 and eval() are identities', async () => {
    const text = 'import torch\nimport torch.nn as nn\ntorch.manual_seed(0)\ndrop = nn.Dropout(0.1)\nx = torch.randn(2, 3)\nwith torch.no_grad():\n    y = drop(x)\nu = torch.rand(2)\n' +
      'torch.manual_seed(0)\nz = nn.Dropout(0.0)(x)\ndrop.eval()\nw = drop(x)\n';
    const { scope } = await run(text);
    assert.match(scope.whyUnbound('y')?.reason ?? '', /training mode.*model\.eval\(\).*torch\.no_grad\(\) does not turn dropout off/);
    assert.match(scope.whyUnbound('u')?.reason ?? '', /not known after nn\.Dropout\(p=0\.1\) in training mode/);
    assert.equal(scope.get('z'), scope.get('x'));
    assert.equal(scope.get('w'), scope.get('x'));
  });

  test('F.dropout(x, p, training=self.training) is the input after eval(); in training mode it is refused and later draws are unknown', async () => {
    const t = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nclass M(nn.Module):\n    def forward(self, x):\n        return F.dropout(x, 0.1, training=self.training)\n' +
      'torch.manual_seed(0)\nm = M()\nm.eval()\nx = torch.randn(2, 3)\ny = m(x)\nm.train()\nz = m(x)\nu = torch.rand(2)\nw = F.dropout(x, 0.0)\n';
    const { scope } = await run(t);
    assert.equal(scope.get('y'), scope.get('x'));
    assert.equal(scope.get('w'), scope.get('x'));
    assert.match(scope.whyUnbound('z')?.reason ?? '', /draws from torch's generator/);
    assert.match(scope.whyUnbound('u')?.reason ?? '', /not known after/);
  });

  test('eval() reaches submodules; train() turns dropout back on', async () => {
    const text = 'import torch\nimport torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.drop = nn.Dropout(0.5)\n    def forward(self, x):\n        return self.drop(x)\n' +
      'torch.manual_seed(0)\nm = M()\nx = torch.randn(2, 2)\nm.eval()\na = m(x)\nflag = m.drop.training\nm.train()\nb = m(x)\n';
    const { scope } = await run(text);
    assert.equal(scope.get('a'), scope.get('x'));
    assert.equal(scope.get('flag'), false);
    assert.match(scope.whyUnbound('b')?.reason ?? '', /training mode/);
  });

  test('MultiheadAttention with kdim ≠ embed_dim or add_bias_kv is not built (generator unknown); add_zero_attn is built but not run', async () => {
    assert.match(await why('import torch\nfrom torch import nn\ntorch.manual_seed(0)\nm = nn.MultiheadAttention(8, 2, kdim=4, vdim=4)\n', 'm'), /kdim\/vdim different from embed_dim/);
    const t = 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\nm = nn.MultiheadAttention(8, 2, add_bias_kv=True)\nu = torch.rand(2)\n';
    assert.match(await why(t, 'u'), /not known after nn\.MultiheadAttention/);
    const z = 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\nm = nn.MultiheadAttention(8, 2, add_zero_attn=True)\nx = torch.randn(3, 8)\nout, w = m(x, x, x)\n';
    assert.match(await why(z, 'out'), /add_zero_attn=True\) is not evaluated/);
  });

  test('.cuda(), .to("cuda"), .double() and load_state_dict leave the module unknown', async () => {
    const head = 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\nlin = nn.Linear(4, 4)\nx = torch.randn(2, 4)\n';
    for (const [call, reason] of [['lin.cuda()', /GPU/], ["lin.to('cuda')", /GPU/], ['lin.double()', /dtype/], ['lin.load_state_dict(torch.load("w.pt"))', /not evaluated|not supported|not in this file/]] as const) {
      const { scope } = await run(`${head}other = lin\n${call}\ny = other(x)\n`);
      assert.match(scope.whyUnbound('y')?.reason ?? '(known)', /not known|unknown/, call);
      if (call !== 'lin.load_state_dict(torch.load("w.pt"))') assert.match(scope.whyUnbound('y')?.reason ?? '', reason, call);
    }
    const ok = await run(`${head}lin.to('cpu')\ny = lin(x)\n`);
    assert.ok(isNDArray(ok.scope.get('y')));
  });

  test('a NumPy array given to a module is not shown (torch raises TypeError for it)', async () => {
    const t = 'import numpy as np\nimport torch\nfrom torch import nn\ntorch.manual_seed(0)\nlin = nn.Linear(2, 2)\nx = np.ones((3, 2), dtype=np.float32)\ny = lin(x)\n';
    assert.match(await why(t, 'y'), /not known to be a torch tensor/);
  });

  test('a module with more parameters than the element limit is not drawn, and later draws are not shown', async () => {
    const { scope } = await run('import torch\nfrom torch import nn\ntorch.manual_seed(0)\nbig = nn.Linear(2000, 1000)\nu = torch.rand(2)\n');
    assert.match(scope.whyUnbound('big')?.reason ?? '', /more than the limit/);
    assert.match(scope.whyUnbound('u')?.reason ?? '', /not known after/);
  });

  test('a module moved to a device not known here is unknown; torch itself stays known; train(flag) with an unknown flag leaves the mode unknown', async () => {
    const t = "import torch\nfrom torch import nn\ntorch.manual_seed(0)\nlin = nn.Linear(2, 2)\nlin2 = nn.Linear(2, 2)\ndevice = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\nlin.to(device)\ny = lin(torch.ones(3, 2))\n" +
      'flag = torch.cuda.is_available()\nlin2.train(flag)\nw = lin2(torch.ones(1, 2))\nz = torch.ones(2)\n';
    const { scope } = await run(t);
    assert.match(scope.whyUnbound('y')?.reason ?? '', /Linear\.to\(…\) could not be evaluated/);
    assert.match(scope.whyUnbound('w')?.reason ?? '', /Linear\.train\(…\) could not be evaluated/);
    assert.ok(isNDArray(scope.get('z')));
  });

  test('torch.load itself is not evaluated (the weights are not in the file)', async () => {
    assert.match(await why('import torch\nstate = torch.load("model.pt")\n', 'state'), /not supported|not evaluated/);
  });

  test('a module built before torch.manual_seed, or a forward on a float64 tensor, is refused / an error as in torch', async () => {
    assert.match(await why('import torch\nfrom torch import nn\nlin = nn.Linear(4, 4)\n', 'lin'), /before torch\.manual_seed\(n\)/);
    const r = await run('import torch\nfrom torch import nn\ntorch.manual_seed(0)\nlin = nn.Linear(4, 4)\nx = torch.randn(2, 4, dtype=torch.float64)\ny = lin(x)\n');
    assert.match(r.problems.join('\n'), /mat1 and mat2 must have the same dtype/);
  });

  test('Python errors of classes: a missing attribute, a module assigned before Module.__init__', async () => {
    const r = await run('class A:\n    pass\na = A()\nb = a.missing\n');
    assert.match(r.problems.join('\n'), /AttributeError: 'A' object has no attribute 'missing'/);
    const m = await run('import torch\nfrom torch import nn\nclass M(nn.Module):\n    def __init__(self):\n        self.lin = nn.Linear(2, 2)\ntorch.manual_seed(0)\nm = M()\n');
    assert.match(m.problems.join('\n'), /cannot assign module before Module\.__init__\(\) call/);
  });

  test('operator methods, __len__, __eq__, __getitem__ and __iter__ of classes are not evaluated (never a wrong TypeError)', async () => {
    const t = 'class V:\n    def __init__(self, x):\n        self.x = x\n    def __add__(self, o):\n        return V(self.x + o.x)\n    def __len__(self):\n        return 1\n    def __eq__(self, o):\n        return True\n    def __getitem__(self, i):\n        return i\n' +
      'a = V(1)\nb = V(2)\nc = a + b\nn = len(a)\ne = a == b\ng = a[0]\nt = bool(a)\nl = [x for x in a]\nd = {a: 1}\n';
    const { scope, problems } = await run(t);
    assert.deepEqual(problems, []);
    for (const name of ['c', 'n', 'e', 'g', 't', 'l', 'd']) assert.match(scope.whyUnbound(name)?.reason ?? '(known)', /not evaluated/, name);
  });

  test('@torch.no_grad() methods run as they are; @property runs its getter, @staticmethod is a plain function', async () => {
    const t = 'import torch\nfrom torch import nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.lin = nn.Linear(2, 2)\n    def forward(self, x):\n        return self.lin(x)\n' +
      '    @torch.no_grad()\n    def generate(self, x):\n        return self.lin(x)\n    @property\n    def size(self):\n        return 2\n' +
      'torch.manual_seed(0)\nm = M()\nx = torch.randn(3, 2)\ny = m(x)\ng = m.generate(x)\ns = m.size\n';
    const { scope } = await run(t);
    const y = scope.get('y'), g = scope.get('g');
    assert.ok(isNDArray(y) && isNDArray(g));
    assert.deepEqual(Array.from(g.data), Array.from(y.data));
    assert.equal(scope.get('s'), 2);
  });

  test('a property with a setter is refused where read or assigned (an attribute of the object would hide it); static methods from the class or an object', async () => {
    // Python: before = 6.0, after = 15.0 (the setter stores 5.0); t = t2 = [2., 2.]
    const t = 'import numpy as np\nclass A:\n    def __init__(self):\n        self._s = 2.0\n    @property\n    def s(self):\n        return self._s * 3\n' +
      '    @s.setter\n    def s(self, v):\n        self._s = v\n    @staticmethod\n    def twice(x):\n        return 2 * x\n' +
      'a = A()\nbefore = a.s\na.s = 5.0\nafter = a.s\nt = A.twice(np.ones(2))\nb = A()\nt2 = b.twice(np.ones(2))\n';
    const { scope } = await run(t);
    assert.match(scope.whyUnbound('before')?.reason ?? '(known)', /decorator @s.setter is not evaluated/);
    assert.match(scope.whyUnbound('a')?.reason ?? '(known)', /assignment to s, which A defines with @s.setter, is not evaluated/);
    assert.equal(scope.get('after'), undefined);
    for (const name of ['t', 't2']) {
      const v = scope.get(name);
      assert.ok(isNDArray(v), name);
      assert.deepEqual(Array.from(v.data), [2, 2]);
    }
  });

  test('a method that changes its object and fails part-way leaves the object unknown', async () => {
    const text = 'class A:\n    def __init__(self):\n        self.x = 1\n    def bad(self):\n        self.x = 2\n        return undefined_name\na = A()\ny = a.bad()\nz = a.x\n';
    const { scope } = await run(text);
    assert.match(scope.whyUnbound('z')?.reason ?? '', /state of this A object is not known/);
  });
});
