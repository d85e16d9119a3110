/**
 * The page of the "Live Attention" view: a strict Content Security Policy with a per-load nonce, its script
 * and stylesheet from `dist/` through `asWebviewUri` (needs `localResourceRoots` = `<extension>/dist`).
 */
import * as vscode from 'vscode';
import { makeNonce } from '../panel/html';

export function liveHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = makeNonce();
  const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" nonce="${attr(nonce)}" href="${attr(asset('live.css'))}">
  <title>Live Attention</title>
</head>
<body>
  <main id="root" aria-live="polite"></main>
  <script nonce="${attr(nonce)}" src="${attr(asset('live.js'))}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
