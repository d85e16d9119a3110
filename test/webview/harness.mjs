#!/usr/bin/env node
// Dev harness for the webview bundle: serves dist/ and harness.html on 127.0.0.1, posts view states to the
// page as the extension host would, checks the DOM hooks, and takes screenshots in light, dark and
// high-contrast themes with playwright-core + the system Chromium.
//
//   node esbuild.js                                       # build dist/ (webview bundle, grammars) first
//   node --import tsx test/webview/harness.mjs            # run the checks, screenshots to test-results/webview-harness/
//   node --import tsx test/webview/harness.mjs --out DIR
//   node --import tsx test/webview/harness.mjs --serve    # just serve; open the printed URL (?theme=light|dark|hc&autoload=1&sample=heads)
//
// `npm run test:webview` runs the checks (a stage of `npm test`). The sample states are built in memory from
// the real pipeline (test/webview/sampleStates.ts): the NumPy tutorial, two heads with W_O, a mask matrix with
// key padding, Bahdanau's additive score, and an error with the controls. The harness posts them, drives the
// controls and checks what the webview posts back.
//
// Exit code 1 when a check fails, 2 when it cannot run (no build, no browser). CHROMIUM=/path overrides the
// browser (default /usr/bin/chromium, Debian's, as the code-server launcher uses).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpolateViridis } from 'd3-scale-chromatic';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const outDir = path.resolve(repo, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'test-results/webview-harness');
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
      : p.startsWith('/dist/') ? path.join(repo, path.normalize(p).replace(/^(\.\.[/\\])+/, ''))
      : undefined;
    if (p === '/favicon.ico') { res.writeHead(204).end(); return; }
    const named = /^\/sample-state(?:-([a-z]+))?\.json$/.exec(p);
    if (named) {
      const state = states[named[1] ?? 'sample'];
      if (state) res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' }).end(JSON.stringify(state));
      else res.writeHead(404).end();
      return;
    }
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

if (!existsSync(path.join(repo, 'dist/webview.js')) || !existsSync(path.join(repo, 'dist/webview.css'))) {
  console.error('dist/webview.js or dist/webview.css is missing: run `node esbuild.js` first');
  process.exit(2);
}
let sampleStates;
try {
  ({ sampleStates } = await import('./sampleStates.ts'));
} catch (e) {
  console.error(`cannot load test/webview/sampleStates.ts (${e instanceof Error ? e.message : e}): run the harness as \`node --import tsx test/webview/harness.mjs\``);
  process.exit(2);
}
/** The sample states, built by the engine (sampleStates.ts); the server answers /sample-state[-name].json with them. */
const states = await sampleStates();
const { sample, heads: headsSample, mask: maskSample, additive: additiveSample, error: errorWithControls } = states;

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
    id: 'masked', role: 'masked', provenance: { kind: 'mask', of: 'scaled', rules: [{ kind: 'causal', align: 'upper_left', offset: 0 }] }, title: 'Causal mask', formula: 'M_{ij} = \\begin{cases} \\text{logit}_{ij} & j \\le i \\\\ -\\infty & j > i \\end{cases}',
    description: 'query i may only attend to keys j ≤ i (upper-left aligned, as PyTorch is_causal=True); masked entries become −∞ and get weight 0.',
    matrix: wire(masked), rowLabels: base.rowLabels, colLabels: base.colLabels,
  });
  steps[wIdx + 1] = { ...base, formula: 'A = \\operatorname{softmax}\\left(M\\right)', matrix: wire(w), provenance: { kind: 'softmax', of: 'masked', temperature: 1 } };
  const out = steps.find((x) => x.id === 'output');
  out.matrix = wire(matmul(w, V));
  s.result.options.mask = 'causal';
  s.controls.options.mask = 'causal';
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
  // Roles and provenance as the engine gives them (see StepRole and Provenance in src/core/attention/types.ts).
  const ROLE = { Q: 'queries', K: 'keys', V: 'values', scores: 'scores', scaled: 'scaled', weights: 'weights', output: 'output' };
  const operand = (name, symbol) => ({ in: ['X', 'W_Q', 'W_K', 'W_V'].includes(name) ? 'inputs' : 'steps', name, symbol });
  const provenanceOf = (d) => d.kind ? d : { kind: 'product', left: operand(d.left, d.leftSymbol), right: operand(d.right, d.rightSymbol), rightAxis: d.rightAxis, ...(d.divisor ? { divisor: d.divisor } : {}) };
  const step = (id, title, formula, m, colLabels, derivation) => ({ id, role: ROLE[id], title, formula, description: sample.result.steps.find((x) => x.id === id).description, matrix: wire(m), rowLabels: labels, colLabels, ...(derivation ? { provenance: provenanceOf(derivation) } : {}) });
  return {
    kind: 'data', title: 'big_model.py · whole file', settings: { precision: 4, canvasThreshold: 64, colorMap: 'theme' },
    controls: { ...sample.controls, candidates: ['X', 'W_Q', 'W_K', 'W_V'].map((name) => ({ name, rows: name === 'X' ? L : d, cols: name === 'X' ? d : dk })) },
    result: {
      options: sample.result.options, dk, queryLabels: labels, keyLabels: labels, diagnostics: diagnostics(A), notes: [],
      inputs: [input('x', 'X', 'X', X, labels), input('wq', 'W_Q', 'W_Q', WQ, idx(d)), input('wk', 'W_K', 'W_K', WK, idx(d)), input('wv', 'W_V', 'W_V', WV, idx(d))],
      steps: [
        step('Q', 'Queries', 'Q = X W_{Q}', Q, idx(dk), { left: 'X', leftSymbol: 'x', right: 'W_Q', rightSymbol: 'w^{q}', rightAxis: 'col' }),
        step('K', 'Keys', 'K = X W_{K}', K, idx(dk), { left: 'X', leftSymbol: 'x', right: 'W_K', rightSymbol: 'w^{k}', rightAxis: 'col' }),
        step('V', 'Values', 'V = X W_{V}', V, idx(dk), { left: 'X', leftSymbol: 'x', right: 'W_V', rightSymbol: 'w^{v}', rightAxis: 'col' }),
        step('scores', 'Alignment scores', 'S = Q K^{\\top}', S, labels, { left: 'Q', leftSymbol: 'q', right: 'K', rightSymbol: 'k', rightAxis: 'row' }),
        step('scaled', 'Scaled scores', `\\frac{Q K^{\\top}}{\\sqrt{d_k}} = \\frac{S}{\\sqrt{${dk}}}`, sc, labels, { left: 'Q', leftSymbol: 'q', right: 'K', rightSymbol: 'k', rightAxis: 'row', divisor: Math.sqrt(dk) }),
        step('weights', 'Attention weights', 'A = \\operatorname{softmax}\\left(\\frac{Q K^{\\top}}{\\sqrt{d_k}}\\right)', A, labels, { kind: 'softmax', of: 'scaled', temperature: 1 }),
        step('output', 'Context vectors', 'Z = A V', Z, idx(dk), { left: 'weights', leftSymbol: 'a', right: 'V', rightSymbol: 'v', rightAxis: 'col' }),
      ],
    },
  };
}

