// Runs a TypeScript benchmark as the extension ships its code: bundled by esbuild the way esbuild.js bundles the
// Node targets (platform node, target node18, CommonJS, web-tree-sitter's CommonJS build), not through tsx. tsx
// compiles with `keepNames`, which wraps every closure it creates in a call that sets the closure's name (a
// `defineProperty` each time): in the evaluator's inner loops that alone costs ≈ 40 % more CPU than the shipped
// bundle spends, so a figure measured through tsx is not the user's.
// Usage: `node bench/run-bundled.mjs bench/index.bench.ts [node flags…]` (the flags go to the bench's node).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const [entry, ...nodeFlags] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/run-bundled.mjs ENTRY.ts [node flags…]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const outfile = join(dir, 'bench.cjs');
try {
  await build({
    entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning',
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  });
  const r = spawnSync(process.execPath, [...nodeFlags, outfile], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
