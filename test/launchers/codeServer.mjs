#!/usr/bin/env node
// E2E launcher for machines without a desktop VS Code download (this one, CI):
// runs the extension's mocha suite (the same `run()` module @vscode/test-electron loads)
// inside the extension host of code-server (= VS Code server + web workbench), with the
// workbench driven by Debian's Chromium through playwright-core. See shared/vscode-e2e.md.
//
// Usage:  node test/launchers/codeServer.mjs
// Needs:  a built extension (dist/extension.js) and compiled tests (out/test/suite/index.js),
//         /usr/bin/chromium (apt-get install chromium), and code-server in the cache
//         (installed on demand by scripts/install-code-server.sh, ~1.5-3 min the first time).
//
// Environment (all optional):
//   AE_EXTENSION_PATH    extension under test (default: the repo root)
//   AE_TESTS_PATH        mocha index module (default: <extension>/out/test/suite/index.js)
//   AE_TEST_WORKSPACE    folder to open (default: <repo>/examples)
//   AE_EXTENSION_ID      publisher.name whose webview the DOM endpoint looks at
//                        (default: from <extension>/package.json)
//   AE_E2E_TIMEOUT_MS    overall timeout (default 360000: the suite takes 3-5 minutes on a loaded 2-core machine)
//   AE_E2E_LOG_DIR       where to copy code-server's and the workbench's logs
//                        (default: <repo>/test-results/e2e)
//   AE_E2E_KEEP=1        keep the per-run temp dir (user data, profile) for inspection
//   AE_E2E_VERBOSE=1     echo code-server's own output too
//   AE_CHROMIUM          browser binary (default: /usr/bin/chromium)
//   AE_CODE_SERVER_NODE, AE_CODE_SERVER_ENTRY  use this Node 24 / code-server entry.js
//                        instead of running scripts/install-code-server.sh
//
// The extension host gets AE_E2E_ENDPOINT=http://127.0.0.1:PORT: a small JSON-over-POST
// server (see test/suite/e2eClient.ts) that answers DOM questions with Playwright:
//   POST /webview/text     {selector, timeoutMs?} -> {texts: string[]}
//   POST /webview/hover    {selector, timeoutMs?} -> {ok: true}
//   POST /webview/click    {selector, timeoutMs?} -> {ok: true}
//   POST /workbench/text   {selector, timeoutMs?} -> {texts: string[]}
//   POST /workbench/hover  {selector, timeoutMs?} -> {ok: true}
//   POST /workbench/click  {selector, timeoutMs?} -> {ok: true}
//   POST /webview/keys     {keys, selector?, text?} -> {ok: true}  (click selector, then press keys)
//   POST /workbench/keys   {keys, selector?, text?} -> {ok: true}  (e.g. F1, then type a command)
//   POST /screenshot       {path, selector?}      -> {ok: true, path}
// `timeoutMs` (default 15000) is how long to wait for a first match; with 0 the *text
// routes answer at once, possibly with an empty list. Errors: HTTP 500 {error}.
// The /webview/* routes and /screenshot with a selector also take an optional `frame`:
// "bundle=NAME" (the webview whose page loads NAME.js: "bundle=live" is the Live view) or a
// text the webview iframe's src must contain; the newest such webview that has the selector
// is used. Without it, the last webview.
//
// Exit code: the test run's (0 = all passed); 1 on timeout or launcher failure.
// Last line, when mocha's spec reporter output was seen: "N passed, N failed"
// (followed by ", N skipped" when some tests were pending).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { chromium } from 'playwright-core';
import { codeServerArgs, codeServerEnv, resolveCodeServer, waitForHealthz, writeCodeServerConfig } from '../../scripts/codeServer.mjs';

const t0 = Date.now();
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const env = process.env;

const extensionPath = path.resolve(env.AE_EXTENSION_PATH || repoRoot);
const testsPath = path.resolve(env.AE_TESTS_PATH || path.join(extensionPath, 'out', 'test', 'suite', 'index.js'));
const workspacePath = path.resolve(env.AE_TEST_WORKSPACE || path.join(repoRoot, 'examples'));
const timeoutMs = Number(env.AE_E2E_TIMEOUT_MS || 360000);
const logDir = path.resolve(env.AE_E2E_LOG_DIR || path.join(repoRoot, 'test-results', 'e2e'));
const chromiumPath = env.AE_CHROMIUM || '/usr/bin/chromium';
const verbose = env.AE_E2E_VERBOSE === '1';
const keep = env.AE_E2E_KEEP === '1';
const DEFAULT_WAIT_MS = 15000;