/** An error without controls (the host found no matrices to offer). */
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
const clearPosted = (page) => page.evaluate(() => { window.__posted.length = 0; });
const shot = async (target, name) => {
  const file = path.join(outDir, name);
  if (target.url) await target.evaluate(() => window.scrollTo(0, 0));
  await target.screenshot({ path: file, ...(target.url ? { fullPage: true } : {}) });
  console.log(`       screenshot ${path.relative(repo, file)}`);
};
const step = (id, head) => `section.step[data-step="${id}"]${head === undefined ? ':not([data-head])' : `[data-head="${head}"]`}`;
const cell = (id, i, j, head) => `${step(id, head)} td.cell[data-row="${i}"][data-col="${j}"]`;

/** A property of the option with `value` of a vscode-single-select (`value` is a property, not an attribute). */
const option = (page, selector, value, prop) => page.locator(selector).evaluate((s, [v, p]) => [...s.querySelectorAll('vscode-option')].find((o) => o.value === v)?.[p], [value, prop]);

/** Opens a vscode-single-select and clicks the option with `value` (as a user would, through its shadow DOM). */
async function choose(page, selector, value) {
  const index = await page.locator(selector).evaluate((s, v) => [...s.querySelectorAll('vscode-option')].findIndex((o) => o.value === v), value);
  if (index < 0) throw new Error(`${selector} has no option ${value}`);
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.click(`${selector} .select-face, ${selector} .combobox-face`);
  await page.click(`${selector} li.option[data-index="${index}"]`);
}

/** Waits until the webview posted a message matching `pred` (after the last clearPosted). */
async function waitPosted(page, pred, what, timeout = 2000) {
  const end = Date.now() + timeout;
  for (;;) {
    const msgs = await posted(page);
    const m = msgs.find(pred);
    if (m || Date.now() > end) {
      check(!!m, `${what}${m ? '' : ` (posted: ${JSON.stringify(msgs).slice(0, 300)})`}`);
      return m;
    }
    await page.waitForTimeout(25);
  }
}

/** The state the host would send after setOptions (only the options change here; the numbers are the sample's). */
function withOptions(state, options) {
  const s = structuredClone(state);
  Object.assign(s.result.options, options);
  Object.assign(s.controls.options, options);
  return s;
}

async function healthy(page, consoleErrors, where) {
  const { csp, errors } = await page.evaluate(() => ({ csp: window.__csp, errors: window.__errors }));
  check(csp.length === 0, `${where}: no CSP violations ${csp.length ? JSON.stringify(csp) : ''}`);
  check(errors.length === 0 && consoleErrors.length === 0, `${where}: no errors or warnings in the console ${JSON.stringify([...errors, ...consoleErrors])}`);
}

