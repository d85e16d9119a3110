/**
 * A short fixed-seed run of the fuzzer (test/fuzz/fuzzer.ts; `npm run fuzz -- --minutes N` runs it longer):
 * about 1,000 mutated inputs in every notation through the analysis worker under its budgets. None may end in
 * an internal error, a hang, running out of memory, a stack trace, or an answer without a message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from '../fuzz/fuzzer';
import { loader } from './helpers/loader';

test('fuzzing 1,000 inputs (seed 1): no internal error, hang, OOM or stack trace', async () => {
  const failures: string[] = [];
  const r = await fuzz({ seed: 1, inputs: 1000, maxChars: 20_000, root: process.cwd(), loader, log: (l) => failures.push(l) });
  console.log(`fuzz: ${r.inputs} inputs in ${(r.wallMs / 1000).toFixed(1)} s, ${r.classes.length} classes; longest ${r.longest.ms.toFixed(0)} ms, largest ${r.largest.chars} characters`);
  assert.ok(r.inputs >= 1000);
  assert.ok(r.classes.length >= 100, `only ${r.classes.length} classes covered`);
  assert.deepEqual({ internal: r.counts.internal, hang: r.counts.hang, oom: r.counts.oom, stack: r.counts.stack, empty: r.counts.empty }, { internal: 0, hang: 0, oom: 0, stack: 0, empty: 0 }, failures.join('\n'));
});
