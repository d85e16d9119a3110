/**
 * What every module of ours compiled from assembly/ (AssemblyScript, `--runtime stub`, its own memory) needs from
 * the host: a synchronous instance, and memory grown to fit the data of a call. The attention kernels
 * (../matrix/wasm/kernels.ts) and the CLI's number formatting (src/cli/numberFormat.ts) use them.
 */

const PAGE = 65536;
/** Largest memory a module may grow to (2 GiB keeps every offset a positive i32). */
const MAX_BYTES = 2 ** 31 - PAGE;

/**
 * Compiles and instantiates `bytes` synchronously; undefined when they do not validate or compile here (a
 * runtime without WebAssembly SIMD). `what` names the module in the error its `abort` throws.
 */
export function instantiateSync(bytes: Uint8Array<ArrayBuffer>, what: string): WebAssembly.Exports | undefined {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return undefined;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { abort: () => { throw new Error(`${what} aborted`); } },
    }).exports;
  } catch {
    return undefined;
  }
}

/** Grows `memory` so that its first `top` bytes exist; false when `top` is beyond {@link MAX_BYTES} or growing fails. */
export function fitMemory(memory: WebAssembly.Memory, top: number): boolean {
  if (top > MAX_BYTES) return false;
  const have = memory.buffer.byteLength;
  if (top <= have) return true;
  try {
    memory.grow(Math.ceil((top - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}
