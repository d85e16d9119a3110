/**
 * The webview's side of packed matrices (`WireMatrix.packed`, made by src/extension/panel/pack.ts). A packed
 * matrix gets a `values` that is decoded from the base64 float64 bytes the first time it is read (`−∞` as
 * `null`, as everywhere on the wire), so a panel decodes only the matrices it draws: those below the fold wait
 * until they are built. The protocol's schema checks a packed matrix by its byte count before it is unpacked
 * (every decoded entry is then a number), and a new state is compared with the shown one by the packed text,
 * without decoding either.
 */
import type { HostMessage, ViewState, WireMatrix, WireResult, WireStep } from '../src/shared/protocol';
import { base64Bytes } from '../src/shared/schema';

/** The packed text of matrices that arrived packed (a matrix not in here arrived as JSON numbers). */
const packedText = new WeakMap<WireMatrix, string>();

/** The base64 text a matrix arrived as, or undefined when it arrived as JSON numbers. */
export function packedOf(m: WireMatrix): string | undefined {
  return packedText.get(m);
}

export function unpackMatrix(m: WireMatrix): WireMatrix {
  if (typeof m.packed !== 'string') return m;
  const { packed, values: _empty, ...rest } = m;
  const n = m.rows * m.cols;
  let decoded: (number | null)[] | undefined;
  const out = { ...rest } as WireMatrix;
  Object.defineProperty(out, 'values', {
    enumerable: true,
    get: (): (number | null)[] => (decoded ??= decode(packed, n)),
  });
  packedText.set(out, packed);
  return out;
}

/** The `n` float64 entries of `text` (empty when it does not hold exactly `n`: validation then says so). */
function decode(text: string, n: number): (number | null)[] {
  const bytes = base64ToBytes(text);
  if (!bytes || bytes.length !== n * 8) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const x = view.getFloat64(i * 8, true);
    values[i] = x === -Infinity ? null : x;
  }
  return values;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i;

/** Base64 to bytes: the browser's own decoder where it has one, else a table decoder (no binary string). */
function base64ToBytes(text: string): Uint8Array | undefined {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) {
    try {
      return native(text);
    } catch {
      return undefined;
    }
  }
  const size = base64Bytes(text);
  if (size < 0) return undefined;
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = CODES[text.charCodeAt(i)] ?? -1;
    const b = CODES[text.charCodeAt(i + 1)] ?? -1;
    const c = text.charCodeAt(i + 2) === 61 ? 0 : CODES[text.charCodeAt(i + 2)] ?? -1;
    const d = text.charCodeAt(i + 3) === 61 ? 0 : CODES[text.charCodeAt(i + 3)] ?? -1;
    if ((a | b | c | d) < 0) return undefined;
    const x = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < size) out[o++] = x >> 16;
    if (o < size) out[o++] = (x >> 8) & 255;
    if (o < size) out[o++] = x & 255;
  }
  return out;
}

const unpackStep = (s: WireStep): WireStep => (s && s.matrix ? { ...s, matrix: unpackMatrix(s.matrix) } : s);

function unpackResult(r: WireResult): WireResult {
  if (!r || !Array.isArray(r.steps)) return r;
  return {
    ...r,
    inputs: Array.isArray(r.inputs) ? r.inputs.map((i) => (i && i.matrix ? { ...i, matrix: unpackMatrix(i.matrix) } : i)) : r.inputs,
    steps: r.steps.map(unpackStep),
    ...(Array.isArray(r.heads) ? { heads: r.heads.map((h) => (h && Array.isArray(h.steps) ? { ...h, steps: h.steps.map(unpackStep) } : h)) } : {}),
    ...(r.headGrid && Array.isArray(r.headGrid.heads) && r.headGrid.mean
      ? { headGrid: { ...r.headGrid, heads: r.headGrid.heads.map((m) => (m ? unpackMatrix(m) : m)), mean: unpackMatrix(r.headGrid.mean) } }
      : {}),
  };
}

/** The message with every packed matrix of a data state made readable (decoded when first read). */
export function unpackMessage(m: HostMessage): HostMessage {
  if (m.type !== 'state' || m.state.kind !== 'data') return m;
  const state: ViewState = { ...m.state, result: unpackResult(m.state.result) };
  return { ...m, state };
}
