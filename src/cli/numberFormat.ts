/**
 * The CLI's JSON number formatting in WebAssembly (assembly/format.ts, built to `dist/number-format.wasm` by
 * `node esbuild.js`): blocks of matrix rows become the bytes of their JSON text, `[a,b,…],[…]`, each number
 * exactly as `String(x)` (JSON.stringify) writes it, −∞ as `null`, NaN as `"NaN"` and +∞ as `"Infinity"`.
 * src/cli/jsonStream.ts uses it for large matrices; without it (not built, does not compile here) it formats
 * with `JSON.stringify`, the same text (test/unit/numberFormat.test.ts compares the two).
 */
import type { Matrix } from '../core/matrix/matrix';
import { fitMemory, instantiateSync } from '../core/wasm/instance';

/** File name of the compiled formatter, next to the bundles in `dist/`. */
export const NUMBER_FORMAT_WASM_FILE = 'number-format.wasm';

interface FormatExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  outputBytes(rows: number, cols: number): number;
  writeRows(src: number, rows: number, cols: number, dst: number, comma: number): number;
}

/** One instance of the formatter; its memory holds one block of rows and its text at a time. */
export class WasmNumberFormat {
  private readonly base: number;

  private constructor(private readonly x: FormatExports) {
    this.base = Math.ceil(x.heapBase() / 16) * 16;
  }

  /** Compiles and instantiates `bytes` synchronously; undefined when they do not compile here. */
  static create(bytes: Uint8Array<ArrayBuffer>): WasmNumberFormat | undefined {
    const exports = instantiateSync(bytes, 'number formatting');
    return exports && new WasmNumberFormat(exports as unknown as FormatExports);
  }

  /**
   * The JSON text (ASCII bytes) of rows `i0 … i1 − 1` of `m`, `[a,b,…],[…]`, after a comma when `comma`: a view
   * of the formatter's memory, valid until its next call (copy it to keep it). Undefined when the block does
   * not fit in the formatter's memory (the caller formats it otherwise).
   */
  rows(m: Matrix, i0: number, i1: number, comma: boolean): Uint8Array | undefined {
    const rows = i1 - i0, cols = m.cols, count = rows * cols;
    const src = this.base, dst = src + count * 8;
    const top = dst + this.x.outputBytes(rows, cols);
    if (!fitMemory(this.x.memory, top)) return undefined;
    const buffer = this.x.memory.buffer;
    new Float64Array(buffer, src, count).set(m.data.subarray(i0 * cols, i1 * cols));
    const length = this.x.writeRows(src, rows, cols, dst, comma ? 1 : 0);
    return new Uint8Array(buffer, dst, length);
  }
}

/**
 * A getter that reads and compiles the formatter on its first call (`load` returns the bytes of
 * {@link NUMBER_FORMAT_WASM_FILE}) and returns it then and after; undefined when `load` throws or the bytes do
 * not compile (the JSON writer then uses `JSON.stringify`).
 */
export function lazyNumberFormat(load: () => Uint8Array<ArrayBuffer>): () => WasmNumberFormat | undefined {
  let format: WasmNumberFormat | null | undefined;
  return () => {
    if (format === undefined) {
      try {
        format = WasmNumberFormat.create(load()) ?? null;
      } catch {
        format = null;
      }
    }
    return format ?? undefined;
  };
}
