/**
 * Starts the analysis worker as a Node `worker_threads` Worker running dist/indexWorker.js, with the memory
 * budget as V8 resource limits. Needs no `vscode`: tests and benchmarks drive it directly.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerFailure, WorkerPort } from '../../core/index/indexClient';
import type { IndexRequest, IndexResponse } from '../../core/index/protocol';

/**
 * A port to a new worker running `script` (dist/indexWorker.js), whose grammars are read from `wasmDir`.
 * `memoryMb` bounds the worker's heap: past it, the worker stops and the client reports "analysis stopped".
 */
export function spawnNodeWorker(script: string, wasmDir: string, memoryMb: number): WorkerPort {
  const worker = new Worker(script, {
    workerData: { wasmDir },
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(memoryMb / 16))) },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  return {
    post: (message: IndexRequest) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.on('message', (m: IndexResponse) => onMessage(m));
      worker.on('error', (e: Error & { code?: string }) => onFailure(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'memory' } : ({ kind: 'crash', error: e } satisfies WorkerFailure)));
      worker.on('exit', (code) => onFailure({ kind: 'crash', error: new Error(`the worker exited with code ${code}`) }));
    },
    terminate: () => void worker.terminate(),
  };
}
