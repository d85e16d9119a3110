// Makes dist/cli-main.cache, V8's code cache for the command-line tool (see src/cli/launcher.ts): runs the
// tool in this process on typical commands (the tutorial as JSON and as tables, its matrices, a program with
// large numeric literals), then saves the bytecode of every function they compiled. Run by `node esbuild.js`
// after the bundles are built, in a process of its own, with the Node that will run the tool.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { makeCodeCache } = require('../dist/cli.js');

/** A NumPy program whose inputs are literals large enough for the literal fast path (16 × 16). */
function literalProgram() {
  let s = 7;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5).toFixed(6);
  const literal = (rows, cols) => `np.array([\n${Array.from({ length: rows }, () => `    [${Array.from({ length: cols }, next).join(', ')}],`).join('\n')}\n])`;
  return `import numpy as np\n\nX = ${literal(16, 16)}\nW_Q = ${literal(16, 16)}\nW_K = ${literal(16, 16)}\nW_V = ${literal(16, 16)}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'ae-cli-cache-'));
try {
  const literal = join(dir, 'literal.py');
  writeFileSync(literal, literalProgram());
  const tutorial = 'examples/attention_numpy_tutorial.py';
  await makeCodeCache('dist', [
    ['compute', tutorial, '--json'],
    ['compute', tutorial],
    ['matrices', tutorial, '--json'],
    ['compute', literal, '--json'],
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
