/**
 * The matrix notations: MATLAB/Octave, Julia, LaTeX (in .tex and Markdown), R, the C family (C, C++, Java,
 * C#, Rust, Go), Mathematica, and TensorFlow.js typed arrays. The examples in examples/notations/ and the
 * computed entries are checked against NumPy (test/fixtures/notations.json, made by
 * scripts/fixtures/make_notation_fixtures.py); plain literals against the exact values written here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { InputError } from '../../src/core/errors';
import { toRows } from '../../src/core/matrix/matrix';
import { extractMatrices, languageForFile, notebookSources } from '../../src/core/parse/index';
import type { Extraction, FoundMatrix, LanguageId, SourceDocument, Target } from '../../src/core/parse/types';
import { latexToArithmetic } from '../../src/core/parse/latex/element';
import { loader } from './helpers/loader';
import { assertClose } from './helpers/numbers';

interface Fixtures {
  examples: Record<string, { matrices: Record<string, number[][]>; output: number[][] }>;
  elements: Record<string, [string, number | null][]>;
}
const fixtures = JSON.parse(readFileSync('test/fixtures/notations.json', 'utf8')) as Fixtures;

const run = (text: string, language: LanguageId, target?: Target): Promise<Extraction> => extractMatrices(loader, [{ text, language }], target);
/** The matrices of `text` as `name → rows`, asserting there are no problems. */
const found = async (text: string, language: LanguageId): Promise<readonly FoundMatrix[]> => {
  const r = await run(text, language);
  assert.deepEqual(r.problems.map((p) => p.message), []);
  return r.matrices;
};
const values = async (text: string, language: LanguageId): Promise<Record<string, number[][]>> =>
  Object.fromEntries((await found(text, language)).map((m) => [m.name ?? '(literal)', toRows(m.matrix)]));
const problems = async (text: string, language: LanguageId): Promise<string[]> => (await run(text, language)).problems.map((p) => p.message);
const range = (m: FoundMatrix): string => `${m.range.start.line}:${m.range.start.character}-${m.range.end.line}:${m.range.end.character}`;

describe('examples/notations vs NumPy (test/fixtures/notations.json)', () => {
  for (const [file, expected] of Object.entries(fixtures.examples)) {
    test(file, async () => {
      const language = languageForFile(file);
      assert.ok(language && language !== 'notebook', file);
      const sources: SourceDocument[] = [{ text: readFileSync(`examples/notations/${file}`, 'utf8'), language }];
      const r = await extractMatrices(loader, sources);
      assert.deepEqual(r.problems, []);
      for (const [name, rows] of Object.entries(expected.matrices)) {
        const m = r.matrices.find((x) => x.name === name);
        assert.ok(m, `${file}: ${name} not found (found ${r.matrices.map((x) => x.name).join(', ')})`);
        assertClose(m.matrix, rows, `${file}: ${name}`);
      }
      const a = await analyze(loader, { sources });
      assert.ok(a.ok, a.ok ? '' : a.error.message);
      if (a.ok) assertClose(a.value.result.output, expected.output, `${file}: output`);
    });
  }
  test('node dist/cli.js compute FILE --json reproduces NumPy for every example', () => {
    for (const [file, expected] of Object.entries(fixtures.examples)) {
      const r = spawnSync(process.execPath, ['dist/cli.js', 'compute', `examples/notations/${file}`, '--json'], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, `${file}: ${r.stderr}${r.stdout}`);
      assertClose((JSON.parse(r.stdout) as { output: number[][] }).output, expected.output, `${file}: CLI output`);
    }
  });
});

