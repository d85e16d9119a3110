/**
 * The entry of dist/indexWorker.js: a thin Node adapter that carries messages between the host and the
 * host-independent {@link IndexCore} (a browser Web Worker would do the same with `self.onmessage`).
 */
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { IndexCore } from '../../core/index/indexCore';
import type { IndexRequest } from '../../core/index/protocol';
import { GrammarLoader } from '../../core/parse/treeSitter';

const port = parentPort;
if (port) {
  const wasmDir = (workerData as { wasmDir?: string } | undefined)?.wasmDir ?? __dirname;
  const core = new IndexCore(new GrammarLoader((file) => path.join(wasmDir, file)));
  port.on('message', (req: IndexRequest) => {
    void core.handle(req).then((res) => {
      if (res) port.postMessage(res);
    });
  });
}
