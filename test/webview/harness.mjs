#!/usr/bin/env node
// Dev harness for the webview bundle: serves dist/ and harness.html on 127.0.0.1, posts view states to the
// page as the extension host would, checks the DOM hooks, and takes screenshots in light, dark and
// high-contrast themes with playwright-core + the system Chromium.
//
//   node esbuild.js                       # build dist/webview.js + dist/webview.css first
//   node test/webview/harness.mjs         # run the checks, write screenshots to out/webview-harness/
//   node test/webview/harness.mjs --out DIR
//   node test/webview/harness.mjs --serve # just serve; open the printed URL (?theme=light|dark|hc&autoload=1)
//
// Exit code 1 when a check fails. CHROMIUM=/path overrides the browser (default /usr/bin/chromium).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const outDir = path.resolve(repo, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'out/webview-harness');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

// ------------------------------------------------------------------ server

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' };

function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    const file = p === '/' || p === '/harness.html' ? path.join(here, 'harness.html')
      : p === '/sample-state.json' ? path.join(here, 'sample-state.json')
      : p.startsWith('/dist/') ? path.join(repo, path.normalize(p).replace(/^(\.\.[/\\])+/, ''))
      : undefined;
    if (p === '/favicon.ico') { res.writeHead(204).end(); return; }
    if (!file || !file.startsWith(repo)) { res.writeHead(404).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ------------------------------------------------------------------ view states

const sample = JSON.parse(await readFile(path.join(here, 'sample-state.json'), 'utf8'));

const matmul = (a, b) => a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
const transpose = (a) => a[0].map((_, j) => a.map((r) => r[j]));
const softmaxRows = (a) => a.map((row) => {
  const m = Math.max(...row);
  const e = row.map((x) => (x === -Infinity ? 0 : Math.exp(x - m)));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((x) => x / s);
});
const wire = (a) => ({ rows: a.length, cols: a[0].length, values: a.flat().map((x) => (x === -Infinity ? null : x)) });
const rowsOf = (m) => Array.from({ length: m.rows }, (_, i) => m.values.slice(i * m.cols, (i + 1) * m.cols));
const diagnostics = (w) => w.map((row) => ({
  sum: row.reduce((p, q) => p + q, 0),
  entropy: -row.reduce((p, q) => p + (q > 0 ? q * Math.log(q) : 0), 0),
  argmax: row.indexOf(Math.max(...row)),
}));

/** The sample with a causal mask: a `masked` step with −∞ (null) entries, weights and output recomputed. */
function maskedState() {
  const s = structuredClone(sample);
  const steps = s.result.steps;
  const scaled = rowsOf(steps.find((x) => x.id === 'scaled').matrix);
  const masked = scaled.map((row, i) => row.map((x, j) => (j > i ? -Infinity : x)));
  const w = softmaxRows(masked);
  const V = rowsOf(steps.find((x) => x.id === 'V').matrix);
  const wIdx = steps.findIndex((x) => x.id === 'weights');
  const base = steps[wIdx];
  steps.splice(wIdx, 0, {
    id: 'masked', title: 'Causal mask', formula: 'M_{ij} = \\begin{cases} \\text{logit}_{ij} & j \\le i \\\\ -\\infty & j > i \\end{cases}',
    description: 'query i may only attend to keys j ≤ i (upper-left aligned, as PyTorch is_causal=True); masked entries become −∞ and get weight 0.',
    matrix: wire(masked), rowLabels: base.rowLabels, colLabels: base.colLabels,
  });
  steps[wIdx + 1] = { ...base, formula: 'A = \\operatorname{softmax}\\left(M\\right)', matrix: wire(w) };
  const out = steps.find((x) => x.id === 'output');
  out.matrix = wire(matmul(w, V));
  s.result.options.mask = 'causal';
  s.result.diagnostics = diagnostics(w);
  return s;
}

/** A self-attention over 96 tokens of width 80 (above the canvas threshold), deterministic. */
function largeState() {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const L = 96, d = 80, dk = 8;
  const labels = Array.from({ length: L }, (_, i) => `tok_${i + 1}`);
  const idx = (n) => Array.from({ length: n }, (_, i) => String(i));
  const X = Array.from({ length: L }, () => Array.from({ length: d }, rand));
  const W = () => Array.from({ length: d }, () => Array.from({ length: dk }, () => rand() * 0.3));
  const [WQ, WK, WV] = [W(), W(), W()];
  const Q = matmul(X, WQ), K = matmul(X, WK), V = matmul(X, WV);
  const S = matmul(Q, transpose(K));
  const sc = S.map((r) => r.map((x) => x / Math.sqrt(dk)));
  const A = softmaxRows(sc);
  const Z = matmul(A, V);
  const input = (role, roleTitle, name, m, rowLabels) => ({ role, roleTitle, name, source: 'inferred', matrix: wire(m), rowLabels, colLabels: idx(m[0].length), range: { start: { line: 3, character: 0 }, end: { line: 3, character: 20 } } });
  const step = (id, title, formula, m, colLabels, derivation) => ({ id, title, formula, description: sample.result.steps.find((x) => x.id === id).description, matrix: wire(m), rowLabels: labels, colLabels, ...(derivation ? { derivation } : {}) });
  return {
    kind: 'data', title: 'big_model.py · whole file', settings: { precision: 4, canvasThreshold: 64 },
    result: {
      options: { score: 'scaled_dot', mask: 'none', temperature: 1 }, dk, queryLabels: labels, keyLabels: labels, diagnostics: diagnostics(A),
      inputs: [input('x', 'X', 'X', X, labels), input('wq', 'W_Q', 'W_Q', WQ, idx(d)), input('wk', 'W_K', 'W_K', WK, idx(d)), input('wv', 'W_V', 'W_V', WV, idx(d))],
      steps: [
        step('Q', 'Queries', 'Q = X W_{Q}', Q, idx(dk), { left: 'X', leftSymbol: 'x', right: 'W_Q', rightSymbol: 'w^{q}', rightAxis: 'col' }),
        step('K', 'Keys', 'K = X W_{K}', K, idx(dk), { left: 'X', leftSymbol: 'x', right: 'W_K', rightSymbol: 'w^{k}', rightAxis: 'col' }),
        step('V', 'Values', 'V = X W_{V}', V, idx(dk), { left: 'X', leftSymbol: 'x', right: 'W_V', rightSymbol: 'w^{v}', rightAxis: 'col' }),
        step('scores', 'Alignment scores', 'S = Q K^{\\top}', S, labels, { left: 'Q', leftSymbol: 'q', right: 'K', rightSymbol: 'k', rightAxis: 'row' }),
        step('scaled', 'Scaled scores', `\\frac{Q K^{\\top}}{\\sqrt{d_k}} = \\frac{S}{\\sqrt{${dk}}}`, sc, labels, { left: 'Q', leftSymbol: 'q', right: 'K', rightSymbol: 'k', rightAxis: 'row', divisor: Math.sqrt(dk) }),
        step('weights', 'Attention weights', 'A = \\operatorname{softmax}\\left(\\frac{Q K^{\\top}}{\\sqrt{d_k}}\\right)', A, labels),
        step('output', 'Context vectors', 'Z = A V', Z, idx(dk), { left: 'weights', leftSymbol: 'a', right: 'V', rightSymbol: 'v', rightAxis: 'col' }),
      ],
    },
  };
}

const errorState = {
  kind: 'error', title: 'tutorial.py · selection',
  message: 'words is 4 × 3 but W_Q is 4 × 3: X·W_Q needs as many rows in W_Q as columns in words (3 ≠ 4)',
  range: { start: { line: 14, character: 0 }, end: { line: 14, character: 28 } },
};
const loadingState = { kind: 'loading', title: 'tutorial.py · selection' };

// ------------------------------------------------------------------ checks

const failures = [];
function check(ok, what) {
  console.log(`${ok ? '  ok ' : 'FAIL '} ${what}`);
  if (!ok) failures.push(what);
}

async function openPage(browser, base, theme, { width = 980, height = 900, scale = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${base}/harness.html?theme=${theme}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { page, context, consoleErrors };
}

const post = (page, state) => page.evaluate((s) => window.postMessage({ type: 'state', state: s }, '*'), state);
const text = (page, sel) => page.locator(sel).first().textContent();
const posted = (page) => page.evaluate(() => window.__posted);
const shot = async (target, name) => {
  const file = path.join(outDir, name);
  if (target.url) await target.evaluate(() => window.scrollTo(0, 0));
  await target.screenshot({ path: file, ...(target.url ? { fullPage: true } : {}) });
  console.log(`       screenshot ${path.relative(repo, file)}`);
};

async function healthy(page, consoleErrors, where) {
  const { csp, errors } = await page.evaluate(() => ({ csp: window.__csp, errors: window.__errors }));
  check(csp.length === 0, `${where}: no CSP violations ${csp.length ? JSON.stringify(csp) : ''}`);
  check(errors.length === 0 && consoleErrors.length === 0, `${where}: no errors or warnings in the console ${JSON.stringify([...errors, ...consoleErrors])}`);
}

async function sampleChecks(page) {
  const step = (id) => `section.step[data-step="${id}"]`;
  const cell = (id, i, j) => `${step(id)} td.cell[data-row="${i}"][data-col="${j}"]`;
  check((await page.locator('section.step').count()) === 7, 'seven step sections');
  check((await text(page, '.summary')) === 'L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product, no mask, T = 1', 'summary line');
  check((await page.locator(`${step('output')} td.cell`).count()) === 12, 'output has 4 × 3 cells');
  const v = Number(await page.locator(cell('output', 0, 0)).getAttribute('data-value'));
  check(Math.abs(v - 0.98522025) < 1e-8, `output[0][0] data-value ${v}`);
  check((await text(page, cell('output', 1, 2))) === '0.5', 'output[1][2] shows 0.5');
  check((await text(page, cell('weights', 0, 2))) === '0.7491', 'weights[0][2] shows 0.7491 (4 significant digits)');
  check((await page.locator('section.inputs div.input').count()) === 4, 'four inputs');
  check((await page.locator('section.inputs div.input[data-role="wq"] a.reveal').textContent()) === 'W_Q', 'W_Q input links its name');
  check((await page.locator(`${step('weights')} td.diag[data-diag="argmax"]`).first().textContent()) === 'word_3', 'weights diagnostics: argmax of word_1 is word_3');

  await page.hover(cell('scores', 0, 2));
  const scores = await text(page, `${step('scores')} .cell-explanation`);
  check(scores.includes('q_0·k_2 = 2·2 + 0·4 + 2·3 = 10'), `scores explanation: ${scores}`);
  check((await page.locator(cell('scores', 0, 2)).getAttribute('title')).includes('q_0·k_2 = 2·2 + 0·4 + 2·3 = 10'), 'scores explanation in the tooltip');
  await page.hover(cell('scaled', 0, 2));
  const scaled = await text(page, `${step('scaled')} .cell-explanation`);
  check(scaled.includes('(q_0·k_2)/√3 = 10/1.732 = 5.774'), `scaled explanation: ${scaled}`);
  await page.hover(cell('output', 1, 0));
  const output = await text(page, `${step('output')} .cell-explanation`);
  check(output.includes('a_1·v_{:,0} = 0.4548·1 + 0.04517·0 + 0.4548·1 + 0.04517·0 = 0.9097'), `output explanation: ${output}`);
  await page.hover(cell('Q', 2, 0));
  const q = await text(page, `${step('Q')} .cell-explanation`);
  check(q.includes('x_2·w^q_{:,0} = 1·2 + 1·2 + 0·2 = 4'), `Q explanation: ${q}`);

  await page.focus(cell('scores', 1, 1));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => [document.activeElement?.dataset.row, document.activeElement?.dataset.col]);
  check(focused.join() === '2,2', `arrow keys move the focus (at ${focused})`);
  check((await text(page, `${step('scores')} .cell-explanation`)).includes('q_2·k_2'), 'focus shows the explanation');

  await page.click('section.step[data-step="K"] vscode-collapsible >> .collapsible-header');
  await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('vscodeState') ?? '{}').collapsed?.K === true);
  check(true, 'collapsing a step is remembered in the webview state');
  await page.reload();
  await page.waitForSelector('section.step[data-step="output"] td.cell');
  check((await page.locator('section.step[data-step="K"] vscode-collapsible').evaluate((c) => c.open)) === false, 'after a reload the persisted view is shown at once, K still collapsed');

  await page.click('section.inputs div.input[data-role="x"] a.reveal');
  await page.click('vscode-button.recompute');
  const msgs = await posted(page);
  check(msgs.some((m) => m.type === 'reveal' && m.range.start.line === 10), 'input link posts reveal with the range');
  check(msgs.some((m) => m.type === 'recompute'), 'the refresh button posts recompute');
}

