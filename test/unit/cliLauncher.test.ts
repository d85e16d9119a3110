/**
 * The CLI's launcher (src/cli/launcher.ts, dist/cli.js): V8's code cache made by the build is taken, and a
 * cache that is missing, made for another build of the bundle, or not V8's data changes nothing in the output.
 * Needs `node esbuild.js` first (npm run test:unit does it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from './helpers/tempDir';

const tutorial = 'examples/attention_numpy_tutorial.py';
const args = ['compute', tutorial, '--json'];

function run(cliDir: string, cache: 'report' | 'off' = 'report'): { out: string; cache: string } {
  const r = spawnSync(process.execPath, [join(cliDir, 'cli.js'), ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ATTENTION_EXPLORER_CODE_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr);
  return { out: r.stdout, cache: /code cache: (\w+)/.exec(r.stderr)?.[1] ?? 'not reported' };
}

const copies = tempDir('ae-cli-launcher-');

/** A copy of dist/'s CLI files in a folder of its own, with `edit` applied to the bundle's text and the cache. */
function copy(name: string, edit: { bundle?: (text: string) => string; cache?: (bytes: Buffer) => Buffer | undefined }): string {
  const dir = join(copies, name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync('dist')) if (f.endsWith('.wasm') || f === 'mathParser.js' || f === 'cli.js') copyFileSync(join('dist', f), join(dir, f));
  writeFileSync(join(dir, 'cli-main.js'), (edit.bundle ?? ((t) => t))(readFileSync('dist/cli-main.js', 'utf8')));
  const cache = (edit.cache ?? ((b) => b))(readFileSync('dist/cli-main.cache'));
  if (cache) writeFileSync(join(dir, 'cli-main.cache'), cache);
  return dir;
}

describe('dist/cli.js and the code cache', () => {
  const plain = run('dist', 'off');

  test('the build made a cache that V8 takes, and the output is the same as without it', () => {
    const r = run('dist');
    assert.equal(r.cache, 'accepted');
    assert.equal(r.out, plain.out);
    assert.ok(JSON.parse(r.out).steps.length > 0);
  });

  test('a cache made for another build of the bundle is not used', () => {
    // Same length, one character changed in a comment, tag of the changed text: the cache's tag no longer matches.
    const dir = copy('other-build', {
      bundle: (t) => {
        const at = t.indexOf('//');
        const changed = `${t.slice(0, at + 2)}${t[at + 2] === 'x' ? 'y' : 'x'}${t.slice(at + 3)}`;
        return changed.replace(/\/\/# cli-build [0-9a-f]{64}/, `//# cli-build ${'0'.repeat(64)}`);
      },
    });
    const r = run(dir);
    assert.equal(r.cache, 'absent');
    assert.equal(r.out, plain.out);
  });

  test('a cache that is not V8 data is rejected by V8, with the same output', () => {
    const dir = copy('garbage', { cache: (b) => Buffer.concat([b.subarray(0, 64), Buffer.alloc(b.length - 64, 7)]) });
    const r = run(dir);
    assert.equal(r.cache, 'rejected');
    assert.equal(r.out, plain.out);
  });

  test('no cache, or an untagged bundle (a watch build): compiled as usual', () => {
    assert.equal(run(copy('none', { cache: () => undefined })).cache, 'absent');
    const untagged = run(copy('untagged', { bundle: (t) => t.replace(/\/\/# cli-build [0-9a-f]{64}\n?$/, '') }));
    assert.equal(untagged.cache, 'absent');
    assert.equal(untagged.out, plain.out);
  });
});