const secs = (ms) => (ms / 1000).toFixed(1) + 's';
const say = (msg) => console.log(`[e2e +${secs(Date.now() - t0)}] ${msg}`);

function extensionIdOf(dir) {
  if (env.AE_EXTENSION_ID) return env.AE_EXTENSION_ID;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return `${pkg.publisher}.${pkg.name}`;
  } catch {
    return 'attention-explorer.attention-explorer';
  }
}
const extensionId = extensionIdOf(extensionPath);

// ---------------------------------------------------------------- state & cleanup
let server = null; // code-server ChildProcess (its own process group)
let context = null; // playwright persistent browser context
let page = null;
let endpoint = null; // http.Server
let runDir = null;
let serverLogPath = null;
let finished = false;
const logLines = []; // everything codeAutomationLog printed, for the pass/fail count
const consoleLog = []; // the same with levels, saved as <logDir>/console.log
let exitRequested = false;
// Workbench chatter that is not the test run's; shown with AE_E2E_VERBOSE=1 and
// always saved in <logDir>/console.log.
const NOISE = [
  /^\[(ChatModelSelection|AgentHost[^\]]*|AccountPolicyGate|Service Worker|reconnection-grace-time)\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
];

function killServerGroup(signal) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    /* already gone */
  }
}

async function waitForExit(child, ms) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

function copyLogs(workbenchLogs) {
  if (!runDir) return; // nothing ran
  try {
    // Replace only what an earlier run wrote: the dir itself may be shared.
    for (const name of ['code-server.log', 'console.log', 'server-logs', 'workbench-logs']) {
      fs.rmSync(path.join(logDir, name), { recursive: true, force: true });
    }
    fs.mkdirSync(logDir, { recursive: true });
    if (serverLogPath && fs.existsSync(serverLogPath)) {
      fs.copyFileSync(serverLogPath, path.join(logDir, 'code-server.log'));
    }
    const serverSideLogs = runDir && path.join(runDir, 'u', 'logs');
    if (serverSideLogs && fs.existsSync(serverSideLogs)) {
      fs.cpSync(serverSideLogs, path.join(logDir, 'server-logs'), { recursive: true });
    }
    fs.writeFileSync(path.join(logDir, 'console.log'), consoleLog.join('\n') + '\n');
    for (const { relativePath, contents } of workbenchLogs || []) {
      const target = path.join(logDir, 'workbench-logs', relativePath);
      if (!target.startsWith(logDir)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, contents);
    }
  } catch (err) {
    console.error(`[e2e] could not save logs to ${logDir}: ${err.message}`);
  }
}

function printServerLogTail(lines = 40) {
  if (!serverLogPath || !fs.existsSync(serverLogPath)) return;
  const text = fs.readFileSync(serverLogPath, 'utf8').trimEnd().split('\n');
  console.log(`[e2e] last ${Math.min(lines, text.length)} lines of code-server's output:`);
  for (const line of text.slice(-lines)) console.log('  | ' + line);
}

function summaryLine() {
  // mocha "spec" reporter epilogue: "  3 passing (1s)", "  1 pending", "  2 failing"
  let passed = null;
  let failed = null;
  let pending = null;
  const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
  for (const raw of logLines) {
    for (const line of strip(raw).split('\n')) {
      let m;
      if ((m = /^\s*(\d+) passing\b/.exec(line))) passed = Number(m[1]);
      else if ((m = /^\s*(\d+) failing\b/.exec(line))) failed = Number(m[1]);
      else if ((m = /^\s*(\d+) pending\b/.exec(line))) pending = Number(m[1]);
    }
  }
  if (passed === null && failed === null) return null;
  let line = `${passed ?? 0} passed, ${failed ?? 0} failed`;
  if (pending) line += `, ${pending} skipped`;
  return line;
}

