/**
 * Explanations of sampled cells, asked of the host: an `explain` message per cell, matched to its
 * `explanation` reply (a second ask of a cell whose answer is pending waits for that answer).
 */
import type { HostMessage, WebviewMessage } from '../src/shared/protocol';

type Explanation = Extract<HostMessage, { type: 'explanation' }>;

export class ExplanationRequests {
  private readonly waiting = new Map<string, { promise: Promise<string | undefined>; resolve: (text: string | undefined) => void }>();

  constructor(private readonly post: (message: WebviewMessage) => void) {}

  /** The explanation of real entry (`row`, `col`) of step `step` (of head `head`). */
  request(step: string, head: number | undefined, row: number, col: number): Promise<string | undefined> {
    const key = keyOf(step, head, row, col);
    const known = this.waiting.get(key);
    if (known) return known.promise;
    let resolve!: (text: string | undefined) => void;
    const promise = new Promise<string | undefined>((r) => (resolve = r));
    this.waiting.set(key, { promise, resolve });
    this.post(head === undefined ? { type: 'explain', step, row, col } : { type: 'explain', step, head, row, col });
    return promise;
  }

  /** A reply from the host. */
  answer(m: Explanation): void {
    const key = keyOf(m.step, m.head, m.row, m.col);
    const w = this.waiting.get(key);
    if (!w) return;
    this.waiting.delete(key);
    w.resolve(m.text);
  }
}

function keyOf(step: string, head: number | undefined, row: number, col: number): string {
  return `${step}|${head ?? ''}|${row}|${col}`;
}
