/**
 * Differential test against real Python and NumPy: the tutorial-style examples (examples/) and the programs in
 * test/fixtures/differential/ (written in the styles of public tutorials: d2l's masked softmax over valid lengths, the Annotated Transformer's
 * `attention(query, key, value, mask=None)`, positional encodings by a loop, a vocabulary from
 * `sentence.split()`, multi-head attention by column slices, RoPE, sliding-window and padding masks, grouped-query
 * attention, einsum spellings, float32 activations with Python scalars, column-major reshapes, in-place dtypes, and
 * the Python around them) run through the
 * evaluator and through `python3` (one process for all, scripts/differential/run_programs.py). Every final
 * module-level value Python holds (numbers, strings, containers, arrays) must be known to the evaluator and
 * equal: integers exactly, floats and arrays to 1e-12 (relative, at least absolute 1e-12).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { isNDArray } from '../../src/core/ndarray/ndarray';
import { order } from '../../src/core/parse/python/operators';
import { type PyValue, isList } from '../../src/core/parse/python/values';
import { evaluatePython } from './helpers/python';

const DIR = 'test/fixtures/differential';
/** The examples in these styles are run themselves (not copies of them), beside the fixture programs. */
const EXAMPLES = ['examples/masked_softmax_valid_lens.py', 'examples/annotated_attention.py', 'examples/positional_encoding_loop.py'];
const FILES = [...EXAMPLES, ...readdirSync(DIR).filter((f) => f.endsWith('.py')).sort().map((f) => `${DIR}/${f}`)];

type Encoded =
  | { int: string } | { float: number | string } | { bool: boolean } | { str: string } | { none: true }
  | { list: Encoded[] } | { tuple: Encoded[] } | { dict: [Encoded, Encoded][] } | { set: Encoded[] }
  | { array: { shape: number[]; data: (number | string)[] } };

function pythonValues(): Record<string, Record<string, Encoded>> {
  const r = spawnSync('python3', ['scripts/differential/run_programs.py', ...FILES], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, Record<string, Encoded>>;
}

function float(x: number | string): number {
  return x === 'nan' ? NaN : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : (x as number);
}

function closeTo(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));
}

/** Asserts that the evaluator's value `v` is Python's `e`; counts the numbers compared. */
function check(e: Encoded, v: PyValue, where: string, count: { numbers: number; arrays: number }): void {
  if ('int' in e) {
    assert.ok(typeof v === 'number', `${where}: expected int ${e.int}, got ${String(v)}`);
    assert.equal(v, Number(e.int), where);
    count.numbers++;
  } else if ('float' in e) {
    assert.ok(typeof v === 'number', `${where}: expected float ${e.float}, got ${String(v)}`);
    assert.ok(closeTo(v, float(e.float)), `${where}: ${v} ≠ ${e.float}`);
    count.numbers++;
  } else if ('bool' in e) assert.equal(v, e.bool, where);
  else if ('str' in e) assert.equal(v, e.str, where);
  else if ('none' in e) assert.equal(v, null, where);
  else if ('list' in e || 'tuple' in e) {
    const items = 'list' in e ? e.list : e.tuple;
    assert.ok(isList(v) && v.tuple === 'tuple' in e, `${where}: expected a ${'list' in e ? 'list' : 'tuple'}`);
    assert.equal(v.items.length, items.length, `${where}: length`);
    items.forEach((x, i) => check(x, v.items[i], `${where}[${i}]`, count));
  } else if ('dict' in e) {
    assert.ok(typeof v === 'object' && v !== null && v.kind === 'dict', `${where}: expected a dict`);
    const entries = [...v.entries.values()];
    assert.equal(entries.length, e.dict.length, `${where}: size`);
    e.dict.forEach(([k, x], i) => {
      check(k, entries[i][0], `${where} key ${i}`, count);
      check(x, entries[i][1], `${where} value ${i}`, count);
    });
  } else if ('set' in e) {
    assert.ok(typeof v === 'object' && v !== null && v.kind === 'set', `${where}: expected a set`);
    const items = [...v.entries.values()].sort(order);
    assert.equal(items.length, e.set.length, `${where}: size`);
    e.set.forEach((x, i) => check(x, items[i], `${where}{${i}}`, count));
  } else {
    assert.ok(isNDArray(v), `${where}: expected an array of shape (${e.array.shape.join(', ')})`);
    assert.deepEqual([...v.shape], e.array.shape, `${where}: shape`);
    e.array.data.forEach((x, i) => assert.ok(closeTo(v.data[i], float(x)), `${where}: entry ${i}: ${v.data[i]} ≠ ${x}`));
    count.numbers += e.array.data.length;
    count.arrays++;
  }
}

describe('differential: the evaluator against python3 + NumPy', () => {
  const expected = pythonValues();
  const total = { numbers: 0, arrays: 0 };
  for (const file of FILES) {
    test(file, async () => {
      const { values, unknown, problems } = await evaluatePython(readFileSync(file, 'utf8'));
      assert.deepEqual(problems, [], `${file}: problems`);
      assert.deepEqual(unknown, [], `${file}: unknown names`);
      const py = expected[file];
      assert.ok(Object.keys(py).length > 0);
      for (const [name, e] of Object.entries(py)) {
        assert.ok(values.has(name), `${file}: ${name} has no value in the evaluator`);
        check(e, values.get(name) as PyValue, `${file}: ${name}`, total);
      }
    });
  }
  test('compares many values', () => {
    // Every program above ran: a guard against an empty comparison passing silently.
    assert.ok(total.arrays >= 30, `arrays compared: ${total.arrays}`);
    assert.ok(total.numbers >= 500, `numbers compared: ${total.numbers}`);
  });
});