async function finish(code, reason, workbenchLogs) {
  if (finished) return;
  finished = true;
  clearTimeout(overallTimer);
  if (reason) say(reason);
  if (code !== 0) printServerLogTail();
  if (context) await withTimeout(context.close().catch(() => {}), 5000);
  killServerGroup('SIGTERM');
  if (!(await waitForExit(server, 5000))) killServerGroup('SIGKILL');
  if (endpoint) endpoint.close();
  copyLogs(workbenchLogs);
  if (runDir && !keep) fs.rmSync(runDir, { recursive: true, force: true });
  else if (runDir) say(`kept ${runDir}`);
  say(`logs in ${logDir}; exit code ${code}`);
  const summary = summaryLine();
  if (summary) console.log(summary);
  process.exit(code);
}

const overallTimer = setTimeout(() => {
  finish(1, `TIMEOUT: no result after ${secs(timeoutMs)} (AE_E2E_TIMEOUT_MS)`);
}, timeoutMs);

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => finish(130, `received ${sig}`));
}
process.on('exit', () => killServerGroup('SIGKILL')); // last resort, synchronous
process.on('unhandledRejection', (err) => finish(1, `launcher error: ${err?.stack || err}`));

// ---------------------------------------------------------------- helpers
class UsageError extends Error {}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function installCodeServer() {
  const started = Date.now();
  const cs = resolveCodeServer(repoRoot, env);
  if (Date.now() - started > 5000) say(`code-server installed in ${secs(Date.now() - started)}`);
  return cs;
}

/**
 * Which of the extension's webviews a request means: `frame` is either `bundle=NAME` (the webview whose page
 * loads `NAME.js`: `live` is the Live view, `webview` the panel) or a text its iframe's src contains.
 */
function frameFilter(frame) {
  if (frame !== undefined && (typeof frame !== 'string' || !/^[\w=.&%-]{1,200}$/.test(frame))) {
    throw new Error('body.frame must be "bundle=NAME" or a short text the iframe src contains');
  }
  const bundle = frame?.startsWith('bundle=') ? frame.slice('bundle='.length) : undefined;
  const also = frame && bundle === undefined ? `[src*="${frame}"]` : '';
  return { iframes: `iframe.webview.ready[src*="extensionId=${extensionId}"]${also}`, bundle };
}

function webviewFrame(frame) {
  return page.frameLocator(frameFilter(frame).iframes).last().frameLocator('iframe#active-frame');
}

/**
 * The webview that `body.frame` names and whose page has `body.selector` (when given), the newest first (no
 * `frame`: the newest webview). The
 * workbench may keep the iframe of a view hidden earlier after the one now shown, and a restored side-bar view
 * has no `purpose=webviewView` in its src, so neither "the last one" nor the src tells the view on screen: the
 * bundle its page loads does. Waits up to the request's time limit; none found: the newest (whose error then
 * says so).
 */