// ------------------------------------------------------------------ main

if (!existsSync(path.join(repo, 'dist/webview.js')) || !existsSync(path.join(repo, 'dist/webview.css'))) {
  console.error('dist/webview.js or dist/webview.css is missing: run `node esbuild.js` first');
  process.exit(2);
}
const server = await startServer();
const base = `http://127.0.0.1:${server.address().port}`;
if (serveOnly) {
  console.log(`serving ${base}/harness.html?theme=dark&autoload=1 (Ctrl+C to stop)`);
} else {
  const { chromium } = await import('playwright-core');
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  try {
    for (const theme of ['light', 'dark', 'hc']) {
      console.log(`[${theme}] sample`);
      const { page, context, consoleErrors } = await openPage(browser, base, theme);
      await post(page, sample);
      await page.waitForSelector('section.step[data-step="output"] td.cell');
      await page.evaluate(() => document.fonts.ready);
      await shot(page, `sample-${theme}.png`);
      await page.screenshot({ path: path.join(outDir, `top-${theme}.png`), clip: { x: 0, y: 0, width: 980, height: 460 } });
      await page.hover('section.step[data-step="scaled"] td.cell[data-row="0"][data-col="2"]');
      await shot(page.locator('section.step[data-step="scaled"]'), `hover-scaled-${theme}.png`);
      if (theme === 'dark') await sampleChecks(page);
      await healthy(page, consoleErrors, theme);
      await context.close();
    }

    {
      console.log('[dark] narrow panel');
      const { page, context, consoleErrors } = await openPage(browser, base, 'dark', { width: 420, height: 800 });
      await post(page, sample);
      await page.waitForSelector('section.step[data-step="output"] td.cell');
      await page.hover('section.step[data-step="weights"] td.cell[data-row="2"][data-col="1"]');
      await shot(page, 'narrow-dark.png');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `no horizontal page overflow in a 420 px panel (${overflow} px)`);
      await healthy(page, consoleErrors, 'narrow');
      await context.close();
    }

    console.log('[dark → light] theme switch, masked, error, loading, large');
    {
      const { page, context, consoleErrors } = await openPage(browser, base, 'dark', { scale: 2 });
      await post(page, maskedState());
      await page.waitForSelector('section.step[data-step="masked"] td.cell');
      const masked = page.locator('section.step[data-step="masked"] td.cell[data-row="0"][data-col="3"]');
      check((await masked.textContent()) === '−∞' && (await masked.getAttribute('data-value')) === '-Infinity', 'masked entry shows −∞, data-value -Infinity');
      const before = await page.locator('section.step[data-step="scores"] td.cell[data-row="2"][data-col="2"]').evaluate((e) => e.style.backgroundColor);
      await page.evaluate(() => window.__setTheme('light'));
      await page.waitForFunction((b) => document.querySelector('section.step[data-step="scores"] td.cell[data-row="2"][data-col="2"]')?.style.backgroundColor !== b, before);
      check(true, 'heatmap colours follow a theme switch');
      await page.hover('section.step[data-step="weights"] td.cell[data-row="1"][data-col="0"]');
      const w = await text(page, 'section.step[data-step="weights"] .cell-explanation');
      check(w.includes('a_{1,0} = exp(2.309) / (exp(2.309) + exp(0) + exp(−∞) + exp(−∞))'), `softmax explanation: ${w}`);
      await shot(page, 'masked-light.png');

      await post(page, errorState);
      await page.waitForSelector('.error-message');
      check((await text(page, '.error-message')) === errorState.message, 'error message shown');
      check((await page.locator('section.step').count()) === 0, 'error state shows no steps (no half state)');
      await page.click('a.reveal');
      check((await posted(page)).some((m) => m.type === 'reveal' && m.range.start.line === 14), '"Show in editor" posts reveal');
      await shot(page, 'error-light.png');

      await post(page, loadingState);
      await page.waitForSelector('vscode-progress-ring');
      await page.waitForTimeout(700);
      await shot(page, 'loading-light.png');

      const broken = structuredClone(sample);
      broken.result.steps[3].matrix.values.pop();
      await post(page, broken);
      await page.waitForSelector('.error-message');
      check((await text(page, '.error-message')).includes('step scores: 15 values for a 4 × 4 matrix'), 'a malformed result is shown as an error, not half a panel');
      await post(page, loadingState);
      await post(page, { ...sample, kind: 'bogus' });
      await post(page, { type: 'nonsense' });
      check((await page.locator('vscode-progress-ring').count()) === 1, 'invalid messages are ignored');

      await page.evaluate(() => window.__setTheme('dark'));
      await post(page, largeState());
      await page.waitForSelector('section.step[data-step="scores"] canvas.heatmap');
      check((await page.locator('section.step[data-step="scores"] td.cell').count()) === 0, 'a 96 × 96 matrix is drawn on a canvas');
      const canvas = page.locator('section.step[data-step="scores"] canvas.heatmap');
      const px = await canvas.evaluate((c) => [c.width, c.getBoundingClientRect().width]);
      check(px[0] === 2 * px[1], `the canvas is drawn at the device pixel ratio (${px[0]} px for ${px[1]} CSS px)`);
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      await canvas.hover({ position: { x: box.width * 0.5 + 1, y: box.height * 0.25 + 1 } });
      const readout = await text(page, 'section.step[data-step="scores"] .cell-explanation');
      check(readout.includes("query tok_25, key tok_49") && readout.includes('q_24·k_48'), `canvas hover readout: ${readout.slice(0, 120)}`);
      await shot(page.locator('section.step[data-step="scores"]'), 'large-canvas-dark.png');
      await healthy(page, consoleErrors, 'states');
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(failures.length ? `\n${failures.length} check(s) failed` : '\nall checks passed');
  process.exit(failures.length ? 1 : 0);
}
