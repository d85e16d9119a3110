/**
 * Hostile and unlucky inputs (issue 9): long operator chains and deep nesting in every notation end in a
 * value or a clear message, never a stack overflow; every scanner reads unclosed math and long runs of brackets
 * to an answer (in linear time: `npm run bench:linear`); the R evaluator has a work budget; the size limit counts a notebook's cells together;
 * JSON that is not a notebook is named as such.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors';
import { extractMatrices, notebookSources } from '../../src/core/parse/index';
import { DEFAULT_PARSE_LIMITS, type Extraction, type LanguageId } from '../../src/core/parse/types';
import { escapeMarkdown, matrixTable } from '../../src/shared/markdown';
import { HOSTILE_SCANNER_INPUTS, deepFailedCall } from './helpers/hostileInputs';
import { loader } from './helpers/loader';

/** Each notation with a statement that holds `e` as a matrix entry (and, where it has one, as a whole value). */
const HOSTS: readonly (readonly [LanguageId, (e: string) => string])[] = [
  ['python', (e) => `import numpy as np\nX = np.array([[${e}, 1], [2, 3]])\nY = ${e}\n`],
  ['javascript', (e) => `const X = [[${e}, 1], [2, 3]];\nconst Y = ${e};\n`],
  ['typescript', (e) => `const X: number[][] = [[${e}, 1], [2, 3]];\nlet Y = ${e};\n`],
  ['matlab', (e) => `X = [${e} 1; 2 3];\nY = ${e};\n`],
  ['julia', (e) => `X = [${e} 1; 2 3]\nY = ${e}\n`],
  ['r', (e) => `X <- matrix(c(${e}, 1, 2, 3), 2)\nY <- ${e}\n`],
  ['c', (e) => `double X[2][2] = {{${e}, 1}, {2, 3}};\n`],
  ['cpp', (e) => `std::vector<std::vector<double>> X = {{${e}, 1}, {2, 3}};\n`],
  ['java', (e) => `double[][] X = {{${e}, 1}, {2, 3}};\n`],
  ['csharp', (e) => `double[,] X = {{${e}, 1}, {2, 3}};\n`],
  ['rust', (e) => `let X = [[${e}, 1.0], [2.0, 3.0]];\n`],
  ['go', (e) => `X := [][]float64{{${e}, 1}, {2, 3}}\n`],
  ['mathematica', (e) => `X = {{${e}, 1}, {2, 3}};\n`],
  ['latex', (e) => `\\[ X = \\begin{bmatrix} ${e} & 1 \\\\ 2 & 3 \\end{bmatrix} \\]\n`],
  ['markdown', (e) => `$$ X = \\begin{bmatrix} ${e} & 1 \\\\ 2 & 3 \\end{bmatrix} $$\n`],
];