describe('computed entries vs NumPy (fixtures "elements")', () => {
  const snippet: Record<string, (e: string) => [string, LanguageId]> = {
    latex: (e) => [`$$A = \\begin{bmatrix} ${e} & 0 \\end{bmatrix}$$`, 'markdown'],
    matlab: (e) => [`A = [${e}, 0];`, 'matlab'],
    julia: (e) => [`A = [${e}, 0]`, 'julia'],
    r: (e) => [`A <- c(${e}, 0)`, 'r'],
    cpp: (e) => [`double A[2] = {${e}, 0};`, 'cpp'],
    rust: (e) => [`let a = [${e}, 0.0];`, 'rust'],
    java: (e) => [`double[] a = {${e}, 0};`, 'java'],
    csharp: (e) => [`double[] a = {${e}, 0};`, 'csharp'],
    go: (e) => [`a := []float64{${e}, 0}`, 'go'],
    mathematica: (e) => [`a = {${e}, 0}`, 'mathematica'],
  };
  for (const [language, cases] of Object.entries(fixtures.elements)) {
    test(language, async () => {
      for (const [text, value] of cases) {
        const [src, lang] = snippet[language](text);
        const ms = await found(src, lang);
        if (value === null) {
          assert.equal(ms.length, 0, `${language}: ${text} is not a number the parser models`);
          continue;
        }
        assert.equal(ms.length, 1, `${language}: ${text}`);
        assertClose([[toRows(ms[0].matrix)[0][0]]], [[value]], `${language}: ${text}`);
      }
    });
  }
  test('LaTeX entries that are not numbers are undefined, not errors', () => {
    for (const tex of ['q_{11}', '\\cdots', '\\alpha', '\\frac{1}', '{', '', '\\frac{1}{d_k}']) assert.equal(latexToArithmetic(tex), undefined, tex);
    assert.equal(latexToArithmetic('\\frac{1}{2}'), '(((1))/((2)))');
  });
});

describe('MATLAB / Octave', () => {
  test('spaces, commas, semicolons and newlines; continuations between and inside rows; comments', async () => {
    const src = [
      'X = [1 0 1;      % first token',
      '     0 2 0       # Octave comment',
      '     1, 1, 1];',
      'W = [1 2 ...  continuation comment',
      '     3; 4 5 6];',
      'V = [1, 2; ...',
      '     3, 4]',
      '%{',
      'Z = [9 9]',
      '%}',
    ].join('\n');
    assert.deepEqual(await values(src, 'matlab'), { X: [[1, 0, 1], [0, 2, 0], [1, 1, 1]], W: [[1, 2, 3], [4, 5, 6]], V: [[1, 2], [3, 4]] });
  });
  test('a unary minus after a space is an entry: [1 -2] is two entries, [1 - 2] one (MATLAB’s rule)', async () => {
    assert.deepEqual(await values('a = [1 -2];\nb = [1 - 2];\nc = [1 , -2 +3];\nd = [2 -1 - 1];\n', 'matlab'), { a: [[1, -2]], b: [[-1]], c: [[1, -2, 3]], d: [[2, -2]] });
  });
  test('transposes, [1; 2; 3] is 3 × 1, element expressions, rows from named vectors', async () => {
    const ms = await found("W = [1 2 3; 4 5 6]';\nc = [1; 2; 3];\ne = [sqrt(2)/2 pi .5 2.^2];\nw1 = [1 0];\nw2 = [0 1];\nX = [w1; w2];\nY = [w1' w2'];\n", 'matlab');
    const byName = Object.fromEntries(ms.map((m) => [m.name, m]));
    assert.deepEqual(toRows(byName.W.matrix), [[1, 4], [2, 5], [3, 6]]);
    assert.deepEqual(toRows(byName.c.matrix), [[1], [2], [3]]);
    assert.deepEqual(toRows(byName.e.matrix), [[Math.SQRT2 / 2, Math.PI, 0.5, 4]]);
    assert.deepEqual(byName.X.rowLabels, ['w1', 'w2']);
    assert.deepEqual(toRows(byName.Y.matrix), [[1, 0], [0, 1]]);
  });
  test('non-matrix uses are ignored: max(A, [], 2), indexing, multiple outputs, strings, calls', async () => {
    const src = "A = [1 2; 3 4];\nm = max(A, [], 2);\ny = A(1, :);\n[q, r] = qr(A);\ns = 'it''s [1 2]'; t = \"x [3 4]\";\nplot([1 2 3]);\nB = [1 2] * 3;\nC = [a b];\n";
    assert.deepEqual((await found(src, 'matlab')).map((m) => m.name), ['A']);
  });
  test('names, ranges (the whole statement, with its ;) and anonymous literals', async () => {
    const ms = await found('W_Q = [1 0;\n       0 1];\n[5 6; 7 8]\nparams.W_K = [1 2];', 'matlab');
    assert.deepEqual(ms.map((m) => [m.name, range(m)]), [['W_Q', '0:0-1:12'], [null, '2:0-2:10'], ['params.W_K', '3:0-3:19']]);
  });
  test('ragged rows are a problem naming the matrix and its line', async () => {
    assert.deepEqual(await problems('% weights\nW_K = [1 2 3\n       4 5];\n', 'matlab'), ['W_K (line 2): ragged rows: row 1 has 2 entries but row 0 has 3']);
  });
  test('ranges count UTF-16 code units, as VS Code does', async () => {
    const ms = await found("s = '𝛼é'; W = [1 2];", 'matlab');
    assert.equal(range(ms[0]), '0:11-0:21');
  });
  test('a selection reports only the statements it overlaps', async () => {
    const r = await run('A = [1 2];\nB = [3 4];\nC = [5 6];\n', 'matlab', { source: 0, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } });
    assert.deepEqual(r.matrices.map((m) => m.name), ['B']);
  });
});

