/**
 * Writes a JSON document in pieces, so that the output for large matrices (millions of entries) never has to
 * exist as one string. Matrices are written row by row straight from their float64 data; `−∞` is `null`.
 */
import { writeSync } from 'node:fs';
import type { Matrix } from '../core/matrix/matrix';

/** Thrown when the reader of the output went away (EPIPE, e.g. `| head -c 100`): the CLI stops quietly. */
export class OutputClosed extends Error {
  override readonly name = 'OutputClosed';
}

/**
 * Writes to a file descriptor in pieces of about 1 MB, synchronously: a slow reader slows the writer down
 * (backpressure, no output piling up in memory); `EAGAIN`/`ENOBUFS` wait and retry; `EPIPE` throws
 * {@link OutputClosed}.
 */
export class FdWriter {
  private buffer = '';
  private closed = false;

  constructor(private readonly fd: number) {}

  write(s: string): void {
    if (this.closed) throw new OutputClosed();
    this.buffer += s;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.closed || !this.buffer) return;
    const bytes = Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.fd, bytes, at, bytes.length - at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'ENOBUFS') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // the reader is slow: wait a little
          continue;
        }
        this.closed = true;
        if (code === 'EPIPE') throw new OutputClosed();
        throw e;
      }
    }
  }
}

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && (x as Matrix).data instanceof Float64Array && typeof (x as Matrix).rows === 'number';
}

function number(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/** Writes `value` as JSON through `write`; {@link Matrix} values become arrays of rows. */
export function writeJson(value: unknown, write: (chunk: string) => void): void {
  if (isMatrix(value)) {
    write('[');
    for (let i = 0; i < value.rows; i++) {
      const row: string[] = new Array(value.cols);
      for (let j = 0; j < value.cols; j++) row[j] = number(value.data[i * value.cols + j]);
      write(`${i ? ',' : ''}[${row.join(',')}]`);
    }
    write(']');
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    value.forEach((v, i) => {
      if (i) write(',');
      writeJson(v, write);
    });
    write(']');
    return;
  }
  if (typeof value === 'object' && value !== null) {
    write('{');
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      write(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      writeJson(v, write);
    }
    write('}');
    return;
  }
  write(typeof value === 'number' ? number(value) : JSON.stringify(value) ?? 'null');
}
