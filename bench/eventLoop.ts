/**
 * The event-loop scenario of issue 9: pathological files (a recursive helper, 2 MB of unclosed Markdown math,
 * a big R `%*%`, half a million `[`, a 5,000-term sum) opened and edited every 40 ms, analysed by the worker
 * through the same client the extension's index service uses, while `perf_hooks.monitorEventLoopDelay`
 * watches the host's thread. Used by bench/eventLoop.bench.ts and by test/unit/indexWorker.test.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IndexClient } from '../src/core/index/indexClient';
import type { IndexOutcome } from '../src/core/index/protocol';
import { DEFAULT_PARSE_LIMITS, type SourceDocument } from '../src/core/parse/types';

export const RECURSIVE = 'def f(n):\n    if n == 0:\n        return 1\n    return f(n - 1) + f(n - 1)\nX = f(25)\n';

export const PATHOLOGICAL: Readonly<Record<string, SourceDocument>> = {
  'recursive.py': { text: RECURSIVE, language: 'python' },
  'unclosed.md': { text: 'a \\( b \\[ c $$ d \\begin{align} '.repeat(60_000), language: 'markdown' },
  'matmul.R': { text: 'A <- matrix(1, 1024, 1024)\nB <- A %*% A\n', language: 'r' },
  'brackets.js': { text: `const X = ${'['.repeat(500_000)};\n`, language: 'javascript' },
  'long.py': { text: `import numpy as np\nX = ${Array(5000).fill('1').join('+')}\n${'Y = np.eye(3) @ np.eye(3)\n'.repeat(20_000)}`, language: 'python' },
};

export interface EventLoopFigures {
  /** Longest event-loop delay while the files were analysed and edited, in ms. */
  readonly maxMs: number;
  readonly p99Ms: number;
  /** Longest delay over the same time with nothing to do (what the machine's load alone causes), in ms. */
  readonly idleMaxMs: number;
  readonly wallMs: number;
  readonly outcomes: readonly IndexOutcome[];
}

async function idleDelay(ms: number): Promise<number> {
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  for (let t = 0; t < ms; t += 40) await new Promise((r) => setTimeout(r, 40));
  idle.disable();
  return idle.max / 1e6;
}

/** Opens and edits the pathological files `edits` times, 40 ms apart, and measures the host's event loop. */
export async function measureEventLoop(client: IndexClient, edits = 6): Promise<EventLoopFigures> {
  await client.index('warm.py', [{ text: 'import numpy as np\nX = np.eye(2)\n', language: 'python' }], DEFAULT_PARSE_LIMITS);
  const before = await idleDelay(600);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const pending: Promise<IndexOutcome>[] = [];
  for (let edit = 0; edit < edits; edit++) {
    for (const [key, doc] of Object.entries(PATHOLOGICAL)) pending.push(client.index(key, [{ ...doc, text: `${doc.text}\n# edit ${edit}\n` }], DEFAULT_PARSE_LIMITS));
    await new Promise((r) => setTimeout(r, 40));
  }
  const outcomes = await Promise.all(pending);
  h.disable();
  const wallMs = performance.now() - t0;
  const after = await idleDelay(600);
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, idleMaxMs: Math.max(before, after), wallMs, outcomes };
}

/** One line for people. */
export function describeFigures(f: EventLoopFigures): string {
  const count = (reason: string): number => f.outcomes.filter((o) => !o.ok && o.reason === reason).length;
  return `event loop: max delay ${f.maxMs.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms over ${f.wallMs.toFixed(0)} ms (idle machine: max ${f.idleMaxMs.toFixed(1)} ms); ` +
    `${f.outcomes.filter((o) => o.ok).length} built, ${count('superseded')} superseded, ${count('time')} stopped (time), ${count('input')} refused (input)`;
}
