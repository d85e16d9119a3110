/**
 * The CLI never shows a stack trace (issue 9): a closed pipe (`| head -c 100`) ends it quietly, and `--json`
 * output keeps the problems it found.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from './helpers/tempDir';

const dir = tempDir('ae-cli-');
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('CLI hardening', () => {
  test('matrices big.py --json | head -c 100 exits quietly (EPIPE)', () => {
    const big = file('big.py', `import numpy as np\n${Array.from({ length: 200 }, (_, i) => `A${i} = np.ones((100, 100))\n`).join('')}`);
    const r = spawnSync('bash', ['-c', `set -o pipefail; node dist/cli.js matrices '${big}' --json | head -c 100`], { encoding: 'utf8' });
    assert.equal(r.stdout.length, 100);
    assert.equal(r.stderr, '', 'nothing on stderr');
    assert.equal(r.status, 0);
  });
  test('compute --json includes the problems it found', () => {
    const f = file('p.py', 'import numpy as np\nX = np.eye(2)\nbad = [[1, 2], [3]]\nW_Q = W_K = W_V = np.eye(2)\n');
    const r = spawnSync('node', ['dist/cli.js', 'compute', f, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { problems: { message: string; range: { start: { line: number } } }[] };
    assert.deepEqual(j.problems.map((p) => [p.message, p.range.start.line]), [['bad (line 3): ragged rows: row 1 has 1 entries but row 0 has 2', 2]]);
  });
  test('matrices --json keeps its array on stdout and writes each problem as a JSON line on stderr', () => {
    const f = file('q.py', 'X = [[1, 2]]\nbad = [[1, 2], [3]]\n');
    const r = spawnSync('node', ['dist/cli.js', 'matrices', f, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.deepEqual((JSON.parse(r.stdout) as { name: string }[]).map((m) => m.name), ['X']);
    assert.deepEqual(r.stderr.trim().split('\n').map((l) => (JSON.parse(l) as { problem: { message: string } }).problem.message), ['bad (line 2): ragged rows: row 1 has 1 entries but row 0 has 2']);
  });
  test('a notebook that is not one is a clear message, not a stack trace', () => {
    const f = file('n.ipynb', '{"cells": [null]}');
    const r = spawnSync('node', ['dist/cli.js', 'matrices', f, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.deepEqual(JSON.parse(r.stdout), { error: { message: 'not a valid notebook: cell 0 is null, not an object' } });
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
