/**
 * The entry of dist/indexWorker.js: a thin Node adapter that carries messages between the host and the
 * host-independent {@link IndexCore} (a browser Web Worker would do the same with `self.onmessage`).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { IndexCore } from '../../core/index/indexCore';
import type { IndexRequest, IndexResponse } from '../../core/index/protocol';
import { KERNELS_WASM_FILE, provideWasmKernels } from '../../core/matrix/wasm/kernels';
import { GrammarLoader } from '../../core/parse/treeSitter';

const port = parentPort;
if (port) {
  const wasmDir = (workerData as { wasmDir?: string } | undefined)?.wasmDir ?? __dirname;
  // The evaluator's matrix kernels in WebAssembly, as on the host (bit-identical to the JS ones).
  provideWasmKernels(() => readFileSync(path.join(wasmDir, KERNELS_WASM_FILE)));
  const core = new IndexCore(new GrammarLoader((file) => path.join(wasmDir, file)));
  void core.warm().then(() => port.postMessage({ type: 'ready' } satisfies IndexResponse));
  port.on('message', (req: IndexRequest) => {
    void core.handle(req).then((res) => {
      if (res) port.postMessage(res);
    });
  });
}
