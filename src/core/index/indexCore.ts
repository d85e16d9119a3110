/**
 * The analysis worker's logic, host-independent: it answers {@link IndexRequest}s one at a time with the
 * document's matrices and problems. It imports nothing from Node or VS Code (a browser Web Worker can host it
 * too); the host adapter only carries messages (see src/extension/index/indexWorker.ts).
 */
import { InputError, internalErrorMessage } from '../errors';
import { extractMatrices } from '../parse/index';
import { ProgramCache } from '../parse/python/incremental';
import type { GrammarLoader } from '../parse/treeSitter';
import type { IndexRequest, IndexResponse } from './protocol';

export class IndexCore {
  /** The incremental evaluation state of each indexed document. */
  private readonly caches = new Map<string, ProgramCache>();
  /** Requests run one after another (the parser and the caches are not re-entrant). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly loader: GrammarLoader) {}

  /** Loads every grammar (a host says "ready" after this, so that loading never counts against a request's budget). */
  async warm(): Promise<void> {
    await Promise.all((['python', 'javascript', 'typescript', 'tsx'] as const).map((g) => this.loader.parser(g)));
  }

  /** Answers `req` (undefined for `drop`, which needs no answer). Never throws: a bug is an internal-error answer. */
  handle(req: IndexRequest): Promise<IndexResponse | undefined> {
    const next = this.queue.then(() => this.run(req));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(req: IndexRequest): Promise<IndexResponse | undefined> {
    if (req.type === 'ack') return undefined; // handled by the host adapter (see splitAnswer)
    if (req.type === 'drop') {
      this.caches.get(req.key)?.dispose(); // frees the syntax trees it keeps
      this.caches.delete(req.key);
      return undefined;
    }
    const started = performance.now();
    try {
      let extraction;
      if (req.type === 'index') {
        let cache = this.caches.get(req.key);
        if (!cache) this.caches.set(req.key, (cache = new ProgramCache()));
        extraction = await extractMatrices(this.loader, req.sources, undefined, req.limits, cache);
      } else {
        extraction = await extractMatrices(this.loader, req.sources, req.target, req.limits);
      }
      return { type: 'done', id: req.id, extraction, buildMs: performance.now() - started };
    } catch (e) {
      if (req.type === 'index') this.caches.get(req.key)?.dispose();
      if (e instanceof InputError) return { type: 'failed', id: req.id, message: e.message, internal: false };
      return { type: 'failed', id: req.id, message: internalErrorMessage('the document index', e), internal: true };
    }
  }
}

/** Most matrix entries and most items (matrices + problems) in one message to the host. */
const PART_ENTRIES = 1 << 19;
const PART_ITEMS = 500;

/**
 * An answer as the messages to send: `part`s of at most {@link PART_ITEMS} items and about
 * {@link PART_ENTRIES} entries, then the `done` with the rest. The host acknowledges each part before the next
 * is sent, so that reading any one message stays short (the host's event loop is never blocked long).
 */
export function splitAnswer(res: IndexResponse): IndexResponse[] {
  if (res.type !== 'done') return [res];
  const out: IndexResponse[] = [];
  const { matrices, problems } = res.extraction;
  let m = 0, p = 0;
  for (;;) {
    const start = m;
    let entries = 0;
    while (m < matrices.length && m - start < PART_ITEMS && (m === start || entries + matrices[m].matrix.data.length <= PART_ENTRIES)) entries += matrices[m++].matrix.data.length;
    const pStart = p;
    p = Math.min(problems.length, p + PART_ITEMS - (m - start));
    const extraction = { matrices: matrices.slice(start, m), problems: problems.slice(pStart, p) };
    if (m >= matrices.length && p >= problems.length) {
      // The last message carries the rest: the unknown names and the calls' arrays.
      const { unknowns, frames } = res.extraction;
      out.push({ ...res, extraction: { ...extraction, ...(unknowns ? { unknowns } : {}), ...(frames ? { frames } : {}) } });
      return out;
    }
    out.push({ type: 'part', id: res.id, extraction });
  }
}
