/** The CLI's argument parsing (node:util parseArgs): both `--flag value` and `--flag=value`, usage errors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError, parseArgs } from '../../src/cli/args';

describe('CLI arguments', () => {
  test('--flag=value and --flag value mean the same', () => {
    const a = parseArgs(['compute', 'f.py', '--temperature=0.5', '--score=dot', '--heads', '2', '--json']);
    const b = parseArgs(['compute', 'f.py', '--temperature', '0.5', '--score', 'dot', '--heads=2', '--json']);
    assert.deepEqual(a, b);
    assert.deepEqual(a.options, { score: 'dot', temperature: 0.5, heads: 2 });
    assert.equal(a.json, true);
    assert.equal(a.file, 'f.py');
  });
  test('a negative value after its flag is the value', () => {
    assert.equal(parseArgs(['compute', 'f.py', '--scale', '-0.5']).options.scale, -0.5);
    assert.equal(parseArgs(['compute', 'f.py', '--scale=-2e-1']).options.scale, -0.2);
  });
  test('roles, masks and ranges', () => {
    const a = parseArgs(['compute', 'f.py', '--x', 'X', '--wq=Wq', '--key-padding', 'pad', '--mask', 'M', '--mask-convention', 'block', '--range', '1:0-3:4', '--hard']);
    assert.deepEqual(a.roles, { x: 'X', wq: 'Wq', padding: 'pad', mask: 'M' });
    assert.deepEqual(a.options, { mask: 'matrix', maskConvention: 'block', hard: true });
    assert.deepEqual(a.range, { start: { line: 1, character: 0 }, end: { line: 3, character: 4 } });
  });
  test('usage errors say what is wrong', () => {
    const wrong = (argv: string[], message: RegExp): void => assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
    wrong(['compute', 'f.py', '--frobnicate'], /unknown option '--frobnicate' for 'compute'/);
    wrong(['matrices', 'f.py', '--score', 'dot'], /unknown option '--score' for 'matrices'/);
    wrong(['compute', 'f.py', '--temperature'], /--temperature needs a value/);
    wrong(['compute', 'f.py', '--temperature=0'], /--temperature must be a positive number, got '0'/);
    wrong(['compute', 'f.py', '--heads', '1.5'], /--heads must be a positive integer/);
    wrong(['compute', 'f.py', 'g.py'], /unexpected argument 'g.py'/);
    wrong(['compute'], /'compute' needs a FILE/);
    wrong(['compute', 'f.py', '--range', '3:0-1:0'], /ends before it starts/);
    wrong(['explode'], /unknown command 'explode'/);
  });
  test('help and version', () => {
    assert.equal(parseArgs([]).command, 'help');
    assert.equal(parseArgs(['compute', '--help']).command, 'help');
    assert.equal(parseArgs(['compute', 'f.py', '-h']).command, 'help');
    assert.equal(parseArgs(['--version']).command, 'version');
  });
});

test('options past the bounds every surface shares are usage errors (core/attention/options.ts)', () => {
  const wrong = (argv: string[], message: RegExp): void => assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
  wrong(['compute', 'f.py', '--temperature', '1e7'], /--temperature 10000000: must be a positive number, at most 1000000/);
  wrong(['compute', 'f.py', '--heads', '300'], /--heads 300: must be a whole number from 1 to 256/);
});
