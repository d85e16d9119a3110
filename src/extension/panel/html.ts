/**
 * The panel's HTML page: a strict Content Security Policy with a per-load nonce, and every asset loaded
 * from `dist/` through `asWebviewUri` (the webview bundle, its CSS with KaTeX and codicon fonts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce for the CSP of one page load (128 random bits, base64url). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The page of the Attention Explorer panel. The webview script renders into `#root` and posts `ready`
 * once it listens for `state` messages. Needs `localResourceRoots` to include `<extension>/dist`.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" nonce="${attr(nonce)}" href="${attr(asset('webview.css'))}">
  <title>Attention Explorer</title>
</head>
<body>
  <main id="root"></main>
  <script nonce="${attr(nonce)}" src="${attr(asset('webview.js'))}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