describe('Julia', () => {
  test('rows on new lines without ;, rows with ;, -1.0 after a space is an entry', async () => {
    const src = 'X = [1.0 0.0 1.0\n     0.0 2.0 0.0   # comment\n     1.0 1.0 1.0]\nW = [1 -1.0; 0.5 2]\nb = [1 - 2]\n';
    assert.deepEqual(await values(src, 'julia'), { X: [[1, 0, 1], [0, 2, 0], [1, 1, 1]], W: [[1, -1], [0.5, 2]], b: [[-1]] });
  });
  test('vectors are shown 1 × n; [v1 v2] puts them side by side, [v1, v2] and [v1\'; v2\'] as rows', async () => {
    const src = "v = [1, 2, 3]\nc = [1; 2; 3]\nx1 = [1, 0]\nx2 = [2, 3]\nB = [x1 x2]\nC = [x1, x2]\nA = [x1'; x2']\nD = [[1, 2], [3, 4]]\n";
    const ms = await found(src, 'julia');
    const v = Object.fromEntries(ms.map((m) => [m.name, toRows(m.matrix)]));
    assert.deepEqual(v, { v: [[1, 2, 3]], c: [[1, 2, 3]], x1: [[1, 0]], x2: [[2, 3]], B: [[1, 2], [0, 3]], C: [[1, 0], [2, 3]], A: [[1, 0], [2, 3]], D: [[1, 2], [3, 4]] });
    assert.deepEqual(ms.find((m) => m.name === 'C')?.rowLabels, ['x1', 'x2']);
  });
  test('typed literals, const and annotated names, adjoints, Unicode', async () => {
    const src = "const W_Q = Float64[1 2; 3 4]\nW_K::Matrix{Float64} = [1 2; 3 4]'\nE = [1/√2 π 2π 1//2 1.5f0]\n";
    assert.deepEqual(await values(src, 'julia'), { W_Q: [[1, 2], [3, 4]], W_K: [[1, 3], [2, 4]], E: [[1 / Math.sqrt(2), Math.PI, 2 * Math.PI, 0.5, 1.5]] });
  });
  test('comments, strings, characters and indexing never yield matrices', async () => {
    const src = '#= block [9 9]\n #= nested =# =#\ns = "[1 2]"; c = \'[\'\nr = raw"[3 4]"\ny = A[1, 2]\nA = [5 6]  # [7 8]\n';
    assert.deepEqual((await found(src, 'julia')).map((m) => m.name), ['A']);
  });
  test('ranges and ragged rows', async () => {
    const ms = await found('W_V = [1 2\n       3 4]', 'julia');
    assert.equal(range(ms[0]), '0:0-1:11');
    assert.deepEqual(await problems('X = [1 2\n     3]\n', 'julia'), ['X (line 1): ragged rows: row 1 has 1 entries but row 0 has 2']);
  });
});

