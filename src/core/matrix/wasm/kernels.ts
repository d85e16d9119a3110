/**
 * The WebAssembly SIMD kernels (assembly/kernels.ts, built to `dist/attention-kernels.wasm` by
 * `node esbuild.js`) behind a small JavaScript API on {@link Matrix}. They give the same bits as the
 * JavaScript kernels in `../ops.ts`, which remain the fallback (no WebAssembly SIMD, or the kernels were not
 * installed) and the test oracle.
 *
 * The host says where the kernels are with {@link provideWasmKernels} (the extension on activation, the CLI at
 * start-up; tests install them from `dist/`); they are compiled on first use. The core never reads files.
 */
import type { Matrix } from '../matrix';
import { fitMemory, instantiateSync } from '../../wasm/instance';

/** File name of the compiled kernels, next to the bundles in `dist/`. */
export const KERNELS_WASM_FILE = 'attention-kernels.wasm';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  packPanels(b: number, k: number, m: number, bt: number, pack: number): void;
  matmul(a: number, b: number, c: number, n: number, k: number, m: number, bt: number, pack: number): void;
  scale(x: number, out: number, len: number, s: number): void;
  softmaxRows(x: number, out: number, rows: number, cols: number, diag: number, scaled: number, s: number): void;
  applyMask(x: number, keep: number, out: number, len: number): void;
  exp(x: number): number;
  expAll(x: number, out: number, len: number): void;
  log(x: number): number;
}

/** What {@link WasmKernels.attention} does after the scores: each stage is skipped when undefined. */
export interface ChainPlan {
  /** Multiply the scores by this factor (the `scaled` step). */
  readonly scale?: number;
  /** `(L, S)` bytes, 0 = masked: masked logits become `−∞` (the `masked` step). */
  readonly keep?: Uint8Array;
  /** Multiply the logits by this factor before the softmax (`1 / T`; not a step of its own). */
  readonly invTemperature?: number;
}

/** Every matrix of one attention head, from the scores to the output, and per-row diagnostics. */
export interface ChainResult {
  readonly scores: Matrix;
  readonly scaled?: Matrix;
  readonly masked?: Matrix;
  readonly weights: Matrix;
  readonly output: Matrix;
  /** Per query: sum of the weights, entropy (nats), index of the largest weight. */
  readonly diagnostics: { sum: number; entropy: number; argmax: number }[];
}

/**
 * About this many multiply-adds (products) or entries (element-wise kernels, times 16 for the softmax) per call
 * into WebAssembly: a long kernel runs as several calls on consecutive blocks of rows, because V8 first runs a
 * module in its baseline compiler and switches to the optimised code (about twice as fast) only between calls.
 * A first product of 2048 × 2048 would otherwise run entirely in baseline code. A call costs well under a µs.
 */
const CALL_WORK = 1 << 22;

/**
 * One instance of the kernels with a bump allocator over its memory, reset at the start of each call. The
 * memory grows to the largest call's need (about 8·L·S bytes for an attention head) and is kept for the next.
 */
export class WasmKernels {
  private constructor(private readonly x: KernelExports) {}

  /** Compiles and instantiates `bytes` synchronously; undefined when this runtime lacks WebAssembly SIMD. */
  static create(bytes: Uint8Array<ArrayBuffer>): WasmKernels | undefined {
    const exports = instantiateSync(bytes, 'attention kernels');
    return exports && new WasmKernels(exports as unknown as KernelExports);
  }

  /** Offsets of blocks of the given byte sizes, growing memory when needed; undefined when they do not fit. */
  private reserve(byteCounts: readonly number[]): number[] | undefined {
    const base = align(this.x.heapBase());
    const offsets: number[] = [];
    let top = base;
    for (const n of byteCounts) {
      offsets.push(top);
      top = align(top + n);
    }
    return fitMemory(this.x.memory, top) ? offsets : undefined;
  }

