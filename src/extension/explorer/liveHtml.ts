/** The page of the "Live Attention" view (see webviewPage/page.ts). */
import type * as vscode from 'vscode';
import { makeNonce, webviewPage } from '../webviewPage/page';

export function liveHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, makeNonce(), { title: 'Live Attention', bundle: 'live', fonts: false });
}
