/** The CLI as a user runs it: `node dist/cli.js …` (built by `npm run test:unit` first), exit codes and JSON. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertClose } from './helpers/numbers';
import { tempDir } from './helpers/tempDir';

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tutorial = 'examples/attention_numpy_tutorial.py';
const numpy = JSON.parse(readFileSync('test/fixtures/programs.json', 'utf8')).programs['examples/attention_numpy_tutorial.py'] as Record<string, number[][]>;
const dir = tempDir('ae-cli-');
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('node dist/cli.js compute', () => {
  test('the tutorial: output and every step equal NumPy to 1e-9', () => {
    const r = cli('compute', tutorial, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.steps.map((s: { id: string }) => s.id), ['Q', 'K', 'V', 'scores', 'scaled', 'weights', 'output']);
    assertClose(j.output, numpy.attention, 'output');
    assertClose(j.weights, numpy.weights, 'weights');
    assertClose(j.steps[3].values, numpy.scores, 'scores');
    assert.deepEqual(j.steps[0].shape, [4, 3]);
    assert.equal(j.roles.x.name, 'words');
  });
  test('--mask causal writes masked entries as null and gives them weight 0', () => {
    const j = JSON.parse(cli('compute', tutorial, '--json', '--mask', 'causal').out);
    const masked = j.steps.find((s: { id: string }) => s.id === 'masked');
    assert.equal(masked.values[0][1], null);
    assert.deepEqual(j.steps.map((s: { role: string }) => s.role), ['queries', 'keys', 'values', 'scores', 'scaled', 'masked', 'weights', 'output']);
    assert.equal(j.weights[0][1], 0);
    assert.equal(j.weights[0][0], 1);
  });
  test('--score dot has no scaled step; --temperature divides the logits', () => {
    const j = JSON.parse(cli('compute', tutorial, '--json', '--score', 'dot', '--temperature', '2').out);
    assert.deepEqual(j.steps.map((s: { id: string }) => s.id), ['Q', 'K', 'V', 'scores', 'weights', 'output']);
    const row = numpy.scores[0].map((x) => x / 2);
    const z = row.reduce((a, x) => a + Math.exp(x - Math.max(...row)), 0);
    assertClose([j.weights[0]], [row.map((x) => Math.exp(x - Math.max(...row)) / z)], 'weights row 0');
  });
  test('roles by flag, on a selection (--range)', () => {
    const j = JSON.parse(cli('compute', tutorial, '--json', '--range', '26:0-28:15', '--q', 'Q', '--k', 'K', '--v', 'V').out);
    assertClose(j.output, numpy.attention, 'output');
    assert.equal(j.roles.q.source, 'given');
  });
  test('bad input exits 1 with a JSON error naming the matrix and its line', () => {
    const r = cli('compute', file('ragged.py', 'import numpy as np\nW_K = np.array([[1, 2], [3]])\n'), '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.error.message, 'W_K (line 2): ragged rows: row 1 has 1 entries but row 0 has 2');
    // The range is the short row itself: `[3]` in `W_K = np.array([[1, 2], [3]])`.
    assert.deepEqual(j.error.range, { start: { line: 1, character: 24 }, end: { line: 1, character: 27 } });
  });
  test('shape mismatch exits 1 naming both shapes', () => {
    const r = cli('compute', file('dk.py', 'Q = [[1, 2, 3]]\nK = [[1, 2]]\nV = [[1]]\n'));
    assert.equal(r.code, 1);
    assert.match(r.err, /Q is 1 × 3 but K is 1 × 2: d_k differs/);
    assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
  });
  test('usage errors exit 2', () => {
    assert.equal(cli('compute', tutorial, '--score', 'bogus').code, 2);
    assert.equal(cli('compute', tutorial, '--frobnicate').code, 2);
    assert.equal(cli('compute', tutorial, '--temperature', '0').code, 2);
    assert.equal(cli('explode').code, 2);
  });
  test('a missing file and an unsupported type exit 1', () => {
    assert.equal(cli('compute', join(dir, 'nope.py')).code, 1);
    const r = cli('compute', file('x.xyz', '[[1]]'));
    assert.equal(r.code, 1);
    // The list comes from the language registry: every extension it reads, notebooks included.
    assert.match(r.err, /x\.xyz: this file type is not supported \(supported: \.py, \.pyw, \.pyi, .*\.wl, \.wls, \.nb, \.ipynb\)/);
  });
  test('text output is aligned tables with token labels', () => {
    const r = cli('compute', tutorial);
    assert.equal(r.code, 0);
    assert.match(r.out, /^output: Context vectors {2}Z = A V {2}\(4 × 3\)$/m);
    assert.match(r.out, /^ {2}word_1 {2}0\.98522025 {2}1\.7417405 {2}0\.75652026$/m);
    assert.match(r.out, /^ {2}word_2 {2}0\.90965265 {2}1\.4096526 {9}0\.5$/m, 'columns right-aligned');
  });
});

describe('node dist/cli.js compute: variants (issue 3)', () => {
  const bahdanau = JSON.parse(readFileSync('test/fixtures/programs.json', 'utf8')).programs['examples/bahdanau_additive.py'] as Record<string, number[][]>;
  test('--score additive on the Bahdanau example equals the paper’s formula run with NumPy', () => {
    const r = cli('compute', 'examples/bahdanau_additive.py', '--score', 'additive', '--json');
    assert.equal(r.code, 0, r.err || r.out);
    const j = JSON.parse(r.out);
    assertClose(j.output, bahdanau.context, 'context');
    assertClose(j.weights, bahdanau.alpha, 'alpha');
    assert.deepEqual(Object.keys(j.roles).sort(), ['k', 'q', 'ua', 'v', 'va', 'wa']);
  });
  test('--mask NAME with --mask-convention block, and --key-padding', () => {
    const f = file('masked.py', 'import numpy as np\nQ = np.eye(3)\nK = np.eye(3)\nV = np.arange(9).reshape(3, 3)\nblocked = np.array([[0, 1, 1], [0, 0, 1], [0, 0, 0]])\npad = [1, 1, 0]\n');
    const j = JSON.parse(cli('compute', f, '--json', '--mask', 'blocked', '--mask-convention', 'block').out);
    assert.deepEqual(j.steps.find((s: { id: string }) => s.id === 'masked').values[0], [1 / Math.sqrt(3), null, null]);
    assert.deepEqual(j.weights[0], [1, 0, 0]);
    const p = JSON.parse(cli('compute', f, '--json', '--key-padding', 'pad').out);
    assert.equal(p.weights[2][2], 0);
    assert.equal(p.roles.padding.name, 'pad');
  });
  test('--heads 3 gives one entry per head and their mean as the weights', () => {
    const j = JSON.parse(cli('compute', tutorial, '--json', '--heads', '3').out) as { heads: { weights: number[][]; steps: { role: string }[] }[]; weights: number[][]; steps: { role: string }[] };
    assert.equal(j.heads.length, 3);
    assert.deepEqual(j.steps.map((s) => s.role), ['queries', 'keys', 'values', 'head_mean', 'concat']);
    assert.deepEqual(j.heads[0].steps.map((s) => s.role), ['scores', 'scaled', 'weights', 'head_output']);
    const mean = j.weights.map((row, i) => row.map((_, k) => (j.heads[0].weights[i][k] + j.heads[1].weights[i][k] + j.heads[2].weights[i][k]) / 3));
    assertClose(j.weights, mean, 'mean of heads');
  });
  test('--q and --k without --v: the keys double as values', () => {
    const r = cli('compute', 'examples/bahdanau_additive.py', '--score', 'additive', '--q', 'decoder_state', '--k', 'encoder_states', '--json');
    assert.equal(r.code, 0, r.out);
    assertClose(JSON.parse(r.out).output, bahdanau.context, 'context');
  });
  test('a missing score parameter exits 1 naming it', () => {
    const r = cli('compute', tutorial, '--score', 'general');
    assert.equal(r.code, 1);
    assert.match(r.err, /the general score needs W_a/);
  });
  test('every --score of CLI-SPEC is accepted; others exit 2', () => {
    for (const s of ['dot', 'scaled_dot', 'cosine']) assert.equal(cli('compute', tutorial, '--score', s).code, 0, s);
    assert.equal(cli('compute', tutorial, '--score', 'bilinear').code, 2);
    assert.equal(cli('compute', tutorial, '--heads', '1.5').code, 2);
  });
});

describe('node dist/cli.js matrices', () => {
  test('lists every definition in source order with 0-based ranges', () => {
    const j = JSON.parse(cli('matrices', tutorial, '--json').out) as { name: string; shape: number[]; values: number[][]; range: { start: { line: number } } }[];
    assert.deepEqual(j.map((m) => m.name), ['word_1', 'word_2', 'word_3', 'word_4', 'words', 'W_Q', 'W_K', 'W_V', 'Q', 'K', 'V', 'scores', 'weights', 'attention']);
    assert.deepEqual(j[0].shape, [1, 3]);
    for (const m of j) assertClose(m.values, numpy[m.name], m.name);
    const lines = readFileSync(tutorial, 'utf8').split('\n');
    assert.ok(lines[j[5].range.start.line].startsWith('W_Q = '));
  });
  test('a name defined twice appears twice', () => {
    const j = JSON.parse(cli('matrices', file('twice.py', 'A = [[1]]\nA = [[2, 3]]\n'), '--json').out);
    assert.deepEqual(j.map((m: { name: string; shape: number[] }) => [m.name, m.shape]), [['A', [1, 1]], ['A', [1, 2]]]);
  });
  test('notebooks: code cells in order form one program', () => {
    const nb = file('nb.ipynb', JSON.stringify({ cells: [
      { cell_type: 'code', source: 'import numpy as np\nX = np.eye(2)\n' },
      { cell_type: 'markdown', source: 'text' },
      { cell_type: 'code', source: 'Y = X * 3\n' },
    ] }));
    const j = JSON.parse(cli('matrices', nb, '--json').out);
    assert.deepEqual(j.map((m: { name: string; values: number[][] }) => [m.name, m.values]), [['X', [[1, 0], [0, 1]]], ['Y', [[3, 0], [0, 3]]]]);
  });
});

describe('node dist/cli.js: names left unknown, with their reasons (issue 8)', () => {
  const program = file('unknowns.py', 'import numpy as np\nimport tokenizer\nX = np.eye(2)\nW = tokenizer.embed(X)\nY = W @ X\nZ = np.array([[1, 2], [3]])\n');
  test('matrices --json: stdout stays the array; each unknown name is a JSON line on stderr', () => {
    const r = cli('matrices', program, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.ok(Array.isArray(j));
    assert.deepEqual(j.map((m: { name: string }) => m.name), ['X']);
    const lines = r.err.trim().split('\n').map((l) => JSON.parse(l));
    const unknown = lines.filter((l) => l.unknown).map((l) => l.unknown);
    assert.deepEqual(unknown.map((u: { name: string; line: number }) => [u.name, u.line]), [['W', 3], ['Y', 4], ['Z', 5]]);
    assert.equal(lines.filter((l) => l.problem).length, 1);
  });
  test('matrices --json --report: one object with the matrices, the unknown names and the problems', () => {
    const r = cli('matrices', program, '--json', '--report');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const j = JSON.parse(r.out);
    assert.deepEqual(Object.keys(j), ['matrices', 'unknown', 'problems']);
    assert.deepEqual(j.matrices, JSON.parse(cli('matrices', program, '--json').out));
    assert.deepEqual(j.unknown.map((u: { name: string; line: number }) => [u.name, u.line]), [['W', 3], ['Y', 4], ['Z', 5]]);
    assert.match(j.unknown[0].reason, /^W is unknown from line 4: /);
    assert.match(j.unknown[1].reason, /^Y is unknown from line 5: it depends on W, unknown from line 4: /);
    assert.deepEqual(j.problems.map((p: { message: string }) => p.message), ['Z (line 6): ragged rows: row 1 has 1 entries but row 0 has 2']);
  });
  test('--report without --json is a usage error', () => {
    const r = cli('matrices', program, '--report');
    assert.equal(r.code, 2);
    assert.match(r.err, /--report changes the --json output/);
  });
  test('compute --json lists the unknown names too', () => {
    const p = file('unknownCompute.py', 'import numpy as np\nimport tokenizer\nQ = K = V = np.eye(2)\nW = tokenizer.embed(Q)\n');
    const r = cli('compute', p, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.unknown.map((u: { name: string; line: number }) => [u.name, u.line]), [['W', 3]]);
  });
});
