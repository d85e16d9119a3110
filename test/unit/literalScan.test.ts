/**
 * The numeric-literal fast path (src/core/parse/python/literalScan.ts) against the evaluator's tree walk, on
 * generated programs: the matrices (bits, names, ranges) and the problems must be the same with the fast path
 * on and off, including the literals it must leave to the walk and the nesting limit. Also the plain-number
 * shortcut of element.ts against mathjs.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { create, parseDependencies } from 'mathjs';
import { evaluateElement } from '../../src/core/parse/element';
import { extractPython } from '../../src/core/parse/python/extract';
import { scanNumericList, setLiteralFastPath } from '../../src/core/parse/python/literalScan';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../src/core/parse/types';
import { loader } from './helpers/loader';
import { xorshift32 } from './helpers/xorshift';

after(() => setLiteralFastPath(true));

const rng = xorshift32;

/** A number as people write them: ints, decimals, exponents, signs, `5.`, `.5`, `-0`, long mantissas. */
function numberText(next: () => number): string {
  const u = next();
  const sign = next() < 0.3 ? '-' : next() < 0.05 ? '+' : '';
  if (u < 0.2) return sign + String(Math.floor(next() * 1000));
  if (u < 0.4) return sign + (next() * 10).toFixed(Math.floor(next() * 18));
  if (u < 0.55) return sign + (next() * 10).toExponential(Math.floor(next() * 16)).replace('e+', next() < 0.5 ? 'e' : 'E+');
  if (u < 0.62) return sign + `${Math.floor(next() * 10)}.`;
  if (u < 0.69) return sign + `.${Math.floor(next() * 1e6)}`;
  if (u < 0.72) return `${sign}0`;
  if (u < 0.75) return sign + `${Math.floor(next() * 9) + 1}e-${Math.floor(next() * 330)}`;
  if (u < 0.78) return sign + '1.7976931348623157e308';
  return sign + String(next());
}

const space = (next: () => number): string => [' ', '', '  ', '\n    ', '\n', '\t'][Math.floor(next() * 6)];

function literalText(next: () => number, depth: number): string {
  const n = Math.floor(next() * 5);
  const items = Array.from({ length: n }, () => (depth > 0 && next() < 0.6 ? literalText(next, depth - 1) : numberText(next)));
  return `[${space(next)}${items.join(`,${space(next)}`)}${n && next() < 0.2 ? ',' : ''}${space(next)}]`;
}

/** Literals the fast path must leave to the tree walk (and the walk reads, or reports). */
const OTHERS = ['[1, 2j]', '[0x1F, 2]', '[1_000, 2]', '[0o17, 1]', '[0b101, 1]', '[- 1, 2]', '[--1, 2]', '[1, # one\n 2]', '[a, 2]', '[(1), 2]', '[1, *b]',
  '[0123, 1]', '[1e, 2]', '[1, 2 3]', '[True, 2]', '[1.5.2]', '[1, 2] \\\n', '[\n  1,\\\n  2]', '[math.pi, 1]', '[1, -1e-5, 2]'];