async function sampleChecks(page) {
  check((await page.locator('section.step').count()) === 7, 'seven step sections');
  check((await page.locator('section.step[data-head]').count()) === 0, 'one head: no step has data-head');
  check((await text(page, '.summary')) === 'L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product, no mask, T = 1, 1 head, softmax', `summary line: ${await text(page, '.summary')}`);
  check((await page.locator(`${step('output')} td.cell`).count()) === 12, 'output has 4 × 3 cells');
  const v = Number(await page.locator(cell('output', 0, 0)).getAttribute('data-value'));
  check(Math.abs(v - 0.98522025) < 1e-8, `output[0][0] data-value ${v}`);
  check((await text(page, cell('output', 1, 2))) === '0.5', 'output[1][2] shows 0.5');
  check((await text(page, cell('weights', 0, 2))) === '0.7491', 'weights[0][2] shows 0.7491 (4 significant digits)');
  check((await page.locator('section.inputs div.input').count()) === 4, 'four inputs');
  check((await page.locator('section.inputs div.input[data-role="wq"] a.reveal').textContent()) === 'W_Q', 'W_Q input links its name');
  check((await page.locator(`${step('weights')} td.diag[data-diag="argmax"]`).first().textContent()) === 'word_3', 'weights diagnostics: argmax of word_1 is word_3');
  check((await page.locator('.notes').count()) === 0, 'no notes callout without notes');

  // Controls and roles show the state.
  const values = await page.evaluate(() => Object.fromEntries(['control-score', 'control-scale-mode', 'control-mask', 'control-mask-convention', 'control-heads', 'control-temperature-value'].map((id) => [id, document.getElementById(id)?.value])));
  check(values['control-score'] === 'scaled_dot' && values['control-mask'] === 'none' && values['control-heads'] === '1' && values['control-scale-mode'] === 'default' && values['control-temperature-value'] === '1', `controls show the options ${JSON.stringify(values)}`);
  check((await page.locator('#control-score vscode-option').count()) === 6, 'all six score functions offered');
  check(await page.locator('#control-mask-convention').isHidden(), 'no mask convention without a mask matrix or key padding');
  check(await option(page, '#control-mask', 'matrix', 'disabled'), 'mask "matrix" disabled without a mask candidate');
  check(JSON.stringify(await page.locator('#control-heads vscode-option').evaluateAll((os) => os.map((o) => o.value))) === '["1","3"]', 'heads: the divisors of the width 3');
  check(!(await page.locator('#control-hard').evaluate((c) => c.checked)), 'hard attention off');
  check(await page.locator('#control-temperature-reset').isDisabled(), 'temperature reset disabled at T = 1');
  for (const role of ['x', 'wq', 'wk', 'wv']) check((await page.locator(`vscode-single-select#role-${role}`).count()) === 1, `role select #role-${role}`);
  check((await page.locator('#role-wq').evaluate((s) => s.value)) === '(inferred)', 'W_Q: inferred');
  check((await page.locator('.role-row[data-role="wq"] vscode-badge').textContent()) === 'inferred', 'W_Q role badge says inferred');
  check(await page.locator('#role-wo').isHidden(), 'W_O is behind "More roles" with one head');
  check((await page.locator(`${step('weights')} svg.attention-lines line.link`).count()) === 16, 'lines view: 16 lines for 4 × 4 weights');
  for (const id of ['Q', 'K', 'V', 'scores', 'scaled', 'weights', 'output']) {
    const n = await page.locator(`${step(id)} button.export`).count();
    const m = await page.locator(`${step(id)} button.save-image`).count();
    if (n !== 4 || m !== 2) check(false, `${id}: 4 export and 2 save buttons (${n}, ${m})`);
  }
  check(true, 'every step has its export and save buttons');

  await page.hover(cell('scores', 0, 2));
  const scores = await text(page, `${step('scores')} .cell-explanation`);
  check(scores.includes('q_0·k_2 = 2·2 + 0·4 + 2·3 = 10'), `scores explanation: ${scores}`);
  check((await page.locator(cell('scores', 0, 2)).getAttribute('title')).includes('q_0·k_2 = 2·2 + 0·4 + 2·3 = 10'), 'scores explanation in the tooltip');
  await page.hover(cell('scaled', 0, 2));
  const scaled = await text(page, `${step('scaled')} .cell-explanation`);
  check(scaled.includes('(q_0·k_2)/√3 = 10/1.732 = 5.774'), `scaled explanation: ${scaled}`);
  await page.hover(cell('output', 1, 0));
  const output = await text(page, `${step('output')} .cell-explanation`);
  check(output.includes('a_1·v[:,0] = 0.4548·1 + 0.04517·0 + 0.4548·1 + 0.04517·0 = 0.9097'), `output explanation: ${output}`);
  await page.hover(cell('Q', 2, 0));
  const q = await text(page, `${step('Q')} .cell-explanation`);
  check(q.includes('x_2·W_Q[:,0] = 1·2 + 1·2 + 0·2 = 4'), `Q explanation: ${q}`);

  // The lines view: hovering a query shows its lines only; a click pins them.
  const svg = `${step('weights')} svg.attention-lines`;
  await page.hover(`${svg} g.token.query[data-q="1"]`);
  const active = await page.locator(`${svg} line.link.active`).evaluateAll((ls) => ls.map((l) => l.dataset.q));
  check(active.length === 4 && active.every((x) => x === '1') && (await page.locator(svg).evaluate((s) => s.classList.contains('focusing'))), 'hovering a query highlights its 4 lines and dims the others');
  await page.click(`${svg} g.token.query[data-q="1"]`);
  await page.mouse.move(5, 5);
  check((await page.locator(`${svg} g.token.query[data-q="1"]`).getAttribute('aria-pressed')) === 'true' && (await page.locator(`${svg} line.link.active`).count()) === 4, 'a click pins the query');
  await page.click(`${svg} g.token.query[data-q="1"]`);
  await page.mouse.move(5, 5);
  check(!(await page.locator(svg).evaluate((s) => s.classList.contains('focusing'))), 'a second click unpins it');

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

  await clearPosted(page);
  await page.click('section.inputs div.input[data-role="x"] a.reveal');
  await page.click('vscode-button.recompute');
  const msgs = await posted(page);
  check(msgs.some((m) => m.type === 'reveal' && m.range.start.line === sample.result.inputs[0].range.start.line), 'input link posts reveal with the range');
  check(msgs.some((m) => m.type === 'recompute'), 'the refresh button posts recompute');
}

