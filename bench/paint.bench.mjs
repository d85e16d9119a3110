#!/usr/bin/env node
// Paint benchmark of the panel's webview: loads the real bundle (dist/webview.js, dist/webview.css) in headless
// Chromium on the webview harness page (test/webview/harness.html), posts view states built by the real engine
// exactly as the extension host builds them (analyze → toWireResult → controlsState → packState), and prints
// the time from the state message to the first frame that shows it (the webview's own `painted` message,
// posted from a timeout queued in the animation frame after rendering).
//
//   npm run bench:paint                 # node esbuild.js && node --import tsx bench/paint.bench.mjs
//   node --import tsx bench/paint.bench.mjs --runs 7 --json
//
// Cases: the NumPy tutorial (4 words); L = 64 with 64 × 64 W_Q, W_K, W_V (eleven 64 × 64 matrices); L = 1024
// (X 1024 × 64) with its 1024 × 1024 scores and weights; a temperature change re-paint at L = 64 (a new state
// with the values of T = 0.9 after T = 1, alternating). Also prints the size of each state message as JSON
// (what VS Code serialises) and the host's packing time. Targets (issue 11): tutorial < 50 ms, L = 64 < 150 ms,
// L = 1024 < 400 ms, re-paint < 30 ms. Exit code 1 when a median misses its target and --check is given.
//
// CHROMIUM=/path overrides the browser (default /usr/bin/chromium).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { analyze } from '../src/core/analyze.ts';
import { GrammarLoader } from '../src/core/parse/treeSitter.ts';
import { toWireResult } from '../src/shared/wire.ts';
import { controlsState } from '../src/extension/controls.ts';

/** The host's packing of large matrices (absent in builds before it existed: then the state goes as it is). */
const pack = await import('../src/extension/panel/pack.ts').catch(() => ({}));

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const asJson = args.includes('--json');
const enforce = args.includes('--check');
/** `--profile N`: a CPU profile of the N-th case's measured paints; prints the functions with the most self time. */
const profileCase = args.includes('--profile') ? Number(args[args.indexOf('--profile') + 1]) : undefined;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

// ------------------------------------------------------------------ states from the engine

const loader = new GrammarLoader((file) => path.join(repo, 'dist', file));
const settings = { precision: 4, canvasThreshold: 64, colorMap: 'theme' };

async function state(title, text, options = {}) {
  const analysis = await analyze(loader, { sources: [{ text, language: 'python' }], target: { source: 0 }, roles: {}, options });
  if (!analysis.ok) throw new Error(`${title}: ${analysis.error.message}`);
  return {
    kind: 'data', title, result: toWireResult(analysis.value.result), settings: { ...settings, ...defaultSettings() },
    controls: controlsState(options, {}, analysis.value.extraction, analysis.value.roles, false),
  };
}

/** The extension's default display settings, read from package.json (what a user without settings gets). */
function defaultSettings() {
  const props = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).contributes.configuration;
  const all = Object.assign({}, ...(Array.isArray(props) ? props : [props]).map((c) => c.properties));
  const out = {};
  for (const [k, v] of Object.entries(all)) {
    const m = /^attentionExplorer\.display\.(\w+)$/.exec(k);
    if (m && v.default !== undefined) out[m[1]] = v.default;
  }
  return out;
}

const random = (L, d) => `import numpy as np

np.random.seed(0)
X = np.random.randn(${L}, ${d})
W_Q = np.random.randn(${d}, ${d}) / ${Math.sqrt(d).toFixed(3)}
W_K = np.random.randn(${d}, ${d}) / ${Math.sqrt(d).toFixed(3)}
W_V = np.random.randn(${d}, ${d}) / ${Math.sqrt(d).toFixed(3)}
`;

/** The state as the host posts it (packState when the build has it), its JSON size and the packing time. */
function wire(s) {
  const t = performance.now();
  const sent = typeof pack.packState === 'function' ? pack.packState(s) : s;
  const ms = performance.now() - t;
  return { sent, bytes: JSON.stringify(sent).length, packMs: ms };
}

// ------------------------------------------------------------------ page

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json' };