describe('LaTeX in .tex files', () => {
  test('every matrix environment; rows by \\\\, columns by &; named by what precedes them', async () => {
    const src = [
      '\\begin{equation}',
      'Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, \\quad',
      'W_{Q} = \\begin{pmatrix} 1 & 2 \\end{pmatrix}, W^K = \\begin{vmatrix} 3 \\end{vmatrix},',
      '\\mathbf{K} = \\begin{Bmatrix} 4 & 5 \\end{Bmatrix}, \\mathbf{W}_V = \\begin{matrix} 6 \\end{matrix}',
      '\\end{equation}',
      'Then $S = QK^\\top = \\begin{smallmatrix} 7 \\end{smallmatrix}$ and $K^\\top = \\begin{bmatrix*}[r] 8 \\end{bmatrix*}$.',
      '\\[ X = \\left[\\begin{array}{c|c} 1 & 2 \\\\ \\hline 3 & 4 \\\\ \\end{array}\\right] \\]',
    ].join('\n');
    const ms = await found(src, 'latex');
    assert.deepEqual(ms.map((m) => [m.name, toRows(m.matrix)]), [
      ['Q', [[1, 0], [0, 1]]], ['W_Q', [[1, 2]]], ['W_K', [[3]]], ['K', [[4, 5]]], ['W_V', [[6]]], ['S', [[7]]], ['K^T', [[8]]], ['X', [[1, 2], [3, 4]]],
    ]);
    assert.equal(range(ms[7]), '6:3-6:75');
  });
  test('entries with \\frac, \\dfrac, \\sqrt, -, \\cdot, \\times, decimals and \\pi', async () => {
    const src = 'A = \\begin{bmatrix} \\frac{1}{2} & \\dfrac{3}{4} & -\\sqrt{2} \\\\ 2 \\cdot 3 & 2 \\times 0.5 & \\pi \\end{bmatrix}';
    assert.deepEqual(await values(src, 'latex'), { A: [[0.5, 0.75, -Math.SQRT2], [6, 1, Math.PI]] });
  });
  test('comments and verbatim material are not read; symbolic matrices are skipped quietly', async () => {
    const src = '% A = \\begin{bmatrix} 1 \\end{bmatrix}\n\\verb|\\begin{bmatrix} 2 \\end{bmatrix}|\n\\begin{verbatim}\n\\begin{bmatrix} 3 \\end{bmatrix}\n\\end{verbatim}\n$Q = \\begin{bmatrix} q_{11} & \\cdots \\\\ \\vdots & \\ddots \\end{bmatrix}$ 50\\% $B = \\begin{bmatrix} 4 \\end{bmatrix}$';
    assert.deepEqual(await values(src, 'latex'), { B: [[4]] });
  });
  test('ragged rows are a problem naming the matrix and its line', async () => {
    assert.deepEqual(await problems('\\section{x}\n\n$$W_K = \\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 \\end{bmatrix}$$', 'latex'), ['W_K (line 3): ragged rows: row 1 has 2 entries but row 0 has 3']);
    assert.deepEqual(await problems('$\\begin{pmatrix} 1 \\\\ 2 & 3 \\end{pmatrix}$', 'latex'), ['pmatrix (line 1): ragged rows: row 1 has 2 entries but row 0 has 1']);
  });
});

