/**
 * The host side of the analysis worker: sends it one request at a time and keeps the host's thread free.
 * A request for a document supersedes the queued or running request for the same document (the running one
 * is cancelled by restarting the worker); one that runs past the time budget, or whose worker runs out of
 * memory, ends as "analysis stopped: <reason>". The worker is reached through {@link WorkerPort}, so the same
 * client drives a `worker_threads` Worker (src/extension/index/nodeWorker.ts) or a browser Web Worker.
 */
import type { Extraction, ParseLimits, SourceDocument, Target } from '../parse/types';
import { internalErrorMessage } from '../errors';
import type { IndexOutcome, IndexRequest, IndexResponse } from './protocol';

/** Why a worker ended without answering: it ran out of memory, or it crashed (a bug). */
export type WorkerFailure = { readonly kind: 'memory' } | { readonly kind: 'crash'; readonly error: unknown };

/** A started worker, as the client sees it. */
export interface WorkerPort {
  post(message: IndexRequest): void;
  /** Registers the handlers (called once, right after the worker is spawned). */
  listen(onMessage: (message: IndexResponse) => void, onFailure: (failure: WorkerFailure) => void): void;
  terminate(): void;
}

export interface IndexClientOptions {
  /** Starts a fresh worker. */
  readonly spawn: () => WorkerPort;
  /** The time budget of one request, in milliseconds (read at the start of each request). */
  readonly timeoutMs: () => number;
  /** The worker's memory budget, in MB (for the message; the host sets the limit when it spawns the worker). */
  readonly memoryMb: () => number;
  /** A request superseded this long after it started is cancelled by restarting the worker (default 100 ms). */
  readonly cancelAfterMs?: number;
}

type Payload = { readonly type: 'index'; readonly key: string; readonly sources: readonly SourceDocument[]; readonly limits: ParseLimits }
  | { readonly type: 'extract'; readonly sources: readonly SourceDocument[]; readonly target?: Target; readonly limits: ParseLimits };

interface Job {
  readonly id: number;
  readonly payload: Payload;
  readonly resolve: (outcome: IndexOutcome) => void;
  started?: number;
  timer?: ReturnType<typeof setTimeout>;
  /** The parts of a large answer received so far. */
  readonly parts: Extraction[];
}

export class IndexClient {
  private worker: WorkerPort | undefined;
  /** The worker has said it is ready (grammars loaded): requests are sent only then. */
  private ready = false;
  private running: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;
  /** Workers started so far (the first, and one after each cancellation, budget overrun or crash). */
  restarts = 0;

  constructor(private readonly options: IndexClientOptions) {}

  /** Indexes the whole document `key` (the worker keeps its incremental state between calls). */
  index(key: string, sources: readonly SourceDocument[], limits: ParseLimits): Promise<IndexOutcome> {
    return this.submit({ type: 'index', key, sources, limits });
  }

  /** The matrices of a selection `target` of `sources`, parsed from scratch in the worker. */
  extract(sources: readonly SourceDocument[], target: Target | undefined, limits: ParseLimits): Promise<IndexOutcome> {
    return this.submit({ type: 'extract', sources, ...(target ? { target } : {}), limits });
  }

  /** Forgets what the worker kept for `key`, and any queued request for it. */
  drop(key: string): void {
    for (const job of this.queue.filter((j) => j.payload.type === 'index' && j.payload.key === key)) this.cancelQueued(job);
    this.worker?.post({ type: 'drop', key });
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.resolve(superseded());
    if (this.running) this.finish(this.running, superseded());
    this.restart();
  }

  private submit(payload: Payload): Promise<IndexOutcome> {
    if (this.disposed) return Promise.resolve(superseded());
    return new Promise<IndexOutcome>((resolve) => {
      const job: Job = { id: this.nextId++, payload, resolve, parts: [] };
      if (payload.type === 'index') {
        // A newer text of the same document supersedes the older one, queued or running.
        for (const old of this.queue.filter((j) => j.payload.type === 'index' && j.payload.key === payload.key)) this.cancelQueued(old);
        const r = this.running;
        if (r && r.payload.type === 'index' && r.payload.key === payload.key && r.started !== undefined && performance.now() - r.started >= (this.options.cancelAfterMs ?? 100)) {
          this.restart();
          this.finish(r, superseded());
        }
      }
      this.queue.push(job);
      this.pump();
    });
  }

  private cancelQueued(job: Job): void {
    this.queue.splice(this.queue.indexOf(job), 1);
    job.resolve(superseded());
  }

  /** Starts the next queued request when none is running. */
  private pump(): void {
    if (this.running || this.disposed || this.queue.length === 0) return;
    const worker = this.ensureWorker();
    if (!this.ready) return; // the worker is starting: its "ready" pumps again
    const job = this.queue.shift() as Job;
    this.running = job;
    job.started = performance.now();
    const budget = this.options.timeoutMs();
    job.timer = setTimeout(() => {
      if (this.running !== job) return;
      this.restart();
      this.finish(job, { ok: false, reason: 'time', message: `analysis stopped: it took longer than ${budget} ms (setting attentionExplorer.limits.analysisTimeout)` });
    }, budget);
    worker.post({ ...job.payload, id: job.id } as IndexRequest);
  }

  private ensureWorker(): WorkerPort {
    if (this.worker) return this.worker;
    const worker = this.options.spawn();
    this.restarts++;
    worker.listen(
      (message) => {
        if (this.worker !== worker) return; // an answer from a worker that was replaced
        if (message.type === 'ready') {
          this.ready = true;
          this.pump();
          return;
        }
        const job = this.running;
        if (!job || job.id !== message.id) return;
        if (message.type === 'part') {
          job.parts.push(message.extraction);
          worker.post({ type: 'ack', id: job.id });
          return;
        }
        this.finish(job, message.type === 'done'
          ? { ok: true, extraction: joinParts([...job.parts, message.extraction]), buildMs: message.buildMs }
          : { ok: false, reason: message.internal ? 'internal' : 'input', message: message.message });
      },
      (failure) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.ready = false;
        worker.terminate();
        const job = this.running ?? this.queue.shift(); // a worker that failed to start fails the first request
        if (!job) return;
        this.finish(job, failure.kind === 'memory'
          ? { ok: false, reason: 'memory', message: `analysis stopped: it needed more than ${this.options.memoryMb()} MB of memory` }
          : { ok: false, reason: 'internal', message: internalErrorMessage('the analysis worker', failure.error) });
      },
    );
    this.worker = worker;
    return worker;
  }

  /** Stops the worker (what it was doing is lost); the next request starts a fresh one. */
  private restart(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.ready = false;
  }

  private finish(job: Job, outcome: IndexOutcome): void {
    if (job.timer) clearTimeout(job.timer);
    if (this.running === job) this.running = undefined;
    job.resolve(outcome);
    this.pump();
  }
}

/** One extraction from the parts of an answer, in order. */
function joinParts(parts: readonly Extraction[]): Extraction {
  if (parts.length === 1) return parts[0];
  const { unknowns, frames } = parts[parts.length - 1];
  return { matrices: parts.flatMap((p) => p.matrices), problems: parts.flatMap((p) => p.problems), ...(unknowns ? { unknowns } : {}), ...(frames ? { frames } : {}) };
}

function superseded(): IndexOutcome {
  return { ok: false, reason: 'superseded', message: 'superseded by a newer edit' };
}