/** Runs the parser; only a documented InputError may come out (a RangeError is a stack overflow). */
async function survive(text: string, language: LanguageId): Promise<Extraction | InputError> {
  try {
    return await extractMatrices(loader, [{ text, language }]);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`${language}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

describe('long operator chains and deep nesting never overflow the stack', () => {
  const chains: Readonly<Record<string, string>> = {
    '1+1+… with 5,000 terms': Array(5000).fill('1').join('+'),
    '2,000 unary minus': `${'-'.repeat(2000)}1`,
    'a list nested 3,000 deep': `${'['.repeat(3000)}1${']'.repeat(3000)}`,
    'braces nested 3,000 deep': `${'{'.repeat(3000)}1${'}'.repeat(3000)}`,
    'parentheses nested 3,000 deep': `${'('.repeat(3000)}1${')'.repeat(3000)}`,
    '\\frac nested 2,000 deep without braces': `${'\\frac'.repeat(2000)}12`,
  };
  for (const [what, e] of Object.entries(chains)) {
    test(`${what}, in every notation`, async () => {
      for (const [language, host] of HOSTS) {
        const r = await survive(host(e), language);
        if (r instanceof InputError) assert.match(r.message, /nested|limit|deep/, `${language}: ${r.message}`);
        else for (const p of r.problems) assert.ok(p.message.length > 0 && !/RangeError|Maximum call stack/.test(p.message), `${language}: ${p.message}`);
      }
    });
  }
  test('a 5,000-term sum in R is a clear message', async () => {
    const r = await survive(`X <- ${Array(5000).fill('1').join('+')}\nY <- matrix(c(1, 2, 3, 4), 2)\n`, 'r');
    assert.ok(!(r instanceof InputError));
    assert.match(r.problems[0]?.message ?? '', /X \(line 1\): expression nested deeper than 64 levels/);
    assert.equal(r.matrices.length, 1, 'the next statement is still read');
  });
  test('JavaScript code nested deeper than the limit costs no other statement', async () => {
    const r = await survive(`const Y = [[1, 2], [3, 4]];\nconst Z = ${'('.repeat(3000)}1${')'.repeat(3000)};\nconst W = [[5, 6]];\n`, 'javascript');
    assert.ok(!(r instanceof InputError));
    assert.deepEqual(r.matrices.map((m) => m.name), ['Y', 'W']);
  });
});

describe('unclosed math and long runs of brackets are read to an answer', () => {
  // How the time grows with these inputs (linearly) is measured by `npm run bench:linear`, not here.
  for (const [what, language, make] of HOSTILE_SCANNER_INPUTS) {
    test(what, async () => {
      const r = await survive(make(40000), language);
      assert.ok(r instanceof InputError ? r.message.length > 0 : Array.isArray(r.problems), `${what}: an extraction or a clear message`);
    });
  }
});

describe('fuzzer finds, kept as regression tests', () => {
  test('a LaTeX formula that starts with = ends (it looped forever)', async () => {
    for (const [text, language] of [['$= \\begin{bmatrix} 1 & 2 \\end{bmatrix}$', 'markdown'], ['V\u0000= \\begin{bmatrix} 1 \\end{bmatrix}', 'latex'], ['\\[ = \\begin{pmatrix} 1 \\end{pmatrix} \\]', 'latex']] as const) {
      const r = await survive(text, language);
      assert.ok(!(r instanceof InputError));
      assert.deepEqual(r.matrices.map((m) => m.name), [null], text);
    }
  });
  test('an unclosed call in C-like code is skipped (it crashed)', async () => {
    const r = await survive('_V =at(n{{}, {}, };\n', 'java');
    assert.ok(!(r instanceof InputError));
  });
  test('a failed statement with calls nested 3,000 deep is read (skippedDraws was cubic: bench:linear times it)', async () => {
    const r = await survive(deepFailedCall(3000), 'python');
    assert.ok(!(r instanceof InputError));
  });
});

describe('size and work limits', () => {
  test('the R evaluator has a work budget: a big %*% ends in a message', async () => {
    const r = await survive('A <- matrix(0, 2048, 2048)\nB <- A %*% A\nC <- matrix(c(1, 2, 3, 4), 2)\n', 'r');
    assert.ok(!(r instanceof InputError));
    assert.match(r.problems.map((p) => p.message).join('\n'), /B \(line 2\): .*more than 200000000 operations/);
  });
  test('rep() with a negative or fractional count is skipped, not a crash', async () => {
    for (const text of ['X <- rep(1, each = -1)', 'X <- rep(1, times = 1.5)', 'X <- seq_len(-3)']) assert.ok(!(await survive(text, 'r') instanceof InputError));
  });
  test("the size limit counts a notebook's cells together", async () => {
    const half = 'x = 1\n'.repeat(Math.ceil(DEFAULT_PARSE_LIMITS.maxTextLength / 2 / 6) + 10);
    await assert.rejects(extractMatrices(loader, [{ text: half, language: 'python' }, { text: half, language: 'markdown' }]), /notebook's 2 cells have \d+ characters, more than the limit of 2000000/);
  });
});

describe('notebooks: JSON that is not a notebook is named as such', () => {
  const cases: Readonly<Record<string, RegExp>> = {
    '{"cells": [null]}': /cell 0 is null, not an object/,
    '{"cells": [3]}': /cell 0 is a number, not an object/,
    '{"cells": [{"cell_type": "code", "source": 5}]}': /source of cell 0 is a number, not text/,
    '{"cells": [{"cell_type": "code", "source": [1, 2]}]}': /source of cell 0 is a list, not text/,
    '{"cells": [], "metadata": {"language_info": {"name": 3}}}': /language name is a number, not a string/,
    '{"cells": [], "metadata": {"kernelspec": {"language": null}}}': /language name is null, not a string/,
    '{"cells": [], "metadata": 7}': /metadata is a number/,
    '[]': /no "cells" list/,
    'null': /no "cells" list/,
  };
  for (const [json, message] of Object.entries(cases)) {
    test(json, () => {
      assert.throws(() => notebookSources(json), (e: unknown) => e instanceof InputError && /^not a valid notebook: /.test(e.message) && message.test(e.message));
    });
  }
  test('a valid notebook still reads', () => {
    assert.deepEqual(notebookSources('{"cells": [{"cell_type": "code", "source": ["x = 1\\n", "%time y"]}, {"cell_type": "markdown", "source": "$a$"}]}'), [
      { text: 'x = 1\n', language: 'python' }, { text: '$a$', language: 'markdown' },
    ]);
  });
});

describe('hover Markdown escapes all user text', () => {
  const SPECIAL = /[\\`*_{}[\]()<>#+\-.!|~:&$"'=]/;
  test('links, images, HTML, autolinks and theme icons come out as literal text', () => {
    const hostile = '[x](https://evil.example) ![i](https://evil.example/a.png) <img src=x> <https://a.b> https://c.d `code` $(bomb) **b** \\[y](z) a|b &lt;';
    const out = escapeMarkdown(hostile);
    // Every punctuation mark Markdown reads is preceded by a backslash that is not itself escaped.
    for (let i = 0; i < out.length; i++) {
      if (out[i] === '\\') { i++; continue; }
      assert.ok(!SPECIAL.test(out[i]), `unescaped ${out[i]} at ${i} in ${out}`);
    }
    assert.equal(out.replace(/\\(.)/g, '$1'), hostile);
  });
  test('any text round-trips and leaves no punctuation unescaped (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (s) => {
      const out = escapeMarkdown(s);
      for (let i = 0; i < out.length; i++) {
        if (out[i] === '\\') { i++; continue; }
        if (SPECIAL.test(out[i]) || out[i] === '\n' || out[i] === '\r') return false;
      }
      return out.replace(/\\(.)/g, '$1') === s.replace(/[\r\n]+/g, ' ');
    }), { numRuns: 300 });
  });
  test('row labels in hover tables cannot become Markdown (the table is a code block they cannot close)', () => {
    const table = matrixTable({ rows: 1, cols: 1, data: new Float64Array([1]) }, ['```\n[a](http://x)']);
    const lines = table.split('\n');
    assert.equal(lines[0], '```text');
    assert.equal(lines[lines.length - 1], '```');
    assert.equal(lines.filter((l) => l.includes('`')).length, 2, 'only the fence has backticks');
    assert.ok(lines.some((l) => l.includes('[a](http://x)')), 'the label is shown literally, inside the code block');
  });
});
