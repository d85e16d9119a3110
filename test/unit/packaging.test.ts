/**
 * The .vsix carries every file the built extension loads: each bundle, wasm and font that `node esbuild.js`
 * writes to dist/ (source maps aside) is let through by a `!` line of .vscodeignore (which starts with `**`),
 * and the walkthrough's sample programs and pages are in the file list `vsce` packages.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { SAMPLES } from '../../src/shared/samples';

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

/** The files `vsce package` puts in the .vsix (what `npx vsce ls` prints), relative to the repository. */
async function packagedFiles(): Promise<Set<string>> {
  const vsce = (await import('@vscode/vsce')) as { listFiles(o: { cwd: string; packageManager: unknown }): Promise<string[]>; PackageManager: { None: unknown } };
  return new Set(await vsce.listFiles({ cwd: process.cwd(), packageManager: vsce.PackageManager.None }));
}

test('the walkthrough’s samples and pages are inside the .vsix', async () => {
  const packaged = await packagedFiles();
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { walkthroughs: { steps: { description: string; media: { markdown?: string; image?: string } }[] }[] };
  };
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
  // Every sample a step opens (command:attentionExplorer.openSample?["name"]) is one of SAMPLES.
  const opened = steps.flatMap((s) => [...s.description.matchAll(/command:attentionExplorer\.openSample\?([^)\s]+)/g)].map((m) => (JSON.parse(decodeURIComponent(m[1])) as string[])[0]));
  assert.ok(opened.length > 0, 'a step opens a sample');
  for (const name of opened) assert.ok(name in SAMPLES, `the walkthrough opens ${name}, which is not in SAMPLES (src/shared/samples.ts)`);
  const missing = [
    ...Object.keys(SAMPLES).map((name) => `examples/${name}`),
    ...steps.map((s) => s.media.markdown ?? s.media.image).filter((f): f is string => !!f),
  ].filter((f) => !packaged.has(f));
  assert.deepEqual(missing, [], `not in the .vsix (see .vscodeignore): ${missing.join(', ')}`);
});
