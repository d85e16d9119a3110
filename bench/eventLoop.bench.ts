/**
 * `npm run bench:eventloop`: the host's event-loop delay with pathological files opened and edited, analysed
 * in the worker (dist/indexWorker.js; run `npm run build` first). Exits 1 when the loop was blocked 50 ms or
 * more. Run it on a quiet machine: on a loaded one, the thread also waits for a core (the idle figure shows how long).
 */
import * as path from 'node:path';
import { IndexClient } from '../src/core/index/indexClient';
import { spawnNodeWorker } from '../src/extension/index/nodeWorker';
import { describeFigures, measureEventLoop } from './eventLoop';

const dist = path.join(process.cwd(), 'dist');
const client = new IndexClient({ spawn: () => spawnNodeWorker(path.join(dist, 'indexWorker.js'), dist, 1024), timeoutMs: () => 2000, memoryMb: () => 1024 });
measureEventLoop(client, 10).then((f) => {
  client.dispose();
  console.log(describeFigures(f));
  process.exitCode = f.maxMs < 50 ? 0 : 1;
}, (e: unknown) => {
  client.dispose();
  console.error(e);
  process.exitCode = 1;
});
