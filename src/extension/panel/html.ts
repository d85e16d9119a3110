/**
 * The panel's HTML page (see webviewPage/page.ts): the webview bundle, its CSS with KaTeX and codicon fonts.
 * The script renders into `#root` and posts `ready` once it listens for `state` messages.
 */
import type * as vscode from 'vscode';
import { webviewPage } from '../webviewPage/page';

export { makeNonce } from '../webviewPage/page';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  return webviewPage(webview, extensionUri, nonce, { title: 'Attention Explorer', bundle: 'webview', fonts: true });
}
