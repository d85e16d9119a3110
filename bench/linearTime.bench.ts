/**
 * Does reading a file take time linear in its length? For each parser and scanner, the CPU time to read an
 * input and the same input 8 times longer, best of 3 (CPU time, not wall clock: other processes competing for
 * the cores do not count, but cache and GC noise still do). Linear is a ratio of about 8; quadratic would be
 * about 64. A ratio beyond the bound (8 × 3, plus a constant for timer noise) fails the run (exit code 1).
 *
 * These checks used to be unit tests; timings are not reliable enough on a shared machine to gate `npm test`,
 * so they live here (the unit tests keep every functional assertion of the same inputs).
 *
 *   npm run bench:linear
 */
import { InputError } from '../src/core/errors';
import { extractMatrices } from '../src/core/parse/index';
import type { LanguageId } from '../src/core/parse/types';
import { cpuMs } from '../test/unit/helpers/cpuTime';
import { HOSTILE_SCANNER_INPUTS, deepFailedCall } from '../test/unit/helpers/hostileInputs';
import { loader } from '../test/unit/helpers/loader';

/** Reads `text`; an InputError (a documented limit) counts as an answer. */
async function read(text: string, language: LanguageId): Promise<void> {
  try {
    await extractMatrices(loader, [{ text, language }]);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
}

interface Case {
  readonly what: string;
  readonly language: LanguageId;
  /** The input of size `n`. */
  readonly make: (n: number) => string;
  /** Sizes: warm-up, small, large = 8 × small. */
  readonly sizes: readonly [number, number, number];
  /** Milliseconds of slack for timer noise on small inputs. */
  readonly slack: number;
}

const parsers: Partial<Record<LanguageId, string>> = {
  python: 'import numpy as np\nW_Q = np.array([[1, 2, 3], [4, 5, 6]]) @ np.eye(3)  # comment [[1]]\nx = "[[1, 2]]"\n[[[[[(1, 2\n',
  matlab: "W = [1 2 3; ...\n 4 5 6]'; % c\ns = 'a[1 2]';\nx = max(W, [], 2);\n",
  julia: 'W = [1 -2\n 3 4] # c\n#= x =#\ny = A[1]\n',
  latex: '\\textbf{x} 50\\% % comment \\begin{verbatim}\n$W = \\begin{bmatrix} 1 & \\sqrt{2} \\end{bmatrix}$ \\\\ \\verb|a|\n',
  java: 'double[][] W = new double[][] {{1, 2}, {3, 4}}; /* c */ String s = "{{1}}";\nvoid f() { if (x) { y(); } }\n',
  markdown: 'Text $W = \\begin{bmatrix} \\frac{1}{2} & 1 \\\\ 3 & 4 \\end{bmatrix}$ and `code $x$` $a$ \\$\n```py\nx\n```\n',
  r: 'W <- matrix(c(1, 2, 3, 4), nrow = 2, byrow = TRUE) # c\nX <- rbind(W, c(5, 6))\n',
  cpp: 'double W[2][2] = {{1.0f, 2}, {3, 4}}; // c\nint f() { return 0; }\n',
};


const cases: Case[] = [
  ...Object.entries(parsers).map(([language, unit]): Case => ({
    what: `${language} statements`, language: language as LanguageId, make: (n) => unit.repeat(n), sizes: [50, 250, 2000], slack: 30,
  })),
  ...HOSTILE_SCANNER_INPUTS.map(([what, language, make]): Case => ({ what, language, make, sizes: [500, 5000, 40000], slack: 250 })),
  {
    what: 'a failed Python statement with calls nested n deep (skippedDraws was cubic)', language: 'python',
    make: deepFailedCall, sizes: [100, 375, 3000], slack: 250,
  },
];

async function main(): Promise<void> {
  const failures: string[] = [];
  for (const c of cases) {
    const [warm, small, large] = c.sizes;
    await read(c.make(warm), c.language);
    const tSmall = await cpuMs(() => read(c.make(small), c.language));
    const tLarge = await cpuMs(() => read(c.make(large), c.language));
    const ok = tLarge < tSmall * 8 * 3 + c.slack;
    const line = `${ok ? 'ok  ' : 'FAIL'} ${c.what}: ${small} → ${large}: ${tSmall.toFixed(1)} ms → ${tLarge.toFixed(1)} ms (×${(tLarge / Math.max(tSmall, 0.01)).toFixed(1)})`;
    console.log(line);
    if (!ok) failures.push(line);
  }
  console.log(failures.length ? `\n${failures.length} input(s) grew faster than linearly` : '\nevery input takes time linear in its length');
  process.exitCode = failures.length ? 1 : 0;
}

void main();