  private f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.x.memory.buffer, offset, length);
  }

  private put(offset: number, data: Float64Array): void {
    this.f64(offset, data.length).set(data);
  }

  /** A fresh copy of `length` doubles at `offset` (`set` on a new array is several times faster than `slice`). */
  private take(offset: number, length: number): Float64Array {
    const out = uninitialized(length);
    out.set(this.f64(offset, length));
    return out;
  }

  /**
   * The product kernel on operands in memory (offsets as for `matmul` in assembly/kernels.ts, `pp` its packing
   * space), as one packing and calls of about {@link CALL_WORK} multiply-adds.
   */
  private product(pa: number, pb: number, pc: number, n: number, k: number, m: number, bt: boolean, pp: number): void {
    this.x.packPanels(pb, k, m, bt ? 1 : 0, pp);
    const step = Math.max(4, Math.floor(CALL_WORK / Math.max(1, k * m)) & ~3);
    for (let r = 0; r < n; r += step) {
      this.x.matmul(pa + r * k * 8, pb, pc + r * m * 8, Math.min(step, n - r), k, m, bt ? 1 : 0, pp);
    }
  }

  /**
   * The row softmax kernel (`pd`: diagnostics or 0; `psc`: where to write `x · s`, whose softmax it then is,
   * or 0) in calls of about {@link CALL_WORK} / 16 entries.
   */
  private softmax(px: number, po: number, rows: number, cols: number, pd: number, psc = 0, s = 1): void {
    const step = Math.max(1, Math.floor(CALL_WORK / 16 / Math.max(1, cols)));
    for (let r = 0; r < rows; r += step) {
      this.x.softmaxRows(px + r * cols * 8, po + r * cols * 8, Math.min(step, rows - r), cols, pd && pd + r * 24, psc && psc + r * cols * 8, s);
    }
  }

  /** `out = x · s` over `len` doubles in calls of {@link CALL_WORK} entries. */
  private scaleAt(px: number, po: number, len: number, s: number): void {
    for (let i = 0; i < len; i += CALL_WORK) this.x.scale(px + i * 8, po + i * 8, Math.min(CALL_WORK, len - i), s);
  }

  /** The mask kernel over `len` entries (`pk`: one byte per entry) in calls of {@link CALL_WORK} entries. */
  private maskAt(px: number, pk: number, po: number, len: number): void {
    for (let i = 0; i < len; i += CALL_WORK) this.x.applyMask(px + i * 8, pk + i, po + i * 8, Math.min(CALL_WORK, len - i));
  }

  /**
   * `A·B` (`bt` false, `B: (k, m)`) or `A·Bᵀ` (`bt` true, `B: (m, k)`), `A: (n, k)` → `(n, m)`. The caller has
   * checked the shapes. Undefined when the operands do not fit in the kernels' memory.
   */
  matmul(a: Matrix, b: Matrix, bt: boolean): Matrix | undefined {
    const n = a.rows, k = a.cols, m = bt ? b.rows : b.cols;
    const at = this.reserve([a.data.length * 8, b.data.length * 8, n * m * 8, k * m * 8]);
    if (!at) return undefined;
    const [pa, pb, pc, pp] = at;
    this.put(pa, a.data);
    this.put(pb, b.data);
    this.product(pa, pb, pc, n, k, m, bt, pp);
    return { rows: n, cols: m, data: this.take(pc, n * m) };
  }

  /** `a · s`, same shape. */
  scale(a: Matrix, s: number): Matrix | undefined {
    const at = this.reserve([a.data.length * 8]);
    if (!at) return undefined;
    this.put(at[0], a.data);
    this.scaleAt(at[0], at[0], a.data.length, s);
    return { rows: a.rows, cols: a.cols, data: this.take(at[0], a.data.length) };
  }

  /** Row-wise softmax, as `softmaxRows` in ops.ts. */
  softmaxRows(a: Matrix): Matrix | undefined {
    const at = this.reserve([a.data.length * 8]);
    if (!at) return undefined;
    this.put(at[0], a.data);
    this.softmax(at[0], at[0], a.rows, a.cols, 0);
    return { rows: a.rows, cols: a.cols, data: this.take(at[0], a.data.length) };
  }

  /** The logits with entries whose `keep` byte is 0 set to `−∞`. */
  applyMask(a: Matrix, keep: Uint8Array): Matrix | undefined {
    const at = this.reserve([a.data.length * 8, keep.length]);
    if (!at) return undefined;
    this.put(at[0], a.data);
    new Uint8Array(this.x.memory.buffer, at[1], keep.length).set(keep);
    this.maskAt(at[0], at[1], at[0], a.data.length);
    return { rows: a.rows, cols: a.cols, data: this.take(at[0], a.data.length) };
  }

  /**
   * One head, `softmax(mask(scale · Q·Kᵀ) / T) · V`, with every intermediate copied out once and nothing
   * copied back in: `Q: (L, d)`, `K: (S, d)`, `V: (S, d_v)`; or, when `scores: (L, S)` is given (score
   * functions other than the dot product), from those scores (then `Q` and `K` are not read). The diagnostics
   * are fused into the softmax's last pass. Bit-identical to the JavaScript kernels run one after the other.
   * Undefined when it does not fit in memory.
   */
  attention(Q: Matrix, K: Matrix, V: Matrix, plan: ChainPlan, scores?: Matrix): ChainResult | undefined {
    const L = scores ? scores.rows : Q.rows, S = scores ? scores.cols : K.rows, d = Q.cols, dv = V.cols;
    const n = L * S;
    const qBytes = scores ? 0 : Q.data.length * 8, kBytes = scores ? 0 : K.data.length * 8;
    const scaledBytes = plan.scale !== undefined ? n * 8 : 0;
    const at = this.reserve([qBytes, kBytes, V.data.length * 8, Math.max(scores ? 0 : d * S, S * dv) * 8, n * 8, scaledBytes, plan.keep ? n : 0, L * dv * 8, L * 24]);
    if (!at) return undefined;
    const [pq, pk, pv, pp, ps, pscaled, pkeep, po, pd] = at;
    let scoreMatrix: Matrix;
    if (scores) {
      this.put(ps, scores.data);
      scoreMatrix = scores;
    } else {
      this.put(pq, Q.data);
      this.put(pk, K.data);
      this.product(pq, pk, ps, L, d, S, true, pp);
      scoreMatrix = { rows: L, cols: S, data: this.take(ps, n) };
    }
    let scaled: Matrix | undefined, masked: Matrix | undefined;
    // Where the weights are: over the scaled scores, or, with scaling alone (the common case, done by the
    // softmax's first pass over each row), over the scores, copied out by then.
    let pw: number;
    if (plan.scale !== undefined && !plan.keep && plan.invTemperature === undefined) {
      pw = ps;
      this.softmax(ps, pw, L, S, pd, pscaled, plan.scale);
      scaled = { rows: L, cols: S, data: this.take(pscaled, n) };
    } else {
      if (plan.scale !== undefined) this.scaleAt(ps, pscaled, n, plan.scale);
      // The logits from here on: the scaled scores when there are some (the scores stay as they are).
      pw = plan.scale !== undefined ? pscaled : ps;
      if (plan.scale !== undefined) scaled = { rows: L, cols: S, data: this.take(pw, n) };
      if (plan.keep) {
        new Uint8Array(this.x.memory.buffer, pkeep, n).set(plan.keep);
        this.maskAt(pw, pkeep, pw, n);
        masked = { rows: L, cols: S, data: this.take(pw, n) };
      }
      if (plan.invTemperature !== undefined) this.scaleAt(pw, pw, n, plan.invTemperature);
      this.softmax(pw, pw, L, S, pd);
    }
    const weights = { rows: L, cols: S, data: this.take(pw, n) };
    const diag = this.f64(pd, L * 3);
    const diagnostics = Array.from({ length: L }, (_, i) => ({ sum: diag[3 * i], entropy: diag[3 * i + 1], argmax: diag[3 * i + 2] }));
    this.put(pv, V.data);
    this.product(pw, pv, po, L, S, dv, false, pp);
    const output = { rows: L, cols: dv, data: this.take(po, L * dv) };
    return { scores: scoreMatrix, ...(scaled ? { scaled } : {}), ...(masked ? { masked } : {}), weights, output, diagnostics };
  }

  /** The kernels' `log` on one number (tests compare it with `Math.log`). */
  log(x: number): number {
    return this.x.log(x);
  }

  /** The kernels' `exp` on one number (tests compare it with `Math.exp`). */
  exp(x: number): number {
    return this.x.exp(x);
  }

  /** `exp` of each entry by the softmax's vector path where it applies, two at a time (tests compare it with `Math.exp`). */
  expAll(xs: Float64Array): Float64Array | undefined {
    const at = this.reserve([xs.length * 8]);
    if (!at) return undefined;
    this.put(at[0], xs);
    this.x.expAll(at[0], at[0], xs.length);
    return this.take(at[0], xs.length);
  }
}