function serve() {
  const server = createServer(async (req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = p === '/' || p === '/harness.html' ? path.join(repo, 'test/webview/harness.html')
      : p.startsWith('/dist/') ? path.join(repo, path.normalize(p).replace(/^(\.\.[/\\])+/, '')) : undefined;
    if (!file || !file.startsWith(repo)) { res.writeHead(404).end(); return; }
    try {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Posts `state` and resolves with the milliseconds until the webview reported it painted. */
function timePaint(page, state) {
  return page.evaluate((s) => new Promise((resolve) => {
    const posted = window.__posted;
    const push = posted.push;
    const t0 = performance.now();
    posted.push = function (...items) {
      if (items.some((m) => m.type === 'painted' && m.run === s.run)) {
        posted.push = push;
        resolve(performance.now() - t0);
      }
      return push.apply(this, items);
    };
    window.postMessage({ type: 'state', state: s }, '*');
  }), state);
}

/** The 25 functions with the most self time in a CDP CPU profile. */
function printProfile(profile) {
  const self = new Map();
  const dt = new Map();
  profile.samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0)));
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
  }
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
  // Who calls the layout reads (forced layouts): their callers' chains, by time.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const chains = new Map();
  for (const n of profile.nodes) {
    if (!/getBoundingClientRect|offsetHeight|offsetWidth|clientWidth|getComputedStyle/.test(n.callFrame.functionName)) continue;
    const names = [];
    for (let p = parent.get(n.id); p && names.length < 5; p = parent.get(p.id)) names.push(`${p.callFrame.functionName || '?'}:${p.callFrame.lineNumber + 1}`);
    const key = `${n.callFrame.functionName} ← ${names.join(' ← ')}`;
    chains.set(key, (chains.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
  }
  for (const [k, ms] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`  layout read ${ms.toFixed(1).padStart(7)} ms  ${k}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const tutorial = await state('tutorial.py · selection', readFileSync(path.join(repo, 'examples/attention_numpy_tutorial.py'), 'utf8'));
  const l64 = await state('random_64.py · whole file', random(64, 64));
  const l64cold = await state('random_64.py · whole file', random(64, 64), { temperature: 0.9 });
  const l1024 = await state('random_1024.py · whole file', random(1024, 64));
  const w = l1024.result.steps.find((s) => s.id === 'weights').matrix;
  const full = !w.sampledFrom && w.rows === 1024 && w.cols === 1024;

  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/harness.html?theme=dark`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));

  let run = 0;
  const loading = async () => {
    await page.evaluate(() => window.postMessage({ type: 'state', state: { kind: 'loading', title: 'loading' } }, '*'));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  };
  const rows = [];
  const cdp = profileCase === undefined ? undefined : await page.context().newCDPSession(page);
  if (cdp) await cdp.send('Profiler.enable');
  const measure = async (name, target, states, { fromLoading = true } = {}) => {
    const profiling = cdp && rows.length + 1 === profileCase;
    if (profiling) await cdp.send('Profiler.start');
    const times = [];
    const sizes = states.map(wire);
    // One warm-up (compiles the bundle's code paths), then `runs` measured paints.
    for (let k = 0; k <= runs; k++) {
      const s = sizes[k % sizes.length];
      if (fromLoading) await loading();
      const ms = await timePaint(page, { ...s.sent, run: ++run });
      if (k > 0) times.push(ms);
    }
    const row = { name, median: median(times), min: Math.min(...times), max: Math.max(...times), target, messageMB: sizes[0].bytes / 1e6, packMs: sizes[0].packMs };
    rows.push(row);
    if (profiling) printProfile((await cdp.send('Profiler.stop')).profile);
    if (!asJson) {
      console.log(`${name.padEnd(44)} median ${row.median.toFixed(1).padStart(7)} ms  (min ${row.min.toFixed(1)}, max ${row.max.toFixed(1)})  target < ${target} ms ${row.median < target ? 'ok' : 'MISSED'}   message ${row.messageMB.toFixed(2)} MB, packed in ${row.packMs.toFixed(1)} ms`);
    }
  };

  await measure('tutorial (4 × 3, one head)', 50, [tutorial]);
  await measure('L = 64 with W tables (eleven 64 × 64)', 150, [l64]);
  await measure(`L = 1024, ${full ? 'full-resolution' : `SAMPLED ${w.rows} × ${w.cols}`} 1024² weights`, 400, [l1024]);
  // Temperature drag: the panel shows T = 1, then a new state with the values of T = 0.9 (and back), no loading between.
  await loading();
  await timePaint(page, { ...wire(l64).sent, run: ++run });
  await measure('re-paint after a temperature change, L = 64', 30, [l64cold, l64], { fromLoading: false });

  const counts = await page.evaluate(() => ({ elements: document.querySelectorAll('*').length, tables: document.querySelectorAll('table.matrix').length, canvases: document.querySelectorAll('canvas.heatmap').length }));
  if (!asJson) console.log(`L = 64 page after the re-paints: ${counts.elements} elements, ${counts.tables} tables, ${counts.canvases} canvas heatmaps`);
  if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  if (asJson) console.log(JSON.stringify({ rows, counts, errors }, null, 1));
  await browser.close();
  server.close();
  if (errors.length || (enforce && rows.some((r) => r.median >= r.target))) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