async function webviewWith(body) {
  if (body.frame === undefined) return webviewFrame(undefined); // the newest webview, as it is (the panel, in practice)
  const { iframes, bundle } = frameFilter(body.frame);
  const deadline = Date.now() + (body.timeoutMs ?? DEFAULT_WAIT_MS);
  const has = async (root, selector) => (await root.locator(selector).count().catch(() => 0)) > 0;
  do {
    const n = await page.locator(iframes).count();
    for (let i = n - 1; i >= 0; i--) {
      const root = page.frameLocator(iframes).nth(i).frameLocator('iframe#active-frame');
      if (bundle !== undefined && !(await has(root, `script[src*="/${bundle}.js"]`))) continue;
      if (body.selector === undefined || (await has(root, body.selector))) return root;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  return webviewFrame(body.frame);
}

async function texts(root, body) {
  const selector = requireSelector(body);
  const wait = body.timeoutMs ?? DEFAULT_WAIT_MS;
  const locator = root.locator(selector);
  if (wait > 0) {
    try {
      await locator.first().waitFor({ state: 'attached', timeout: wait });
    } catch (err) {
      throw new Error(`no element matches ${JSON.stringify(selector)} after ${wait} ms (${firstLine(err)})`);
    }
  }
  return { texts: await locator.allInnerTexts() };
}

async function act(root, body, action) {
  const selector = requireSelector(body);
  const wait = body.timeoutMs ?? DEFAULT_WAIT_MS;
  const target = root.locator(selector).first();
  await (action === 'hover' ? target.hover({ timeout: wait }) : target.click({ timeout: wait }));
  return { ok: true };
}

/**
 * Clicks the element, selects its text and types `text` key by key (as a person does), then presses `press`
 * (e.g. "Tab" or "Enter") when given.
 */
async function type(root, body) {
  const selector = requireSelector(body);
  if (typeof body.text !== 'string') throw new Error('body.text must be a string');
  const wait = body.timeoutMs ?? DEFAULT_WAIT_MS;
  await root.locator(selector).first().click({ timeout: wait });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(body.text, { delay: typeof body.delayMs === 'number' ? body.delayMs : 80 });
  if (typeof body.press === 'string') await page.keyboard.press(body.press);
  return { ok: true };
}

/**
 * Presses `keys` in order (e.g. ["Control+Home", "ArrowDown"]), then types `text` when given. With `selector`,
 * clicks that element first to focus it, then moves the mouse away so that only the keys move a hover cursor.
 */
async function pressKeys(root, body) {
  if (!Array.isArray(body.keys) || !body.keys.every((k) => typeof k === 'string')) throw new Error('body.keys must be a list of key names');
  if (body.selector !== undefined) {
    await root.locator(requireSelector(body)).first().click({ timeout: body.timeoutMs ?? DEFAULT_WAIT_MS });
    await page.mouse.move(0, 0);
  }
  for (const key of body.keys) await page.keyboard.press(key);
  if (typeof body.text === 'string') await page.keyboard.type(body.text, { delay: typeof body.delayMs === 'number' ? body.delayMs : 30 });
  return { ok: true };
}

async function screenshot(body) {
  if (typeof body.path !== 'string' || !path.isAbsolute(body.path)) {
    throw new Error('body.path must be an absolute file path');
  }
  fs.mkdirSync(path.dirname(body.path), { recursive: true });
  if (body.selector) {
    const wait = body.timeoutMs ?? DEFAULT_WAIT_MS;
    await (await webviewWith(body)).locator(body.selector).first().screenshot({ path: body.path, timeout: wait });
  } else {
    await page.screenshot({ path: body.path });
  }
  return { ok: true, path: body.path };
}

function requireSelector(body) {
  if (typeof body.selector !== 'string' || !body.selector) throw new Error('body.selector (CSS) is required');
  return body.selector;
}

const firstLine = (err) => String(err?.message || err).split('\n')[0];

const routes = {
  '/webview/text': async (b) => texts(await webviewWith(b), b),
  '/webview/hover': async (b) => act(await webviewWith(b), b, 'hover'),
  '/webview/click': async (b) => act(await webviewWith(b), b, 'click'),
  '/webview/type': async (b) => type(await webviewWith(b), b),
  '/webview/keys': async (b) => pressKeys(await webviewWith(b), b),
  '/workbench/keys': (b) => pressKeys(page, b),
  '/workbench/text': (b) => texts(page, b),
  '/workbench/hover': (b) => act(page, b, 'hover'),
  '/workbench/click': (b) => act(page, b, 'click'),
  '/screenshot': screenshot,
};

function startEndpoint() {
  const srv = http.createServer(async (req, res) => {
    const reply = (status, obj) => {
      const data = JSON.stringify(obj);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
      res.end(data);
    };
    try {
      if (req.method === 'GET' && req.url === '/health') return reply(200, { ok: true, page: !!page });
      const route = routes[req.url];
      if (!route) return reply(404, { error: `no such route: ${req.method} ${req.url}` });
      if (req.method !== 'POST') return reply(405, { error: 'use POST with a JSON body' });
      let raw = '';
      for await (const chunk of req) {
        raw += chunk;
        if (raw.length > 1e6) throw new Error('body too large');
      }
      const body = raw ? JSON.parse(raw) : {};
      if (!page) throw new Error('the workbench page is not open yet');
      reply(200, await route(body));
    } catch (err) {
      reply(500, { error: firstLine(err) });
    }
  });
  return new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

// ---------------------------------------------------------------- main
async function main() {
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) {
    throw new UsageError(`no package.json in extension path ${extensionPath}`);
  }
  const testsFile = fs.existsSync(testsPath) ? testsPath : `${testsPath}.js`;
  if (!fs.existsSync(testsFile)) {
    throw new UsageError(`tests module ${testsPath} does not exist: build the tests first`);
  }
  if (!fs.existsSync(workspacePath)) throw new UsageError(`workspace folder ${workspacePath} does not exist`);
  if (!fs.existsSync(chromiumPath)) {
    throw new UsageError(`no browser at ${chromiumPath}: apt-get install chromium (or set AE_CHROMIUM)`);
  }

  const cs = installCodeServer();
  say(`extension ${extensionId} at ${extensionPath}`);
  say(`tests ${testsPath}; workspace ${workspacePath}`);

  // Per-run dirs under a short path (unix socket paths are limited to 108 bytes).
  const tmpBase = fs.existsSync('/tmp') ? '/tmp' : os.tmpdir();
  runDir = fs.mkdtempSync(path.join(tmpBase, 'ae-e2e-'));
  const dirs = {};
  for (const d of ['u', 'e', 'xc', 'xd', 'xk', 't', 'b']) {
    dirs[d] = path.join(runDir, d);
    fs.mkdirSync(dirs[d], { recursive: true });
  }
  const configFile = path.join(runDir, 'config.yaml');
  writeCodeServerConfig({
    configFile,
    userData: dirs.u,
    extra: {
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'chat.commandCenter.enabled': false,
      'git.enabled': false,
      'github.gitAuthentication': false,
      'workbench.enableExperiments': false,
    },
  });

  endpoint = await startEndpoint();
  const endpointUrl = `http://127.0.0.1:${endpoint.address().port}`;
  say(`DOM endpoint ${endpointUrl}`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  serverLogPath = path.join(runDir, 'code-server.log');
  const serverLog = fs.openSync(serverLogPath, 'a');

  const childEnv = codeServerEnv(env, { xdgConfig: dirs.xc, xdgData: dirs.xd, xdgCache: dirs.xk, tmpDir: dirs.t }, {
    EXTENSIONS_GALLERY: '{}',
    AE_E2E_ENDPOINT: endpointUrl,
    AE_E2E: 'code-server',
  });
  const args = codeServerArgs({ entry: cs.entry, port, userData: dirs.u, extensionsDir: dirs.e, configFile, smokeDriver: true });
  server = spawn(cs.node, args, {
    cwd: runDir,
    env: childEnv,
    detached: true, // own process group: killed as a whole
    stdio: ['ignore', verbose ? 'inherit' : serverLog, verbose ? 'inherit' : serverLog],
  });
  server.on('exit', (code, signal) => {
    if (!finished) finish(1, `code-server exited unexpectedly (code ${code}, signal ${signal})`);
  });
  say(`code-server pid ${server.pid} on ${base}`);
  await waitForHealthz(base, 60000, server);
  say('code-server healthy');

  context = await chromium.launchPersistentContext(dirs.b, {
    executablePath: chromiumPath,
    headless: true,
    // Our own handlers close the browser and the server group in order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1600, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (err) => console.log(`[e2e] page error: ${firstLine(err)}`));
  page.on('crash', () => finish(1, 'the workbench page crashed'));

  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (finished || exitRequested) return; // shutdown chatter
    const parts = Array.isArray(args) ? args : [args];
    // The workbench forwards console calls as (level, [format, ...values]); the
    // extension host's console (mocha's reporter) arrives here too, as 'info'/'error'.
    const text = util.format(...parts);
    logLines.push(text);
    consoleLog.push(`[${type}] ${text}`);
    if (verbose || !NOISE.some((re) => re.test(text))) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    exitRequested = true;
    say(`test run finished in the extension host with exit code ${code}`);
    // Let the exposeFunction call return before the browser is closed.
    setTimeout(() => finish(typeof code === 'number' ? code : 1, null, logs), 0);
  });

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${base}/?folder=${encodeURIComponent(workspacePath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say('opening the workbench');
  await page.goto(url);
}

main().catch((err) => finish(1, `launcher error: ${err instanceof UsageError ? err.message : err?.stack || err}`));