/**
 * A new array of `length` doubles that the caller overwrites entirely. In Node it is not zero-filled first
 * (`Buffer.allocUnsafeSlow`, its own memory, not a pooled slice): for matrices of a few megabytes zeroing
 * costs as much as the copy that follows. Elsewhere (the webview) a plain `Float64Array`.
 */
function uninitialized(length: number): Float64Array {
  if (length < 1 << 14 || typeof Buffer !== 'function') return new Float64Array(length);
  const bytes = Buffer.allocUnsafeSlow(length * 8);
  return new Float64Array(bytes.buffer, bytes.byteOffset, length);
}

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/**
 * Below this many multiply-adds (or entries, for element-wise kernels) the JavaScript kernels are used even
 * when the WebAssembly ones are installed: copying in and out would cost more than it saves. Both give the
 * same bits, so this is only about speed.
 */
export const DEFAULT_MIN_WORK = 4096;

let threshold = DEFAULT_MIN_WORK;
let source: (() => Uint8Array<ArrayBuffer>) | undefined;
/** The compiled kernels; null when they could not be compiled here (the JavaScript kernels are used). */
let active: WasmKernels | null | undefined;

/**
 * Tells the core where the compiled kernels are; they are read and compiled on first use (activation does
 * no work for them). `load` returns the bytes of {@link KERNELS_WASM_FILE}; when it throws, or the bytes do
 * not compile here (no WebAssembly SIMD), the JavaScript kernels are used.
 */
