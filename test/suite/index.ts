/**
 * The integration suite's entry, loaded by VS Code's extension host (`run()`), the same module for both
 * launchers: @vscode/test-electron on desktops and code-server + Chromium here and in CI. The test files are
 * bundled into this module, so they are registered with mocha's globals before it runs.
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // AE_E2E_GREP: run only the tests whose full title matches (while working on them).
  const grep = process.env.AE_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  // Each suite sets up what it needs and closes its editors and panels in `after`, so any order (or a grep that
  // picks one) works: AE_E2E_ORDER=reverse runs them backwards to show it. firstMinutes comes first by default
  // only so that its figure is the session's first panel.
  const suites: (() => Promise<unknown>)[] = [
    () => import('./firstMinutes.test'),
    () => import('./compute.test'),
    () => import('./headGrid.test'),
    () => import('./frameworks.test'),
    () => import('./notebook.test'),
    () => import('./editor.test'),
    () => import('./controls.test'),
    () => import('./explorer.test'),
    () => import('./walkthrough.test'),
    () => import('./liveLatency.test'),
  ];
  if (process.env.AE_E2E_ORDER === 'reverse') suites.reverse();
  for (const load of suites) await load();
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
