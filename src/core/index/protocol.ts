/**
 * The messages between the host (the extension, or a test) and the analysis worker that builds document
 * indexes. Plain data only (structured-clone safe), so that a `worker_threads` Worker or a browser Web Worker
 * can carry them unchanged.
 */
import type { Extraction, ParseLimits, SourceDocument, Target } from '../parse/types';

/** Host → worker. */
export type IndexRequest =
  /** Index a whole document (or notebook) `key`, reusing what the worker kept from its previous build. */
  | { readonly type: 'index'; readonly id: number; readonly key: string; readonly sources: readonly SourceDocument[]; readonly limits: ParseLimits }
  /** The matrices of a selection (`target`), parsed from scratch (the panel's "Compute on Selection"). */
  | { readonly type: 'extract'; readonly id: number; readonly sources: readonly SourceDocument[]; readonly target?: Target; readonly limits: ParseLimits }
  /** Forget what was kept for `key` (the document was closed). */
  | { readonly type: 'drop'; readonly key: string };

/** Worker → host: the worker has loaded its grammars and takes requests; or the answer to request `id`. */
export type IndexResponse =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly extraction: Extraction; readonly buildMs: number }
  /** Bad input that stops the whole document (too large, not a notebook): `message` is for people. */
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly internal: boolean };

/** What the host learns about one request: the matrices, or why there are none. */
export type IndexOutcome =
  | { readonly ok: true; readonly extraction: Extraction; readonly buildMs: number }
  | {
    readonly ok: false;
    readonly message: string;
    /** Why: bad input, a budget the analysis ran over, a newer edit, or a bug. */
    readonly reason: 'input' | 'time' | 'memory' | 'superseded' | 'internal';
  };
