// Benchmark: CPU time of `require('dist/extension.js')` (what VS Code pays on activation before `activate`
// runs), in fresh Node processes with a stub for the `vscode` module; median of R runs. Target < 50 ms.
// Run after a build: `node bench/require.bench.mjs [R]`.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 9);
const bundle = resolve('dist/extension.js');
const child = `
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolveFilename.call(this, request, ...rest);
};
// Any property of the stub is a constructible function whose properties are again such functions; esbuild's
// interop copies the module's prototype, so the stub is an object whose prototype answers every name.
const anything = new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : k === Symbol.toPrimitive ? () => 0 : anything) });
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: Object.create(new Proxy({}, { get: () => anything })) };
const t0 = process.cpuUsage(), w0 = process.hrtime.bigint();
require(${JSON.stringify(bundle)});
const d = process.cpuUsage(t0);
console.log(JSON.stringify({ cpu: (d.user + d.system) / 1000, wall: Number(process.hrtime.bigint() - w0) / 1e6 }));
`;
const cpu = [], wall = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  cpu.push(m.cpu);
  wall.push(m.wall);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
console.log(`require('dist/extension.js'): median of ${runs} fresh processes: ${median(cpu).toFixed(1)} ms CPU, ${median(wall).toFixed(1)} ms wall (target < 50 ms CPU; node ${process.version})`);
