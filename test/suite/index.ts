/**
 * The integration suite's entry, loaded by VS Code's extension host (`run()`), the same module for both
 * launchers: @vscode/test-electron on desktops and code-server + Chromium here and in CI. The test files are
 * bundled into this module, so they are registered with mocha's globals before it runs.
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  await import('./compute.test');
  await import('./notebook.test');
  await import('./editor.test');
  await import('./controls.test');
  await import('./explorer.test');
  await import('./walkthrough.test');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