describe('LaTeX in Markdown', () => {
  const md = [
    '# Notes', // 0
    'Inline $Q = \\begin{bmatrix} 1 & 2 \\end{bmatrix}$ math.', // 1
    '$$', // 2
    'K = \\begin{pmatrix} 3 \\\\ 4 \\end{pmatrix}', // 3
    '$$', // 4
    '\\[ V = \\begin{bmatrix} 5 \\end{bmatrix} \\]', // 5
    '\\begin{equation} W = \\begin{bmatrix} 6 \\end{bmatrix} \\end{equation}', // 6
    '```python', // 7
    'K = np.array([[9]])  # $$\\begin{bmatrix} 9 \\end{bmatrix}$$', // 8
    '```', // 9
    'Outside math \\begin{bmatrix} 7 \\end{bmatrix}, in code `$\\begin{bmatrix} 8 \\end{bmatrix}$`, and \\$5 \\$6.', // 10
    '```math', // 11
    'M = \\begin{bmatrix} 10 \\end{bmatrix}', // 12
    '```', // 13
    '<!-- $C = \\begin{bmatrix} 11 \\end{bmatrix}$ -->', // 14
  ].join('\n');
  test('$…$, $$…$$, \\[…\\], equation and ```math are read; code, comments and plain text are not', async () => {
    const ms = await found(md, 'markdown');
    assert.deepEqual(ms.map((m) => [m.name, toRows(m.matrix), m.range.start.line]), [
      ['Q', [[1, 2]], 1], ['K', [[3], [4]], 3], ['V', [[5]], 5], ['W', [[6]], 6], ['M', [[10]], 12],
    ]);
    assert.equal(range(ms[0]), '1:8-1:47');
  });
  test('notebook markdown cells contribute LaTeX matrices', async () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['Let $W_Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}$.\n'] }, { cell_type: 'code', source: 'import numpy as np\nX = np.eye(2)\n' }] });
    const r = await extractMatrices(loader, notebookSources(nb));
    assert.deepEqual(r.matrices.map((m) => `${m.name}@${m.source}`), ['W_Q@0', 'X@1']);
  });
});

describe('R', () => {
  test('matrix(): byrow = TRUE, R’s column-major default, nrow/ncol inferred, partial names, ranges 1:6', async () => {
    const src = 'A <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 2, byrow = TRUE)\nB <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 2)\nC = matrix(1:6, ncol = 2, byrow = FALSE)\nD <- matrix(1:4, nr = 2, b = T)\nE <- matrix(0, 2, 2)\n';
    assert.deepEqual(await values(src, 'r'), { A: [[1, 2, 3], [4, 5, 6]], B: [[1, 3, 5], [2, 4, 6]], C: [[1, 4], [2, 5], [3, 6]], D: [[1, 2], [3, 4]], E: [[0, 0], [0, 0]] });
  });
  test('rbind and cbind; -> and =; rows named after the vectors bound', async () => {
    const src = 'x1 <- c(1, 0)\nx2 <- c(0, 1)\nX <- rbind(x1, x2)\nrbind(a = c(1, 2), b = c(3, 4)) -> Y\nZ = cbind(c(1, 2), c(3, 4))\n';
    const ms = await found(src, 'r');
    assert.deepEqual(ms.map((m) => [m.name, toRows(m.matrix), m.rowLabels ?? null]), [
      ['x1', [[1, 0]], null], ['x2', [[0, 1]], null], ['X', [[1, 0], [0, 1]], ['x1', 'x2']], ['Y', [[1, 2], [3, 4]], ['a', 'b']], ['Z', [[1, 3], [2, 4]], null],
    ]);
    assert.equal(range(ms[3]), '3:0-3:36');
  });
  test('comments and strings never yield matrices; numbers are not matrices; function bodies are read', async () => {
    const src = '# W <- matrix(c(1, 2), 1)\ns <- "matrix(c(1, 2), 1)"\nd_k <- 2\nf <- function(x) {\n  inner <- rbind(c(1, 2), c(3, 4))  # inside a function\n  inner\n}\n';
    assert.deepEqual((await found(src, 'r')).map((m) => m.name), ['inner']);
  });
  test('t(), diag(), %*%, sqrt() and names defined earlier', async () => {
    const src = 'X <- diag(2)\nW <- t(matrix(1:4, 2))\nQ <- X %*% W / sqrt(4)\n';
    assert.deepEqual(await values(src, 'r'), { X: [[1, 0], [0, 1]], W: [[1, 2], [3, 4]], Q: [[0.5, 1], [1.5, 2]] });
  });
  test('ragged rbind and data that do not fill a matrix are problems naming the matrix and its line', async () => {
    assert.deepEqual(await problems('# weights\nW_K <- rbind(c(1, 2, 3), c(4, 5))\nW_V <- matrix(1:5, nrow = 2)\n', 'r'), [
      'W_K (line 2): ragged rows: row 1 has 2 entries but row 0 has 3',
      'W_V (line 3): matrix: 5 data entries do not fill 2 × 3 (R would recycle them with a warning)',
    ]);
  });
});