/** Drives every control and checks the messages (as parseWebviewMessage on the host will accept them). */
async function controlChecks(page) {
  await clearPosted(page);
  await choose(page, '#control-score', 'dot');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.score === 'dot' && Object.keys(m.options).length === 1, 'choosing "Dot product" posts setOptions {score: "dot"}');

  const bar = await page.evaluateHandle(() => document.querySelector('.controls'));
  await post(page, withOptions(sample, { score: 'dot' }));
  await page.waitForFunction(() => document.getElementById('control-score')?.value === 'dot');
  check(await page.evaluate((b) => b === document.querySelector('.controls'), bar), 'the controls bar is kept across renders (focus and drags survive)');
  check(await page.locator('#control-scale-mode').isHidden(), 'the scale is only offered for scaled_dot');
  await post(page, sample);
  await page.waitForFunction(() => document.getElementById('control-score')?.value === 'scaled_dot');

  await clearPosted(page);
  await choose(page, '#control-score', 'general');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.score === 'general', 'choosing "General" posts setOptions {score: "general"}');

  // Temperature: slider (debounced), number field, reset.
  await clearPosted(page);
  const slider = page.locator('#control-temperature');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width / 2 + k * 5, box.y + box.height / 2);
  const during = (await posted(page)).filter((m) => m.type === 'setOptions').length;
  await page.mouse.up();
  await page.waitForTimeout(300);
  const temps = (await posted(page)).filter((m) => m.type === 'setOptions' && 'temperature' in m.options);
  const shown = await page.locator('#control-temperature-value').evaluate((t) => t.value);
  check(during <= 1 && temps.length >= 1 && temps.length <= 3 && temps.at(-1).options.temperature > 1, `dragging the slider posts debounced temperatures (${temps.map((m) => m.options.temperature)}, ${during} while dragging)`);
  check(Number(shown) === temps.at(-1).options.temperature, `the value shown follows the slider (${shown})`);
  await clearPosted(page);
  await slider.evaluate((s) => { s.value = String(Math.log10(2)); s.dispatchEvent(new Event('input')); s.value = String(Math.log10(0.5)); s.dispatchEvent(new Event('input')); });
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.temperature === 0.5, 'slider input is debounced to one setOptions {temperature: 0.5}');
  check((await posted(page)).filter((m) => m.type === 'setOptions').length === 1, 'one message for two quick slider moves');
  await post(page, withOptions(sample, { temperature: 0.5 }));
  await page.waitForFunction(() => !document.getElementById('control-temperature-reset')?.disabled);
  check(Math.abs((await slider.evaluate((s) => Number(s.value))) - Math.log10(0.5)) < 0.002, 'the slider shows T = 0.5 on a log scale');
  await clearPosted(page);
  await page.click('#control-temperature-reset');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.temperature === 1, 'reset posts temperature 1');
  await clearPosted(page);
  await page.click('#control-temperature-value input');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3');
  await post(page, withOptions(sample, { temperature: 0.5 }));
  await page.waitForTimeout(100);
  check((await page.locator('#control-temperature-value').evaluate((t) => t.value)) === '3' && (await page.evaluate(() => document.activeElement?.id)) === 'control-temperature-value', 'a state arriving while typing keeps the typed text and the focus');
  await page.keyboard.press('Enter');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.temperature === 3, 'typing T = 3 + Enter posts temperature 3');
  await post(page, sample);

  // Scale.
  await clearPosted(page);
  await choose(page, '#control-scale-mode', 'custom');
  await waitPosted(page, (m) => m.type === 'setOptions' && Math.abs(m.options.scale - 1 / Math.sqrt(3)) < 1e-5, 'custom scale starts from 1/√d_k');
  await post(page, withOptions(sample, { scale: 0.57735 }));
  await page.waitForSelector('#control-scale:not([hidden])');
  await clearPosted(page);
  await page.click('#control-scale input');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0.25');
  await page.keyboard.press('Enter');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.scale === 0.25, 'typing a scale posts it');
  check((await text(page, '.summary')).includes('scaled dot-product (scale 0.57735)'), 'the summary states a custom scale');
  await clearPosted(page);
  await choose(page, '#control-scale-mode', 'default');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.scale === null, '1/√d_k posts scale null');
  await post(page, sample);

  // Mask, heads, hard.
  await clearPosted(page);
  await choose(page, '#control-mask', 'causal_lower_right');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.mask === 'causal_lower_right', 'mask select posts causal_lower_right');
  await clearPosted(page);
  await choose(page, '#control-heads', '3');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.heads === 3, 'heads select posts heads 3');
  await clearPosted(page);
  await page.click('#control-hard');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.hard === true, 'hard checkbox posts hard true');
  await post(page, withOptions(sample, { heads: 3 }));
  await page.waitForFunction(() => document.getElementById('control-heads')?.value === '3');
  check((await option(page, '#control-score', 'additive', 'description')).includes('one head only'), 'with 3 heads, the additive score says it has one head only');
  await clearPosted(page);
  await choose(page, '#control-score', 'additive');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.score === 'additive' && m.options.heads === 1, 'choosing additive with 3 heads posts {score: additive, heads: 1}');
  await post(page, sample);

  // Roles.
  await clearPosted(page);
  // By keyboard this time: Enter opens the list, arrows move, Enter chooses (the select keeps the focus).
  const wk = await page.locator('#role-wq').evaluate((sel) => [...sel.querySelectorAll('vscode-option')].findIndex((o) => o.value === 'W_K'));
  await page.focus('#role-wq');
  await page.keyboard.press('Enter');
  for (let k = 0; k < wk; k++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitPosted(page, (m) => m.type === 'setRole' && m.role === 'wq' && m.name === 'W_K', 'choosing W_K for W_Q (keyboard) posts setRole');
  const given = structuredClone(sample);
  given.controls.roles.find((r) => r.role === 'wq').source = 'given';
  given.controls.roles.find((r) => r.role === 'wq').name = 'W_K';
  await post(page, given);
  // (The old select already shows W_K: wait for the new one, whose badge says "given".)
  await page.waitForFunction(() => document.querySelector('.role-row[data-role="wq"] vscode-badge')?.textContent === 'given');
  await page.waitForTimeout(50);
  check((await page.locator('#role-wq').evaluate((s) => s.value)) === 'W_K', 'a chosen role shows its matrix and says given');
  check((await page.evaluate(() => document.activeElement?.id)) === 'role-wq', 'the role select keeps the focus after the re-render');
  await clearPosted(page);
  await choose(page, '#role-wq', '(inferred)');
  await waitPosted(page, (m) => m.type === 'setRole' && m.role === 'wq' && m.name === null, '"(inferred)" gives the role back to inference (name null)');
  await post(page, sample);

  // Export and images.
  await clearPosted(page);
  await page.click(`${step('output')} button.export[data-format="numpy"]`);
  await page.click(`${step('weights')} button.export[data-format="latex"]`);
  const ex = (await posted(page)).filter((m) => m.type === 'export');
  check(JSON.stringify(ex) === JSON.stringify([{ type: 'export', step: 'output', format: 'numpy' }, { type: 'export', step: 'weights', format: 'latex' }]), `export buttons post export ${JSON.stringify(ex)}`);
  await clearPosted(page);
  await page.click(`${step('weights')} button.save-image[data-format="png"]`);
  await page.click(`${step('weights')} button.save-image[data-format="svg"]`);
  const imgs = (await posted(page)).filter((m) => m.type === 'saveImage');
  const png = imgs.find((m) => m.format === 'png');
  const svg = imgs.find((m) => m.format === 'svg');
  check(png?.fileName === 'weights.png' && /^[A-Za-z0-9+/=]+$/.test(png.data) && Buffer.from(png.data, 'base64').subarray(1, 4).toString() === 'PNG', 'Save PNG posts saveImage weights.png with base64 PNG data');
  check(svg?.fileName === 'weights.svg' && svg.data.startsWith('<?xml') && (svg.data.match(/<rect /g) ?? []).length === 17 && svg.data.includes('>0.7491<') && svg.data.includes('>word_3<'), 'Save SVG posts an SVG document with 16 cells, numbers and labels');
  if (png) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(outDir, 'export-weights.png'), Buffer.from(png.data, 'base64'));
    await writeFile(path.join(outDir, 'export-weights.svg'), svg?.data ?? '');
    console.log(`       exported ${path.relative(repo, path.join(outDir, 'export-weights.png'))} and .svg`);
  }
}

