/**
 * The CLI's output for batched (N-D) results: every step with its full NumPy shape and `tolist()` nesting, and
 * the choice of the (batch element, head) whose 2-D steps are printed (`--batch`, `--head`).
 */
import { selectBatch } from '../core/attention/batchIndex';
import type { AttentionResult, Step } from '../core/attention/types';
import type { ErrorInfo } from '../core/errors';
import type { Matrix } from '../core/matrix/matrix';

/**
 * An array as NumPy's `tolist()` nests it; the last two axes are written as matrices (rows of numbers, `−∞` as
 * `null`) by the JSON writer without copying. Shapes of rank < 2 do not occur here.
 */
export function nestedValues(a: { readonly shape: readonly number[]; readonly data: Float64Array }): unknown {
  const r = a.shape.length;
  const rows = a.shape[r - 2], cols = a.shape[r - 1];
  const nest = (off: number, d: number): unknown => {
    if (d === r - 2) return { rows, cols, data: a.data.subarray(off, off + rows * cols) } satisfies Matrix;
    const inner = a.shape.slice(d + 1).reduce((p, q) => p * q, 1);
    return Array.from({ length: a.shape[d] }, (_, i) => nest(off + i * inner, d + 1));
  };
  return nest(0, 0);
}

/**
 * The result at batch element `batch` (default: the first) with head `head` checked, or what is wrong with
 * the choice (an index out of range, `--batch` for inputs that are not batched, `--head` without heads).
 */
export function chooseSlice(r: AttentionResult, batch: readonly number[] | undefined, head: number | undefined): AttentionResult | ErrorInfo {
  let shown = r;
  if (batch !== undefined) {
    if (!r.batch) return { message: `--batch ${batch.join(',')}: the inputs are not batched (every input is 2-D)` };
    const s = selectBatch(r, batch);
    if (!s) return { message: `--batch ${batch.join(',')} does not fit the batch shape (${r.batch.shape.join(', ')}): give ${r.batch.shape.length} ${r.batch.shape.length === 1 ? 'index' : 'indices, comma-separated,'} below ${r.batch.shape.join(', ')}` };
    shown = s;
  }
  if (head !== undefined) {
    const n = shown.heads?.length ?? 1;
    if (!shown.heads) return { message: `--head ${head}: the computation has one head (use --heads N, or Q/K/V with a head axis)` };
    if (head >= n) return { message: `--head ${head} is out of range: there are ${n} heads (0 … ${n - 1})` };
  }
  return shown;
}

/**
 * The `compute --json` fields of a batched result: `steps` with full N-D shapes and nested values, `weights`
 * (the mean over heads) and `output` N-D, `batch` (shape, the element shown, where the heads come from and how many) and
 * `slice` (the 2-D steps of that element, per head when there are several, as the non-batched output has them).
 */
export function batchedJson(r: AttentionResult, shown: AttentionResult): Record<string, unknown> {
  const b = r.batch;
  if (!b) return {};
  const titled = (id: string): Step | undefined => shown.steps.find((s) => s.id === id) ?? shown.heads?.[0]?.steps.find((s) => s.id === id);
  return {
    steps: b.steps.map((s) => {
      const t = titled(s.id);
      return { id: s.id, role: s.role, ...(t ? { title: t.title, formula: t.formula } : {}), shape: s.value.shape, perHead: s.perHead, values: nestedValues(s.value) };
    }),
    weights: nestedValues(b.weights),
    output: nestedValues(b.output),
    batch: { shape: b.shape, index: shown.batch?.index ?? b.index, headSource: b.headSource, heads: shown.heads?.length ?? 1 },
    slice: {
      steps: shown.steps.map((s) => ({ id: s.id, role: s.role, shape: [s.matrix.rows, s.matrix.cols], values: s.matrix })),
      weights: shown.weights,
      output: shown.output,
      ...(shown.heads ? { heads: shown.heads.map((h) => ({ weights: h.weights, output: h.output })) } : {}),
    },
  };
}
