import type { LanguageId } from '../../../src/core/parse/types';

/**
 * Inputs that once made a scanner slow or crash: unclosed math and long runs of opening brackets, as
 * `[what, language, make(n)]` with `make(n)` an input that grows linearly with n. The unit tests
 * (hardening.test.ts) check each is read to an answer; `npm run bench:linear` times them at n and 8n.
 */
export const HOSTILE_SCANNER_INPUTS: readonly (readonly [string, LanguageId, (n: number) => string])[] = [
  ['unclosed \\( in Markdown', 'markdown', (n) => 'a \\( b '.repeat(n)],
  ['unclosed \\[ in Markdown', 'markdown', (n) => 'a \\[ b '.repeat(n)],
  ['unclosed $$ in Markdown', 'markdown', (n) => `$$ a ${'b \\$ '.repeat(n)}`],
  ['unclosed \\begin{align} in Markdown', 'markdown', (n) => '\\begin{align} x '.repeat(n)],
  ['unclosed backticks and comments in Markdown', 'markdown', (n) => '`` a <!-- '.repeat(n)],
  ['unclosed \\begin{bmatrix} in LaTeX', 'latex', (n) => '\\begin{bmatrix} 1 & '.repeat(n)],
  ['a run of \\frac{ in LaTeX', 'latex', (n) => `\\[ X = \\begin{bmatrix} ${'\\frac{'.repeat(n)} \\end{bmatrix} \\]`],
  ['a run of \\sqrt[ in LaTeX', 'latex', (n) => `\\[ X = \\begin{bmatrix} ${'\\sqrt[2]{2}+'.repeat(n)}1 \\end{bmatrix} \\]`],
  ['a run of {{{{ in LaTeX', 'latex', (n) => `\\[ ${'{'.repeat(n * 4)} \\]`],
  ['a run of [[[[ in MATLAB', 'matlab', (n) => `X = ${'['.repeat(n * 4)}`],
  ['a run of [[[[ in Julia', 'julia', (n) => `X = ${'['.repeat(n * 4)}`],
  ['a run of {{{{ in C', 'c', (n) => `double X[2][2] = ${'{'.repeat(n * 4)}`],
  ['a run of {{{{ in Mathematica', 'mathematica', (n) => `X = ${'{'.repeat(n * 4)}`],
  ['a run of c(c(c( in R', 'r', (n) => `X <- ${'c('.repeat(n * 2)}`],
  ['a run of [[[[ in JavaScript', 'javascript', (n) => `const X = ${'['.repeat(n * 4)}`],
];

/** A Python statement that fails with calls nested n deep (skippedDraws was cubic in n). */
export const deepFailedCall = (n: number): string => `import numpy as np\nX = ${'c('.repeat(n)}1${')'.repeat(n)}\n`;
