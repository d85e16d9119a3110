/**
 * The .vsix carries every file the built extension loads: each bundle, wasm and font that `node esbuild.js`
 * writes to dist/ (source maps aside) is let through by a `!` line of .vscodeignore (which starts with `**`).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

/** `.vscodeignore` globs as regular expressions: `**` any path, `*` any name part. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').split('**').map((part) => part.replace(/\*/g, '[^/]*')).join('.*');
  return new RegExp(`^${body}$`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

test('every file the build writes to dist/ (but source maps) is packaged', () => {
  const lines = readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim());
  assert.equal(lines.find((l) => l && !l.startsWith('#')), '**', '.vscodeignore excludes everything first');
  const kept = lines.filter((l) => l.startsWith('!')).map((l) => globToRegExp(l.slice(1)));
  // KaTeX's CSS lists .woff and .ttf after .woff2, which VS Code's Chromium always loads: those are left out.
  // The CLI's code cache (src/cli/launcher.ts) holds only for the Node that built it, not the one a user has.
  const unused = (f: string): boolean => f.endsWith('.map') || /^dist\/fonts\/KaTeX_.*\.(woff|ttf)$/.test(f) || f === 'dist/cli-main.cache';
  const built = walk('dist').map((f) => relative('.', f)).filter((f) => !unused(f));
  assert.ok(built.includes('dist/extension.js') && built.includes('dist/indexWorker.js'), 'the build ran (npm run test:unit builds first)');
  const missing = built.filter((f) => !kept.some((re) => re.test(f)));
  assert.deepEqual(missing, [], `built but not packaged: ${missing.join(', ')}`);
});