async function headsChecks(page) {
  await post(page, headsSample);
  await page.waitForSelector('vscode-tabs.head-tabs');
  check((await page.locator('vscode-tab-header').allTextContents()).join('|') === 'Mean|Head 0|Head 1', 'tabs Mean, Head 0, Head 1');
  check((await page.locator(`vscode-tab-panel[data-tab="-1"] ${step('weights')}`).count()) === 1, 'the Mean tab shows the top-level weights (no data-head)');
  check((await page.locator(step('output')).count()) === 1 && (await page.locator(step('concat')).count()) === 1, 'top-level concat and output steps');
  check((await text(page, '.summary')).includes('d_k = 2 per head') && (await text(page, '.summary')).endsWith('2 heads, softmax'), `summary with heads: ${await text(page, '.summary')}`);
  check(JSON.stringify(await page.locator('#control-heads vscode-option').evaluateAll((os) => os.map((o) => o.value))) === '["1","2","4"]', 'heads: the divisors of 4');
  check(await page.locator('#role-wo').isVisible(), 'W_O is listed with several heads');
  await page.hover(cell('weights', 0, 0));
  const mean = await text(page, `${step('weights')} .cell-explanation`);
  check(mean.includes('ā[0,0] = (a^0 + a^1)/2 = (0.1472 + 0.2687)/2 = 0.208'), `mean explanation: ${mean}`);
  await clearPosted(page);
  await page.click('vscode-tab-header[data-tab="1"]');
  await waitPosted(page, (m) => m.type === 'selectSlice' && m.head === 1 && m.batch.length === 0, 'the Head 1 tab asks the host for head 1 (selectSlice)');
  await page.waitForSelector(step('scores', 1));
  const ids = await page.locator('section.step[data-head="1"]').evaluateAll((ss) => ss.map((s) => s.dataset.step));
  check(ids.join() === 'scores,scaled,weights,output', `head 1 shows its steps (${ids})`);
  check((await page.locator(`${step('weights', 1)} svg.attention-lines`).count()) === 1, 'head weights have the lines view');
  await page.hover(cell('scores', 0, 0, 1));
  const hs = await text(page, `${step('scores', 1)} .cell-explanation`);
  check(hs.includes('q_0·k_0 = 0.5·') && hs.endsWith('= 0.6875'), `head 1 scores explained on its own slice of Q and K: ${hs}`);
  await clearPosted(page);
  await page.click(`${step('output', 1)} button.export[data-format="csv"]`);
  await page.click(`${step('weights', 1)} button.save-image[data-format="svg"]`);
  const msgs = await posted(page);
  check(msgs.some((m) => m.type === 'export' && m.step === 'output' && m.head === 1 && m.format === 'csv'), 'head export posts head: 1');
  check(msgs.some((m) => m.type === 'saveImage' && m.fileName === 'weights_head1.svg'), 'head image is weights_head1.svg');
  // The host answers selectSlice with the same numbers and head 1 current: its tab stays selected.
  await post(page, withHead(headsSample, 1));
  await page.waitForSelector(step('scores', 1));
  check((await page.locator('vscode-tabs.head-tabs').evaluate((t) => t.selectedIndex)) === 2, 'the head the host shows (headGrid.current = 1) is the selected tab');
  await shot(page.locator('section.heads'), 'heads-dark.png');
  await page.click('vscode-tab-header[data-tab="-1"]');
  await post(page, headsSample);
  await headGridChecks(page);
}

/** The state as the host sends it after `selectSlice` with `head`: the same numbers, another current head. */
function withHead(state, head) {
  const s = structuredClone(state);
  s.result.headGrid.current = head;
  return s;
}

/** The heads sample as a batch of 2 (the host's batch fields; the numbers are batch element `index`'s). */
function batched(state, index) {
  const s = structuredClone(state);
  s.result.batch = { shape: [2], index: [index] };
  const x = s.result.inputs.find((i) => i.role === 'x');
  Object.assign(x, { ndShape: [2, x.matrix.rows, x.matrix.cols], sliceIndex: [index] });
  return s;
}

