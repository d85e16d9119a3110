// Client for the DOM endpoint of test/launchers/codeServer.mjs.
//
// Tests run inside the extension host and cannot see the workbench's DOM. When the
// suite runs under code-server, the launcher serves a small JSON API on 127.0.0.1 and
// passes its address in AE_E2E_ENDPOINT; these helpers call it (Node's global fetch).
// Under the desktop launcher (@vscode/test-electron) the variable is absent: guard
// DOM-dependent tests with `hasE2eEndpoint()` and skip them there.

const DEFAULT_TIMEOUT_MS = 15000;

/** True when the launcher's DOM endpoint is available (code-server runs). */
export function hasE2eEndpoint(): boolean {
  return !!process.env.AE_E2E_ENDPOINT;
}

/**
 * Skips the running test where the launcher's DOM endpoint is absent (the desktop launcher), and says why in the
 * output: mocha's `this.skip()` takes no reason. `what`: what the test reads that only code-server exposes.
 */
export function skipWithoutDom(test: Mocha.Context, what: string): void {
  if (hasE2eEndpoint()) return;
  console.log(`      skipped under the desktop launcher: ${what} is not reachable (the code-server launcher serves it)`);
  test.skip();
}

function endpoint(): string {
  const url = process.env.AE_E2E_ENDPOINT;
  if (!url) {
    throw new Error(
      'AE_E2E_ENDPOINT is not set: DOM queries need the code-server launcher ' +
        '(node test/launchers/codeServer.mjs); skip this test under the desktop launcher',
    );
  }
  return url.replace(/\/+$/, '');
}

async function post<T>(route: string, body: Record<string, unknown>, timeoutMs: number): Promise<T> {
  const res = await fetch(endpoint() + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    // The launcher waits up to timeoutMs itself; leave it room to answer.
    signal: AbortSignal.timeout(timeoutMs + 30000),
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`e2e ${route}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const error = (data as { error?: string }).error ?? text;
    throw new Error(`e2e ${route} ${JSON.stringify(body)}: ${error}`);
  }
  return data as T;
}

/**
 * Which webview the webview functions look at: by default the newest one opened; with `frame`, the newest that
 * has the selector among those whose page loads that bundle (`bundle=live`: the Live view in the side bar;
 * `bundle=webview`: the panel) or whose iframe src contains that text.
 */
export const SIDE_BAR_VIEW = 'bundle=live';

const framed = (frame: string | undefined): { frame?: string } => (frame ? { frame } : {});

/**
 * innerText of every element matching `selector` inside the extension's webview
 * (the last one opened, or the last whose iframe src contains `frame`), waiting up
 * to `timeoutMs` for a first match. With `timeoutMs` 0 it answers at once, possibly
 * with an empty list.
 */
export async function webviewText(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS, frame?: string): Promise<string[]> {
  const { texts } = await post<{ texts: string[] }>('/webview/text', { selector, timeoutMs, ...framed(frame) }, timeoutMs);
  return texts;
}

/** Moves the mouse over the first element matching `selector` in the webview. */
export async function webviewHover(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS, frame?: string): Promise<void> {
  await post('/webview/hover', { selector, timeoutMs, ...framed(frame) }, timeoutMs);
}

/** Clicks the first element matching `selector` in the webview. */
export async function webviewClick(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS, frame?: string): Promise<void> {
  await post('/webview/click', { selector, timeoutMs, ...framed(frame) }, timeoutMs);
}

/** Clicks the element in the webview, selects its text, types `text` key by key, then presses `press`. */
export async function webviewType(selector: string, text: string, press?: string, timeoutMs = DEFAULT_TIMEOUT_MS, frame?: string): Promise<void> {
  await post('/webview/type', { selector, text, ...(press ? { press } : {}), timeoutMs, ...framed(frame) }, timeoutMs);
}

/**
 * Presses `keys` in the webview: with `selector`, clicks that element first (to focus it) and moves the mouse
 * away, so that only the keys move a cursor (e.g. the canvas heatmap's). `text` is typed after the keys.
 */
export async function webviewKeys(keys: readonly string[], selector?: string, text?: string, timeoutMs = DEFAULT_TIMEOUT_MS, frame?: string): Promise<void> {
  await post('/webview/keys', { keys, ...(selector ? { selector } : {}), ...(text !== undefined ? { text } : {}), timeoutMs, ...framed(frame) }, timeoutMs);
}

/** Presses `keys` in the workbench (e.g. `F1` opens the command palette), then types `text` when given. */
export async function workbenchKeys(keys: readonly string[], text?: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await post('/workbench/keys', { keys, ...(text !== undefined ? { text } : {}), timeoutMs }, timeoutMs);
}

/**
 * Saves a PNG to `path` (absolute): the whole page, or with `selector` only that
 * element of the webview (of the one whose iframe src contains `frame`, when given).
 */
export async function screenshot(path: string, selector?: string, timeoutMs = DEFAULT_TIMEOUT_MS, frame?: string): Promise<void> {
  await post('/screenshot', selector ? { path, selector, timeoutMs, ...framed(frame) } : { path }, timeoutMs);
}

/**
 * innerText of every element matching `selector` in the workbench page itself
 * (notifications: `.notification-toast .notification-list-item-message`;
 * editor hovers: `.monaco-hover .hover-contents`), waiting up to `timeoutMs`.
 */
export async function workbenchText(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const { texts } = await post<{ texts: string[] }>('/workbench/text', { selector, timeoutMs }, timeoutMs);
  return texts;
}

/** Moves the mouse over the first match in the workbench (e.g. a word in the editor to get its hover). */
export async function workbenchHover(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await post('/workbench/hover', { selector, timeoutMs }, timeoutMs);
}

/** Clicks the first match in the workbench page. */
export async function workbenchClick(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await post('/workbench/click', { selector, timeoutMs }, timeoutMs);
}