describe('C, C++, Java, C#, Rust, Go, Mathematica', () => {
  test('C: double W[2][3] = {{…}, {…}}; suffixes, trailing commas, comments, strings and characters', async () => {
    const src = '#define BAD {{9, 9}}\n/* double Z[1][1] = {{8}}; */\nconst char *s = "{{1, 2}}"; char c = \'{\';\ndouble W[2][3] = {\n  {0.5f, 1.0L, 2u},  // first row\n  {1e-3f, -4, 0x10,},\n};\n';
    const ms = await found(src, 'c');
    assert.deepEqual(ms.map((m) => [m.name, toRows(m.matrix), range(m)]), [['W', [[0.5, 1, 2], [1e-3, -4, 16]], '3:0-6:2']]);
  });
  test('C++: brace initialisation, std::vector, std::array, raw strings, Eigen’s comma initializer', async () => {
    const src = 'auto r = R"x({{1, 2}})x";\nstd::vector<std::vector<double>> Q{{1, 0}, {0, 1}};\nstd::array<std::array<double, 2>, 2> K = {{ {1, 2}, {3, 4} }};\nEigen::MatrixXd V(2, 3);\nV << 1, 2, 3,\n     4, 5, std::sqrt(36.0);\nEigen::Matrix2d M;\nM << 1, 0, 0, 1;\nint main() { return 0; }\n';
    assert.deepEqual(await values(src, 'cpp'), { Q: [[1, 0], [0, 1]], K: [[1, 2], [3, 4]], V: [[1, 2, 3], [4, 5, 6]], M: [[1, 0], [0, 1]] });
  });
  test('Java: new double[][] {{…}}, nested new double[] {…}, wrapper calls, text blocks', async () => {
    const src = 'class A {\n  double[][] X = {{1, 0}, {0, 1}};\n  double[][] Q = new double[][] {new double[] {1d, 2}, new double[] {3, 4f}};\n  RealMatrix K = MatrixUtils.createRealMatrix(new double[][]{{1, 2}});\n  INDArray V = Nd4j.create(new double[]{1, 2, 3, 4, 5, 6}, new int[]{3, 2});\n  String t = """\n    {{1, 2}}\n    """;\n  void f() { for (int i = 0; i < 3; i++) { y[i] = 1; } }\n}\n';
    assert.deepEqual(await values(src, 'java'), { X: [[1, 0], [0, 1]], Q: [[1, 2], [3, 4]], K: [[1, 2]], V: [[1, 2], [3, 4], [5, 6]] });
  });
  test('C#: rectangular and jagged arrays, new[], collection expressions, verbatim strings', async () => {
    const src = 'static readonly double[,] X = { { 1, 0 }, { 0, 1 } };\nvar Q = new double[,] { { 1.5m, 2 } };\ndouble[][] K = [[1, 2], [3, 4]];\ndouble[][] V = new[] { new[] { 1.0, 2.0 } };\nstring s = @"{{1, ""2""}}";\n';
    assert.deepEqual(await values(src, 'csharp'), { X: [[1, 0], [0, 1]], Q: [[1.5, 2]], K: [[1, 2], [3, 4]], V: [[1, 2]] });
  });
  test('Rust: vec![vec![…]], [[f64; 2]; 2] = [[…]], array!, arr2(&[…]), repeats, reshaped slices, raw strings, lifetimes', async () => {
    const src = "const X: [[f64; 2]; 2] = [[1.0, 0.0], [0.0, 1.0]];\nfn f<'a>(s: &'a str) {\n  let q = vec![vec![1.0_f64, 2.0], vec![3.0, 4.0]];\n  let mut k: Array2<f64> = array![[1., 2.], [3., 4.]];\n  let v = ndarray::arr2(&[[5.0, 6.0]]);\n  let z = [[0.0f32; 2]; 2];\n  let n = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);\n  let m = DMatrix::from_vec(2, 2, vec![1.0, 2.0, 3.0, 4.0]);\n  let s = r#\"[[1.0, 2.0]]\"#;\n  let t = x[0];\n}\nstruct A { w: [[f64; 2]; 2] }\n";
    assert.deepEqual(await values(src, 'rust'), {
      X: [[1, 0], [0, 1]], q: [[1, 2], [3, 4]], k: [[1, 2], [3, 4]], v: [[5, 6]], z: [[0, 0], [0, 0]], n: [[1, 2, 3], [4, 5, 6]], m: [[1, 3], [2, 4]],
    });
  });
  test('Go: [][]float64{{…}}, typed inner literals, gonum’s NewDense, struct fields, raw strings', async () => {
    const src = 'var X = [][]float64{\n\t{1, 0},\n\t{0, 1},\n}\nfunc main() {\n\tQ := [2][2]float64{[2]float64{1, 2}, {3, 4}}\n\tvar K [][]float64 = [][]float64{{1_000, 2}}\n\tV := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\n\ta := Attention{WO: [][]float64{{7}}}\n\ts := `{{9}}`\n\tif len(X) > 0 {\n\t}\n}\n';
    assert.deepEqual(await values(src, 'go'), { X: [[1, 0], [0, 1]], Q: [[1, 2], [3, 4]], K: [[1000, 2]], V: [[1, 2], [3, 4]], WO: [[7]] });
  });
  test('Mathematica: W = {{1, 2}, {3, 4}};, // MatrixForm, :=, nested (* *) comments, Sqrt[2], bare lists', async () => {
    const src = '(* W = {{9}} (* nested *) *)\nW = {{1, 2}, {3, 4}};\nK = {{Sqrt[4], 1/2}} // MatrixForm\nV := {{Pi, 1.*^-3}}\ns = "{{1}}";\n{{5, 6}}\nf[{7, 8}]\n';
    const ms = await found(src, 'mathematica');
    assert.deepEqual(ms.map((m) => [m.name, toRows(m.matrix)]), [['W', [[1, 2], [3, 4]]], ['K', [[2, 0.5]]], ['V', [[Math.PI, 1e-3]]], [null, [[5, 6]]]]);
    assert.equal(range(ms[1]), '2:0-2:34');
  });
  test('Mathematica notebooks (.nb) are read through their input boxes; output cells are not', async () => {
    const nb = [
      'Notebook[{',
      'Cell["W = {{7}}", "Text"],',
      'Cell[BoxData[',
      ' RowBox[{"W", "=", RowBox[{"{", RowBox[{RowBox[{"{", RowBox[{"1", ",", FractionBox["1", "2"]}], "}"}], ",",',
      '  RowBox[{"{", RowBox[{SqrtBox["4"], ",", "\\[Pi]"}], "}"}]}], "}"}]}]], "Input", CellChangeTimes->{{3.9*^9, 3.9*^9}}],',
      'Cell[BoxData[RowBox[{"{", RowBox[{"{", RowBox[{"9", ",", "9"}], "}"}], "}"}]], "Output"]',
      '}]',
    ].join('\n');
    const ms = await found(nb, 'mathematica');
    assert.deepEqual(ms.map((m) => [m.name, toRows(m.matrix), range(m)]), [['W', [[1, 0.5], [2, Math.PI]], '3:10-4:64']]);
  });
  test('ragged rows and 3-D lists are problems naming the matrix and its line', async () => {
    assert.deepEqual(await problems('// weights\ndouble W_K[2][3] = {{1, 2, 3}, {4, 5}};\n', 'cpp'), ['W_K (line 2): ragged rows: row 1 has 2 entries but row 0 has 3']);
    assert.deepEqual(await problems('let t = vec![vec![vec![1.0]], vec![vec![2.0]]];', 'rust'), ['t (line 1): row 0 is itself a matrix; 3-D arrays are not supported']);
    assert.deepEqual(await problems('Eigen::MatrixXd W(2, 2);\nW << 1, 2, 3;\n', 'cpp'), ['W (line 2): the comma initializer has 3 entries but W is 2 × 2']);
  });
  test('code blocks in braces are not matrices, and matrices inside them are still found', async () => {
    const src = 'namespace ml {\nclass Attention {\n public:\n  int f() { if (x) { return 1; } return 0; }\n  double W[1][2] = {{1, 2}};\n};\n}\n';
    assert.deepEqual(await values(src, 'cpp'), { W: [[1, 2]] });
  });
});