/** The head grid (2 heads and their mean), the batch selector, the lines of every head, N-D inputs. */
async function headGridChecks(page) {
  await page.waitForSelector('section.slices .head-grid');
  const thumbs = await page.locator('.head-grid [role="option"]').evaluateAll((os) => os.map((o) => [o.dataset.head, o.getAttribute('aria-selected'), o.tabIndex, o.querySelector('canvas')?.width]));
  check(JSON.stringify(thumbs) === JSON.stringify([['0', 'false', -1, 5], ['1', 'false', -1, 5], ['mean', 'true', 0, 5]]), `head grid: heads 0, 1 and the mean (selected, in the tab order), 5 × 5 thumbnails (${JSON.stringify(thumbs)})`);
  // The thumbnails are the heads' weights: each pixel of head 1's thumbnail has the colour of head 1's weights cell.
  await page.click('vscode-tab-header[data-tab="1"]');
  await page.waitForSelector(cell('weights', 4, 4, 1));
  const pixels = await page.evaluate(() => {
    const c = document.querySelector('.head-grid [data-head="1"] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = [];
    for (let i = 0; i < c.height; i++) for (let j = 0; j < c.width; j++) {
      const td = document.querySelector(`section.step[data-step="weights"][data-head="1"] td.cell[data-row="${i}"][data-col="${j}"]`);
      const p = 4 * (i * c.width + j);
      out.push([`rgb(${d[p]}, ${d[p + 1]}, ${d[p + 2]})`, td?.style.backgroundColor ?? '']);
    }
    return out;
  });
  const filled = pixels.filter(([, bg]) => bg !== '');
  check(filled.every(([px, bg]) => px === bg) && (filled.length === 25 || filled.length === 0) && new Set(pixels.map(([px]) => px)).size > 2, `head 1's thumbnail has the colours of head 1's weights (${filled.length} cells compared)`);
  await page.click('vscode-tab-header[data-tab="-1"]');
  await clearPosted(page);
  await page.click('.head-grid [data-head="1"]');
  await waitPosted(page, (m) => m.type === 'selectSlice' && m.head === 1 && m.batch.length === 0, 'clicking head 1 posts selectSlice {batch: [], head: 1}');
  await post(page, withHead(headsSample, 1));
  await page.waitForSelector('.head-grid [data-head="1"][aria-selected="true"]');
  check((await page.locator('vscode-tabs.head-tabs').evaluate((t) => t.selectedIndex)) === 2, 'the steps show head 1 (its tab)');
  // Keyboard: a roving tabindex; arrows move, Enter chooses.
  await page.focus('.head-grid [data-head="1"]');
  await page.keyboard.press('ArrowRight');
  check((await page.evaluate(() => document.activeElement?.dataset.head)) === 'mean', 'ArrowRight moves to the mean');
  await page.keyboard.press('Home');
  check((await page.evaluate(() => document.activeElement?.dataset.head)) === '0', 'Home moves to head 0');
  await clearPosted(page);
  await page.keyboard.press('Enter');
  await waitPosted(page, (m) => m.type === 'selectSlice' && m.head === 0, 'Enter on head 0 posts selectSlice {head: 0}');
  const labelled = await page.locator('.head-grid').getAttribute('aria-label');
  check(labelled === 'Heads: choose the head the steps show' && (await page.locator('.head-grid [data-head="1"]').getAttribute('aria-label')) === 'Head 1, shown', 'the grid and its thumbnails are labelled');
  await shot(page.locator('section.slices'), 'head-grid.png');

  // A batch: one selector per batch dimension; choosing element 1 asks the host for it, keeping the head.
  await post(page, batched(withHead(headsSample, 1), 0));
  await page.waitForSelector('.batch-axis[data-axis="0"]');
  check(JSON.stringify(await page.locator('.batch-axis[data-axis="0"] button').evaluateAll((bs) => bs.map((b) => [b.textContent, b.getAttribute('aria-checked')]))) === '[["0","true"],["1","false"]]', 'batch selector: indices 0 (chosen) and 1');
  await clearPosted(page);
  await page.click('.batch-axis[data-axis="0"] button[data-index="1"]');
  await waitPosted(page, (m) => m.type === 'selectSlice' && m.batch.join() === '1' && m.head === 1, 'choosing batch 1 posts selectSlice {batch: [1], head: 1}');
  await post(page, batched(withHead(headsSample, 1), 1));
  await page.waitForSelector('.batch-axis[data-axis="0"] button[data-index="1"][aria-checked="true"]');
  check((await text(page, '.slices-heading')) === 'Heads, batch element [1] of (2)', `the grid says which batch element (${await text(page, '.slices-heading')})`);
  const x = await page.locator('div.input[data-role="x"] .input-heading').evaluate((e) => [e.querySelector('.slice-index')?.textContent, e.querySelector('.shape')?.textContent]);
  check(x[0] === '[1]' && x[1] === '(2, 5, 4)', `an N-D input shows its slice and full shape (${x})`);
  await shot(page.locator('section.slices'), 'head-grid-batch.png');

  // The lines of the mean: every head in its colour, each can be hidden.
  await post(page, batched(headsSample, 1));
  await page.waitForSelector(`${step('weights')} svg.attention-lines`);
  const groups = await page.locator(`${step('weights')} svg.attention-lines g.links`).evaluateAll((gs) => gs.map((g) => [g.dataset.head, g.querySelector('line.link')?.style.stroke]));
  check(groups.length === 2 && groups[0][0] === '0' && groups[1][0] === '1' && groups[0][1] !== groups[1][1], `lines: one group per head, in its own colour (${JSON.stringify(groups)})`);
  await page.click(`${step('weights')} .head-toggles button[data-head="0"]`);
  check(await page.locator(`${step('weights')} svg.attention-lines g.links[data-head="0"]`).isHidden(), 'a head toggle hides that head\'s lines');
  await shot(page.locator(step('weights')), 'head-lines.png');
  await post(page, headsSample);
}

async function maskChecks(page) {
  await post(page, maskSample);
  await page.waitForSelector(`${step('masked')} td.cell`);
  check((await text(page, '.notes')).includes('Every key is masked for query 1'), 'notes callout: query 1 fully masked');
  check(await page.locator('#control-mask-convention').isVisible(), 'the mask convention is shown with a mask matrix');
  check((await page.locator('#control-mask-convention').evaluate((s) => s.value)) === 'keep', 'convention: 1 = attend');
  check((await page.locator('label[for="control-mask-convention"]').textContent()) === 'Mask values' && (await option(page, '#control-mask-convention', 'keep', 'textContent')) === '1 = attend (PyTorch SDPA)', 'the convention is stated: 1 = attend (PyTorch SDPA)');
  const s = await text(page, '.summary');
  check(s.includes('mask attn_mask + key padding key_padding_mask (1 = attend, PyTorch SDPA convention)'), `summary states masks and convention: ${s}`);
  await page.hover(cell('masked', 0, 2));
  const m02 = await text(page, `${step('masked')} .cell-explanation`);
  check(m02.includes('attn_mask[0, 2] = 0 (1 = attend): masked'), `mask matrix explanation: ${m02}`);
  await page.hover(cell('masked', 2, 3));
  const m23 = await text(page, `${step('masked')} .cell-explanation`);
  check(m23.includes('key_padding_mask[3] = 0 (1 = attend): masked'), `key padding explanation: ${m23}`);
  await page.hover(cell('masked', 2, 2));
  check((await text(page, `${step('masked')} .cell-explanation`)).includes('kept, 1.155'), 'a kept entry is explained as kept');
  check((await page.locator(`${step('weights')} svg.attention-lines line.link[data-q="1"]`).count()) === 0, 'a fully masked query draws no lines');
  await clearPosted(page);
  await choose(page, '#control-mask-convention', 'block');
  await waitPosted(page, (m) => m.type === 'setOptions' && m.options.maskConvention === 'block', 'the convention select posts maskConvention block');
  const hard = withOptions(maskSample, { hard: true });
  // Hard weights as the engine gives them: one-hot at each row's argmax of the logits, named in the provenance.
  const hw = hard.result.steps.find((x) => x.role === 'weights');
  const logits = rowsOf(hard.result.steps.find((x) => x.id === hw.provenance.of).matrix);
  const argmax = logits.map((row) => row.reduce((a, x, j) => (x !== null && (a < 0 || x > row[a]) ? j : a), -1));
  Object.assign(hw, { provenance: { kind: 'hardmax', of: hw.provenance.of, argmax }, matrix: wire(argmax.map((a) => logits[0].map((_, j) => (j === a ? 1 : 0)))) });
  await post(page, hard);
  await page.waitForFunction(() => document.getElementById('control-hard')?.checked === true);
  await page.hover(cell('weights', 2, 2));
  const h22 = await text(page, `${step('weights')} .cell-explanation`);
  check(h22.includes('argmax_k logit[2,k] = 2 (logit 1.155): a[2,2] = 1'), `hard attention explanation: ${h22}`);
}

async function errorChecks(page) {
  await post(page, errorWithControls);
  await page.waitForSelector('.error-message');
  check((await text(page, '.error-message')) === errorWithControls.message, 'error with controls: message shown');
  check(await page.locator('.controls').isVisible() && (await page.locator('#control-score').evaluate((s) => s.value)) === 'general', 'error state shows the controls');
  check((await page.locator('section.roles #role-wa').count()) === 1, 'error state shows the roles, W_a among them');
  check((await text(page, '#control-score-hint')).includes('needs W_a'), 'the score hint names the missing W_a');
  await page.click('#control-score-hint a.assign-role[data-role="wa"]');
  check((await page.evaluate(() => document.activeElement?.id)) === 'role-wa', 'the hint link focuses the W_a select');
  await clearPosted(page);
  await choose(page, '#role-wa', 'W_Q');
  await waitPosted(page, (m) => m.type === 'setRole' && m.role === 'wa' && m.name === 'W_Q', 'choosing W_Q as W_a posts setRole');
  check((await page.locator('section.step').count()) === 0, 'error state shows no steps');
}

async function colorMapChecks(page, theme) {
  const viridis = structuredClone(sample);
  viridis.settings.colorMap = 'viridis';
  await post(page, viridis);
  // The global scale (weights 0 … 1); the default, per query, is checked after.
  await page.click('.color-scale button[data-scale="global"]');
  check((await page.locator('.color-scale button[data-scale="global"]').getAttribute('aria-checked')) === 'true', 'the Global colour scale is chosen');
  await page.waitForFunction(() => document.querySelector('section.step[data-step="weights"] td.cell')?.style.backgroundColor === 'rgb(68, 1, 84)' || false, undefined, { timeout: 3000 }).catch(() => {});
  const [low, high] = await page.evaluate(() => ['weights'].flatMap((id) => [
    document.querySelector(`section.step[data-step="${id}"] td.cell[data-row="0"][data-col="1"]`),
    document.querySelector(`section.step[data-step="${id}"] td.cell[data-row="3"][data-col="2"]`),
  ]).map((c) => [c.style.backgroundColor, c.style.color, c.classList.contains('filled')]));
  // 0.00739 ≈ the start of viridis (dark purple, white text); 0.9057 near its end (yellow, black text).
  const css = (c) => { const m = /^#(..)(..)(..)$/.exec(c); return m ? `rgb(${m.slice(1).map((x) => parseInt(x, 16)).join(', ')})` : c; };
  const expected = [0.00739, 0.9057].map((v) => css(interpolateViridis(Math.round(v * 255) / 255)));
  check(low[0] === expected[0] && high[0] === expected[1], `viridis colours (${low[0]}, ${high[0]}; d3: ${expected})`);
  check(low[1] === 'rgb(255, 255, 255)' && high[1] === 'rgb(0, 0, 0)', `text colour by luminance (${low[1]} on ${low[0]}, ${high[1]} on ${high[0]})`);
  check(low[2], `${theme}: explicit colour maps fill the cells`);
  check((await page.locator(`${step('weights')} .heat-legend`).getAttribute('data-scale')) === 'sequential', 'global: the legend says one range (0 … 1)');
  await shot(page.locator(step('weights')), `viridis-${theme}.png`);
  // Per query: each row from its own smallest (viridis 0) to its largest entry (viridis 1), the numbers unchanged.
  await page.click('.color-scale button[data-scale="row"]');
  await page.waitForFunction(() => document.querySelector('.color-scale button[data-scale="row"]')?.getAttribute('aria-checked') === 'true');
  await page.waitForSelector(cell('weights', 0, 0));
  const weights = sample.result.steps.find((x) => x.id === 'weights').matrix;
  const row0 = weights.values.slice(0, weights.cols);
  const [jMin, jMax] = [row0.indexOf(Math.min(...row0)), row0.indexOf(Math.max(...row0))];
  const perRow = await page.evaluate(([a, b]) => [a, b].map((j) => {
    const c = document.querySelector(`section.step[data-step="weights"] td.cell[data-row="0"][data-col="${j}"]`);
    return [c?.style.backgroundColor, c?.textContent];
  }), [jMin, jMax]);
  const ends = [0, 1].map((t) => css(interpolateViridis(t)));
  check(perRow[0][0] === ends[0] && perRow[1][0] === ends[1], `per query: row 0's smallest and largest weights are the ends of viridis (${perRow.map((x) => x[0])}; d3: ${ends})`);
  check(perRow[1][1] === (Math.round(row0[jMax] * 1e4) / 1e4).toString(), `per query: the numbers are unchanged (${perRow[1][1]})`);
  check((await page.locator(`${step('weights')} .heat-legend`).getAttribute('data-scale')) === 'rows', 'per query: the legend says so');
  const persisted = await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscodeState') ?? '{}').colorScale);
  check(persisted === 'row', `the colour scale is kept in the webview state (${persisted})`);
  const magma = structuredClone(headsSample);
  magma.settings.colorMap = 'magma';
  await post(page, magma);
  await page.waitForSelector('vscode-tabs.head-tabs');
  await shot(page.locator(step('Q')), `magma-diverging-${theme}.png`);
}

// ------------------------------------------------------------------ main

if (!serveOnly && !existsSync(executablePath)) {
  console.error(`no browser at ${executablePath}: apt-get install chromium (or set CHROMIUM)`);
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
      console.log(`[${theme}] sample, heads, mask, additive, error`);
      const { page, context, consoleErrors } = await openPage(browser, base, theme);
      await post(page, sample);
      await page.waitForSelector('section.step[data-step="output"] td.cell');
      await page.evaluate(() => document.fonts.ready);
      await shot(page, `sample-${theme}.png`);
      await page.screenshot({ path: path.join(outDir, `top-${theme}.png`), clip: { x: 0, y: 0, width: 980, height: 460 } });
      await page.hover('section.step[data-step="scaled"] td.cell[data-row="0"][data-col="2"]');
      await shot(page.locator('section.step[data-step="scaled"]'), `hover-scaled-${theme}.png`);
      await page.hover(`${step('weights')} svg.attention-lines g.token.query[data-q="0"]`);
      await shot(page.locator(step('weights')), `weights-lines-${theme}.png`);
      if (theme === 'dark') {
        await sampleChecks(page);
        await controlChecks(page);
        await headsChecks(page);
        await maskChecks(page);
        await errorChecks(page);
      }
      await post(page, headsSample);
      await page.waitForSelector('vscode-tabs.head-tabs');
      await page.click('vscode-tab-header[data-tab="0"]');
      await page.waitForSelector(step('weights', 0));
      await shot(page, `heads-${theme}.png`);
      await page.click('vscode-tab-header[data-tab="-1"]');
      await post(page, maskSample);
      await page.waitForSelector(`${step('masked')} td.cell`);
      await shot(page, `mask-${theme}.png`);
      await post(page, additiveSample);
      await page.waitForSelector(`${step('weights')} svg.attention-lines`);
      await shot(page, `additive-${theme}.png`);
      await post(page, errorWithControls);
      await page.waitForSelector('section.roles');
      await shot(page, `error-controls-${theme}.png`);
      await colorMapChecks(page, theme);
      await healthy(page, consoleErrors, theme);
      await context.close();
    }

    console.log('[dark] narrow panel');
    for (const [name, state] of [['sample', sample], ['heads', headsSample], ['mask', maskSample], ['error', errorWithControls]]) {
      const { page, context, consoleErrors } = await openPage(browser, base, 'dark', { width: 420, height: 800 });
      await post(page, state);
      await page.waitForSelector(state.kind === 'data' ? 'section.step[data-step="output"] td.cell' : 'section.roles');
      if (name === 'sample') await page.hover('section.step[data-step="weights"] td.cell[data-row="2"][data-col="1"]');
      await shot(page, `narrow-${name}-dark.png`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `${name}: no horizontal page overflow in a 420 px panel (${overflow} px)`);
      const bar = await page.locator('.controls').boundingBox();
      check(bar.width <= 400, `${name}: the controls wrap within the panel (${bar.width} px)`);
      await healthy(page, consoleErrors, `narrow ${name}`);
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
      check(w.includes('a[1,0] = exp(2.309) / (exp(2.309) + exp(0) + exp(−∞) + exp(−∞)) = 0.9097'), `softmax explanation: ${w}`);
      await page.hover('section.step[data-step="masked"] td.cell[data-row="0"][data-col="3"]');
      const c = await text(page, 'section.step[data-step="masked"] .cell-explanation');
      check(c.includes('key j = 3 > query i = 0: masked'), `causal mask explanation: ${c}`);
      check((await text(page, '.summary')).includes('causal mask, T = 1'), 'summary: causal mask');
      await shot(page, 'masked-light.png');

      await post(page, errorState);
      await page.waitForSelector('.error-message');
      check((await text(page, '.error-message')) === errorState.message, 'error message shown');
      check((await page.locator('section.step').count()) === 0, 'error state shows no steps (no half state)');
      check(await page.locator('.controls').isHidden(), 'an error without controls hides the controls bar');
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
      for (const [what, mutate, expect] of [
        ['an unknown score', (s) => { s.result.options.score = 'bogus'; }, 'options: unknown score bogus'],
        ['a negative temperature', (s) => { s.result.options.temperature = -1; }, 'options: temperature -1'],
        ['heads that do not match', (s) => { s.result.heads = []; }, '0 heads for heads = 1'],
        ['a malformed head step', (s) => { s.result.heads[1].steps[0].matrix.values.pop(); }, 'head 1: step scores: 24 values for a 5 × 5 matrix'],
        ['notes that are not strings', (s) => { s.result.notes = [1]; }, 'note 0: malformed: expected string, got 1'],
        ['a malformed role', (s) => { s.controls.roles[0].source = 'guessed'; }, 'controls: role x: malformed source'],
        ['a malformed candidate', (s) => { s.controls.candidates[0].rows = -1; }, 'controls: candidate word_1: malformed rows'],
      ]) {
        const bad = structuredClone(what === 'a malformed head step' ? headsSample : sample);
        mutate(bad);
        await post(page, loadingState);
        await post(page, bad);
        await page.waitForSelector('.error-message');
        const t = await text(page, '.error-message');
        check(t.includes(expect), `${what} is rejected: ${t}`);
      }
      const badControls = structuredClone(errorWithControls);
      badControls.controls.options.heads = 0;
      await post(page, badControls);
      await page.waitForSelector('.error-message');
      check(await page.locator('.controls').isHidden() && (await page.locator('section.roles').count()) === 0, 'an error with malformed controls shows the message without controls');
      const oddMap = structuredClone(sample);
      oddMap.settings.colorMap = 'rainbow';
      await post(page, oddMap);
      await page.waitForSelector('section.step[data-step="output"] td.cell');
      check(true, 'an unknown colour map falls back to the theme map');
      await post(page, loadingState);
      await post(page, { ...sample, kind: 'bogus' });
      await post(page, { type: 'nonsense' });
      check((await page.locator('vscode-progress-ring').count()) === 1, 'invalid messages are ignored');

      await page.evaluate(() => window.__setTheme('dark'));
      await post(page, largeState());
      await page.waitForSelector('section.step[data-step="scores"] canvas.heatmap');
      check((await page.locator('section.step[data-step="scores"] td.cell').count()) === 0, 'a 96 × 96 matrix is drawn on a canvas');
      check((await page.locator('svg.attention-lines').count()) === 0, 'no lines view for 96 tokens');
      const canvas = page.locator('section.step[data-step="scores"] canvas.heatmap');
      // Full resolution: one canvas pixel per entry, scaled up by CSS without smoothing (sharp at any pixel ratio).
      const px = await canvas.evaluate((c) => [c.width, c.height, c.getBoundingClientRect().width, c.getBoundingClientRect().height, getComputedStyle(c).imageRendering]);
      check(px[0] === 96 && px[1] === 96 && px[2] >= 96 && Math.abs(px[2] - px[3]) < 1 && px[4] === 'pixelated', `the canvas holds one pixel per entry, scaled up square and sharp (${px.join(', ')})`);
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      await canvas.hover({ position: { x: box.width * 0.5 + 1, y: box.height * 0.25 + 1 } });
      const readout = await text(page, 'section.step[data-step="scores"] .cell-explanation');
      check(readout.includes('query 24 (tok_25), key 48 (tok_49)') && readout.includes('q_24·k_48'), `canvas hover readout: ${readout.slice(0, 120)}`);
      await shot(page.locator('section.step[data-step="scores"]'), 'large-canvas-dark.png');
      // Zoom: + goes past "fit" to the next size per entry (the box scrolls sideways), fit comes back.
      const zoomed = async () => canvas.evaluate((c) => [c.getBoundingClientRect().width, c.closest('.heatmap-box').querySelector('.zoom-level').textContent]);
      const fit = await zoomed();
      await page.click('section.step[data-step="scores"] .heatmap-zoom button[data-zoom="1"]');
      const bigger = await zoomed();
      check(bigger[0] > fit[0] && bigger[0] === 96 * Number.parseFloat(bigger[1]) && fit[1] === 'fit', `zoom in: ${fit.join(' ')} → ${bigger.join(' ')}`);
      await page.click('section.step[data-step="scores"] .heatmap-zoom button[data-zoom="0"]');
      check((await zoomed())[0] === fit[0], 'fit again');
      await clearPosted(page);
      await page.click(`${step('weights')} button.save-image[data-format="png"]`);
      const big = (await posted(page)).find((m) => m.type === 'saveImage');
      check(big && Buffer.from(big.data, 'base64').subarray(1, 4).toString() === 'PNG', `a 96 × 96 heatmap saves as PNG (${big ? Math.round(big.data.length / 1024) : 0} KiB base64)`);
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
