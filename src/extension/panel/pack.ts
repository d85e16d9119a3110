/**
 * Packs the large matrices of a view state for `webview.postMessage`: VS Code sends messages as JSON, where a
 * float64 takes about 20 characters; packed, it takes 10.7 (base64 of its 8 bytes) and the webview decodes it
 * without a JSON number parser. Exact: the bytes are the IEEE 754 doubles themselves (`−∞`, a masked logit,
 * included). See `WireMatrix.packed` in src/shared/protocol.ts; the webview's side is webview/unpack.ts.
 * No `vscode` import: the paint benchmark packs states the same way.
 */
import type { ViewState, WireMatrix, WireResult, WireStep } from '../../shared/protocol';

/** Matrices with at least this many entries are packed (smaller ones stay readable JSON). */
export const PACK_MIN_ENTRIES = 1024;

/** A matrix with its values as base64 float64 (little-endian), or the matrix itself when small. */
export function packMatrix(m: WireMatrix): WireMatrix {
  if (m.values.length < PACK_MIN_ENTRIES || m.packed !== undefined) return m;
  const doubles = new Float64Array(m.values.length);
  for (let i = 0; i < m.values.length; i++) doubles[i] = m.values[i] ?? -Infinity;
  const bytes = Buffer.from(doubles.buffer, doubles.byteOffset, doubles.byteLength);
  if (!LITTLE_ENDIAN) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
  return { ...m, values: [], packed: bytes.toString('base64') };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const packStep = (s: WireStep): WireStep => ({ ...s, matrix: packMatrix(s.matrix) });

/** The result with every large matrix packed (steps, heads' steps, inputs, the head grid). */
export function packResult(r: WireResult): WireResult {
  return {
    ...r,
    inputs: r.inputs.map((i) => ({ ...i, matrix: packMatrix(i.matrix) })),
    steps: r.steps.map(packStep),
    ...(r.heads ? { heads: r.heads.map((h) => ({ ...h, steps: h.steps.map(packStep) })) } : {}),
    ...(r.headGrid ? { headGrid: { ...r.headGrid, heads: r.headGrid.heads.map(packMatrix), mean: packMatrix(r.headGrid.mean) } } : {}),
  };
}

/** The state as posted to the webview: a data state's large matrices packed; other states unchanged. */
export function packState(s: ViewState): ViewState {
  return s.kind === 'data' ? { ...s, result: packResult(s.result) } : s;
}