async function extractBoth(program: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<[unknown, unknown]> {
  const sources = [{ text: program, language: 'python' as const }];
  setLiteralFastPath(true);
  const fast = await extractPython(loader, sources, undefined, limits).catch((e: Error) => ({ thrown: e.message }));
  setLiteralFastPath(false);
  const walked = await extractPython(loader, sources, undefined, limits).catch((e: Error) => ({ thrown: e.message }));
  setLiteralFastPath(true);
  return [fast, walked];
}

describe('numeric list literals: fast path = tree walk', () => {
  test('400 generated programs (np.array of nested literals, plain lists, ragged rows)', async () => {
    const next = rng(12);
    const lines = ['import numpy as np', 'b = [1, 2]', 'a = 3'];
    for (let i = 0; i < 400; i++) {
      const lit = literalText(next, 1 + Math.floor(next() * 3));
      lines.push(next() < 0.5 ? `M${i} = np.array(${lit})` : `M${i} = ${lit}`);
    }
    const [fast, walked] = await extractBoth(lines.join('\n'));
    assert.deepStrictEqual(fast, walked);
  });
  test('rectangular literals of every number form, as users write them', async () => {
    const next = rng(99);
    const lines = ['import numpy as np'];
    for (let i = 0; i < 60; i++) {
      const rows = 1 + Math.floor(next() * 6), cols = 1 + Math.floor(next() * 6);
      const body = Array.from({ length: rows }, () => `[${Array.from({ length: cols }, () => numberText(next)).join(', ')}]`).join(',\n    ');
      lines.push(`W${i} = np.array([\n    ${body}\n])`);
    }
    const [fast, walked] = await extractBoth(lines.join('\n'));
    assert.deepStrictEqual(fast, walked);
    assert.ok(((fast as { matrices: unknown[] }).matrices).length >= 60);
  });
  for (const text of OTHERS) {
    test(`left to the walk: ${JSON.stringify(text)}`, async () => {
      const [fast, walked] = await extractBoth(`import numpy as np\na = 1\nb = [3]\nmath = np\nX = np.array([${text}, ${text}])\nY = ${text}\n`);
      assert.deepStrictEqual(fast, walked);
    });
  }
  test('rows read in one piece (JSON-compatible or split): int/float literals, -0, huge and leading-zero ints', async () => {
    const rows = ['[1, 2, 3]', '[2.0, 3, -0, -0.0]', '[1e400, -1e400, 5e-324, 1e-400]', '[+1, .5, 5., -.5e3,]', '[ ]', '[7,]', '[9007199254740991, 2]',
      '[9007199254740993, 2]', '[1' + '0'.repeat(400) + ', 2]', '[00, 1]', '[00.5, 1]', '[0e0, 0]', '[-1, +2.5E+3, 3]', '[\t1 ,\r\n 2\n]', '[1e5, 100000]', '[2.5, 1, 0.0]'];
    const lines = ['import numpy as np'];
    rows.forEach((r, i) => lines.push(`A${i} = ${r}`, `B${i} = np.array([${r}, ${r}])`, `C${i} = np.array(${r})`));
    const [fast, walked] = await extractBoth(lines.join('\n'));
    assert.deepStrictEqual(fast, walked);
    assert.deepStrictEqual(scanNumericList('[2.0, 3, -0, -0.0, 1e2]', 64), { kind: 'list', items: [2, 3, 0, -0, 100], tuple: false, names: [null, null, null, null, null], floats: [true, false, false, true, true] });
    assert.deepStrictEqual(scanNumericList('[+1, .5, 5.,]', 64), { kind: 'list', items: [1, 0.5, 5], tuple: false, names: [null, null, null], floats: [false, true, true] });
    assert.equal(scanNumericList('[9007199254740993, 2]', 64), undefined);
    assert.equal(scanNumericList('[00, 2]', 64), undefined);
  });
  test('the nesting limit is reported the same way', async () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxNestingDepth: 6 };
    for (let depth = 1; depth <= 8; depth++) {
      const lit = '['.repeat(depth) + '-1, 2' + ']'.repeat(depth);
      const [fast, walked] = await extractBoth(`import numpy as np\nX = np.array(${lit})\nY = ${lit}\n`, limits);
      assert.deepStrictEqual(fast, walked, `depth ${depth}`);
    }
  });
  test('large literals (blanked for tree-sitter): matrices, ragged rows, strings, comments, subscripts, functions', async () => {
    const next = rng(21);
    const big = (rows: number, cols: number): string => `[\n${Array.from({ length: rows }, () => `    [${Array.from({ length: cols }, () => numberText(next)).join(', ')}],`).join('\n')}\n]`;
    const ragged = `[\n${Array.from({ length: 9 }, (_, i) => `    [${Array.from({ length: i === 5 ? 7 : 8 }, () => numberText(next)).join(', ')}],`).join('\n')}\n]`;
    const program = [
      'import numpy as np',
      `X = np.array(${big(40, 8)})`,
      `W_Q = ${big(8, 8)}`,
      `s = "${big(3, 30).replace(/\n/g, ' ')}"`,
      `# comment ${big(3, 30).replace(/\n/g, ' ')}`,
      `t = '''${big(4, 30)}'''`,
      `a = np.zeros((100, 100))`,
      `y = a[${Array.from({ length: 2 }, () => 3).join(', ')}${' '.repeat(300)}]`,
      `def f():\n    return np.array(${big(6, 10)})`,
      'F1 = f()', 'F2 = f()',
      `T3 = np.array([${big(3, 20)}, ${big(3, 20)}])`,
      `R = np.array(${ragged})`,
      `B = np.array(${big(2, 60)}) @ np.array(${big(60, 2)})`,
    ].join('\n');
    const [fast, walked] = await extractBoth(program);
    assert.deepStrictEqual(fast, walked);
    const found = fast as { matrices: { name: string }[]; problems: unknown[] };
    for (const name of ['X', 'W_Q', 'F1', 'F2', 'B']) assert.ok(found.matrices.some((m) => m.name === name), name);
    assert.ok(found.problems.length > 0, 'the ragged literal is reported');
  });
  test('the nesting limit on large literals is reported the same way', async () => {
    for (const maxNestingDepth of [4, 5, 6, 7, 8]) {
      const limits = { ...DEFAULT_PARSE_LIMITS, maxNestingDepth };
      const row = `[${Array.from({ length: 40 }, (_, i) => (i % 2 ? `-${i}.5` : `${i}`)).join(', ')}]`;
      const program = `import numpy as np\nX = np.array([${row}, ${row}])\nY = [[${row}]]\nZ = np.array([${row.replace(/-/g, '')}, ${row.replace(/-/g, '')}])\n`;
      const [fast, walked] = await extractBoth(program, limits);
      assert.deepStrictEqual(fast, walked, `maxNestingDepth ${maxNestingDepth}`);
    }
  });
  test('the scan itself: value, names, and what it refuses', () => {
    // Python's int -0 is 0 ([-0, 1.5e3] prints [0, 1500.0]); only a float literal is -0.0.
    assert.deepStrictEqual(scanNumericList('[ -0, 1.5e3 ,[.5, 2.]]', 64), {
      kind: 'list', items: [0, 1500, { kind: 'list', items: [0.5, 2], tuple: false, names: [null, null], floats: [true, true] }], tuple: false, names: [null, null, null], floats: [false, true, false],
    });
    for (const t of OTHERS.slice(0, -1)) assert.equal(scanNumericList(`[${t}]`, 64), undefined, t);
  });
});

describe('element expressions: plain numbers skip mathjs with the same value', () => {
  const { parse } = create({ parseDependencies });
  const viaMathjs = (text: string): number => {
    const node = parse(text) as unknown as { type: string; value?: number; fn?: string; args?: { value: number }[] };
    if (node.type === 'ConstantNode') return node.value as number;
    const v = (node.args as { value: number }[])[0].value;
    return node.fn === 'unaryMinus' ? -v : v;
  };
  test('2000 generated literals', () => {
    const next = rng(4);
    for (let i = 0; i < 2000; i++) {
      const t = numberText(next);
      assert.ok(Object.is(evaluateElement(t, 'x'), viaMathjs(t)), t);
    }
  });
});