describe('TensorFlow.js and math.js', () => {
  test('typed arrays and flat data reshaped by an explicit shape (row-major)', async () => {
    const src = 'const A = tf.tensor2d(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);\nconst B = tf.tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);\nconst C = tf.tensor2d([1, 2, 3, 4], [2, 2]);\nconst D = math.matrix([[1, 2]]);\nconst E = tf.tensor2d([[1, 2], [3, 4]], [2, 2]);\n';
    assert.deepEqual(await values(src, 'typescript'), { A: [[1, 2, 3], [4, 5, 6]], B: [[1, 2], [3, 4]], C: [[1, 2], [3, 4]], D: [[1, 2]], E: [[1, 2], [3, 4]] });
  });
  test('a shape that does not hold the data is a problem', async () => {
    assert.deepEqual(await problems('const W_K = tf.tensor2d([1, 2, 3], [2, 2]);\n', 'javascript'), ['W_K (line 1): shape [2, 2] needs 4 values but the data has 3']);
  });
});

describe('file types', () => {
  test('languageForFile maps every notation’s extensions', () => {
    const cases: Record<string, string> = {
      'a.m': 'matlab', 'a.jl': 'julia', 'a.tex': 'latex', 'a.md': 'markdown', 'a.R': 'r', 'a.r': 'r', 'a.c': 'c', 'a.h': 'c', 'a.cpp': 'cpp', 'a.cc': 'cpp',
      'a.hpp': 'cpp', 'A.java': 'java', 'a.cs': 'csharp', 'a.rs': 'rust', 'a.go': 'go', 'a.wl': 'mathematica', 'a.wls': 'mathematica', 'a.nb': 'mathematica',
    };
    for (const [file, lang] of Object.entries(cases)) assert.equal(languageForFile(file), lang, file);
  });
});

