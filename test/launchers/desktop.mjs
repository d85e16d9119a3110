#!/usr/bin/env node
// Desktop launcher: runs the extension's mocha suite in a real desktop VS Code, which
// @vscode/test-electron downloads into .vscode-test/ (needs internet access: use it on
// a developer machine; on machines that reach only package registries, and in CI, use
// test/launchers/codeServer.mjs instead). On a Linux box without a display, run it
// under xvfb-run.
//
// Usage:  node test/launchers/desktop.mjs
// Needs:  a built extension (dist/extension.js) and compiled tests (out/test/suite/index.js).
//
// Environment (all optional):
//   AE_EXTENSION_PATH   extension under test (default: the repo root)
//   AE_TESTS_PATH       mocha index module (default: <extension>/out/test/suite/index.js)
//   AE_TEST_WORKSPACE   folder to open (default: <repo>/examples)
//   AE_VSCODE_VERSION   VS Code version to download: 'stable', 'insiders' or 'X.Y.Z' (default: stable)
//   AE_VSCODE_EXECUTABLE  use this VS Code binary instead of downloading one
//
// AE_E2E_ENDPOINT is not set here: tests that need the DOM skip themselves.
// Exit code: the test run's (0 = all tests passed).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const env = process.env;

const extensionDevelopmentPath = path.resolve(env.AE_EXTENSION_PATH || repoRoot);
const extensionTestsPath = path.resolve(
  env.AE_TESTS_PATH || path.join(extensionDevelopmentPath, 'out', 'test', 'suite', 'index.js'),
);
const examplesDir = path.resolve(env.AE_TEST_WORKSPACE || path.join(repoRoot, 'examples'));

for (const [what, p] of [
  ['tests module', extensionTestsPath],
  ['workspace folder', examplesDir],
]) {
  if (!fs.existsSync(p) && !fs.existsSync(`${p}.js`)) {
    console.error(`desktop launcher: ${what} ${p} does not exist (build first?)`);
    process.exit(1);
  }
}

// Never point the tests at the launcher's DOM endpoint by accident.
const extensionTestsEnv = { AE_E2E_ENDPOINT: undefined, AE_E2E: 'desktop' };

// test-electron copies VS Code's output to our stdout: keep a copy to count
// mocha's "N passing" / "N failing" lines (spec reporter) for the closing line.
let captured = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (captured.length < 20e6) captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return write(chunk, ...rest);
};

function summaryLine() {
  const text = captured.replace(/\x1b\[[0-9;]*m/g, '');
  const last = (re) => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const passed = last(/^\s*(\d+) passing\b/gm);
  const failed = last(/^\s*(\d+) failing\b/gm);
  const pending = last(/^\s*(\d+) pending\b/gm);
  if (passed === null && failed === null) return null;
  return `${passed ?? 0} passed, ${failed ?? 0} failed` + (pending ? `, ${pending} skipped` : '');
}

let code;
try {
  code = await runTests({
    version: env.AE_VSCODE_VERSION || 'stable',
    ...(env.AE_VSCODE_EXECUTABLE ? { vscodeExecutablePath: env.AE_VSCODE_EXECUTABLE } : {}),
    extensionDevelopmentPath,
    extensionTestsPath,
    extensionTestsEnv,
    // (runTests adds --skip-welcome, --skip-release-notes, --disable-workspace-trust itself)
    launchArgs: [examplesDir, '--disable-extensions'],
  });
} catch (err) {
  console.error(`desktop launcher: ${err?.message || err}`);
  code = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
}
const summary = summaryLine();
if (summary) console.log(summary);
process.exit(code);
