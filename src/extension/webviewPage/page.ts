/**
 * The HTML page of every webview of the extension (the panel, the Live Attention view): a strict Content
 * Security Policy with a per-load nonce, and the bundle's script and stylesheet from `dist/` through
 * `asWebviewUri` (the webview needs `localResourceRoots` = `<extension>/dist`).
 */
import * as vscode from 'vscode';

/**
 * A fresh nonce for the CSP of one page load (128 random bits from Web Crypto's CSPRNG, base64url). Web Crypto is
 * loaded on the first call; importing `node:crypto` instead costs ≈ 4 ms of CPU on every activation.
 */
export function makeNonce(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
}

export interface PageOptions {
  readonly title: string;
  /** Bundle names in `dist/`: `webview` loads `webview.js` and `webview.css`. */
  readonly bundle: string;
  /** Whether the bundle's CSS loads fonts (KaTeX, codicons). */
  readonly fonts: boolean;
}

export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, page: PageOptions): string {
  const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    ...(page.fonts ? [`font-src ${webview.cspSource}`] : []),
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" nonce="${attr(nonce)}" href="${attr(asset(`${page.bundle}.css`))}">
  <title>${attr(page.title)}</title>
</head>
<body>
  <main id="root"></main>
  <script nonce="${attr(nonce)}" src="${attr(asset(`${page.bundle}.js`))}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
