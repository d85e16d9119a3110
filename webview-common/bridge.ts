/**
 * The webview's channel to the extension host, for both webviews (the panel and the Live view): VS Code's
 * `acquireVsCodeApi()`, called once per page, typed by the messages a page posts and the state it persists.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** Posting to the host and the state VS Code keeps while the webview is hidden or reloaded. */
export interface Channel<Message, State> {
  post(message: Message): void;
  /** What an earlier page stored: unvalidated (an older build may have stored something else). */
  getState(): unknown;
  setState(state: State): void;
}

/** The page's channel to the host (the same VS Code API object however often it is asked for). */
export function hostChannel<Message, State>(): Channel<Message, State> {
  const vscode = (api ??= acquireVsCodeApi());
  return { post: (m) => vscode.postMessage(m), getState: () => vscode.getState(), setState: (s) => vscode.setState(s) };
}