describe('notation parsers never throw (their time is linear in the input: npm run bench:linear)', () => {
  const NOTATIONS: LanguageId[] = ['matlab', 'julia', 'latex', 'markdown', 'r', 'c', 'cpp', 'java', 'csharp', 'rust', 'go', 'mathematica'];
  const soup = fc.array(fc.constantFrom('[', ']', '{', '}', '(', ')', ',', ';', ' ', '\n', '1', '-2.5', '0.5f', "'", '"', '%', '#', '//', '/*', '*/', '(*', '*)',
    '...', '$', '$$', '\\begin{bmatrix}', '\\end{bmatrix}', '&', '\\\\', '\\frac{1}{2}', 'W', '=', '<-', ':=', 'matrix(c(', 'rbind(', 'vec![', 'new double[][]', 'x\'', '`', '```', 'r#"', '@"', '<<'), { maxLength: 120 })
    .map((parts) => parts.join(''));
  test('token soup never throws', async () => {
    await fc.assert(fc.asyncProperty(soup, fc.constantFrom(...NOTATIONS), async (text, language) => {
      try {
        await run(text, language);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }), { numRuns: 600 });
  });
  test('deep nesting is a problem, not a crash', async () => {
    for (const [text, language] of [[`A = ${'['.repeat(300)}1${']'.repeat(300)}`, 'matlab'], [`a = ${'{'.repeat(300)}1${'}'.repeat(300)};`, 'cpp'], [`A <- ${'c('.repeat(300)}1${')'.repeat(300)}`, 'r']] as const) {
      const r = await run(text, language);
      assert.match(r.problems[0]?.message ?? '', /nested deeper than 64 levels/, language);
    }
  });
});