export function provideWasmKernels(load: () => Uint8Array<ArrayBuffer>): void {
  source = load;
  active = undefined;
  threshold = DEFAULT_MIN_WORK;
}

/**
 * Installs the kernels from their bytes now; false (JavaScript kernels kept) when they do not compile.
 * `minWork` (tests) overrides {@link DEFAULT_MIN_WORK}, e.g. 0 to run even 2 × 2 products in WebAssembly.
 */
export function installWasmKernels(bytes: Uint8Array<ArrayBuffer>, minWork = DEFAULT_MIN_WORK): boolean {
  source = undefined;
  active = WasmKernels.create(bytes) ?? null;
  threshold = minWork;
  return active !== null;
}

/** Goes back to the JavaScript kernels (tests and benchmarks compare both). */
export function uninstallWasmKernels(): void {
  source = undefined;
  active = null;
}

/**
 * The installed kernels for a call doing `work` multiply-adds (or touching `work` entries), compiled on the
 * first call after {@link provideWasmKernels}; undefined when none, or when `work` is too small to gain.
 */
export function wasmKernels(work = Infinity): WasmKernels | undefined {
  if (work < threshold) return undefined;
  if (active === undefined && source) {
    try {
      active = WasmKernels.create(source()) ?? null;
    } catch {
      active = null;
    }
  }
  return active ?? undefined;
}
