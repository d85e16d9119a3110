#!/usr/bin/env node
// Opens VS Code with Attention Explorer loaded from this working tree, on the examples
// folder. Run it after building (dist/extension.js must exist).
//
//   node scripts/launch.mjs [folder] [--dev]
//
// - If a desktop `code` binary is on PATH: runs
//     code --extensionDevelopmentPath=<repo> <folder>
//   (an Extension Development Host window; set AE_LAUNCH_CODE_SERVER=1 to skip this).
// - Otherwise: installs code-server into the cache if needed
//   (scripts/install-code-server.sh, ~1.5-3 min once), starts it on
//   http://127.0.0.1:$PORT (default 8080, no auth) and prints the URL to open.
//   The extension is loaded as an installed extension: a symlink to this repo in a
//   fresh extensions dir, so the plain URL works in any tab, and "Developer: Reload
//   Window" picks up a rebuilt dist/. With --dev it is loaded as a development
//   extension instead (Extension Development Host; URL with a payload, needs the
//   smoke-test-driver option): open exactly the URL printed.
//   Keeps running until Ctrl-C, then stops code-server.
//
// Environment:
//   PORT                  port for code-server (default 8080)
//   (without a folder argument, a scratch copy of examples/ is opened: see scratchExamples)
//   AE_EXTENSION_PATH     extension to load (default: this repo)
//   AE_LAUNCH_CODE_SERVER=1  use code-server even when `code` is on PATH
//   AE_LAUNCH_STATE_DIR   where code-server keeps settings/state between launches
//                         (default ${XDG_CACHE_HOME:-~/.cache}/attention-explorer/launch)
//   AE_CODE_SERVER_NODE, AE_CODE_SERVER_ENTRY  use this Node 24 / code-server entry.js

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerArgs, codeServerEnv, resolveCodeServer, waitForHealthz, writeCodeServerConfig } from './codeServer.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const env = process.env;
const extensionPath = path.resolve(env.AE_EXTENSION_PATH || repoRoot);

const args = process.argv.slice(2);
const devMode = args.includes('--dev');
const folderArg = args.find((a) => !a.startsWith('--'));
const port = Number(env.PORT || 8080);
const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const stateDir = path.resolve(env.AE_LAUNCH_STATE_DIR || path.join(cacheHome, 'attention-explorer', 'launch'));

function fail(msg) {
  console.error(`launch: ${msg}`);
  process.exit(1);
}

let pkg;
try {
  pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
} catch (err) {
  fail(`cannot read ${path.join(extensionPath, 'package.json')}: ${err.message}`);
}
const mainFile = path.resolve(extensionPath, pkg.main || 'dist/extension.js');
if (!fs.existsSync(mainFile) && !fs.existsSync(`${mainFile}.js`)) {
  fail(`${mainFile} is missing: build the extension first`);
}
const folder = folderArg ? path.resolve(folderArg) : scratchExamples();
if (!fs.existsSync(folder)) fail(`folder ${folder} does not exist`);

/**
 * A scratch copy of the repo's examples/, made anew at every launch, so that what a user types into the
 * examples (VS Code saves automatically) never changes the repository.
 */
function scratchExamples() {
  const source = path.join(repoRoot, 'examples');
  const target = path.join(stateDir, 'workspace', 'examples');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { recursive: true });
  console.log(`launch: opening a scratch copy of examples/ (${target}); it is made anew at every launch`);
  return target;
}

function onPath(cmd) {
  return (env.PATH || '')
    .split(path.delimiter)
    .some((dir) => dir && fs.existsSync(path.join(dir, cmd)) && fs.statSync(path.join(dir, cmd)).isFile());
}

// ------------------------------------------------------------------ desktop VS Code
if (env.AE_LAUNCH_CODE_SERVER !== '1' && onPath('code')) {
  console.log(`launch: code --extensionDevelopmentPath=${extensionPath} ${folder}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${extensionPath}`, folder], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  child.on('error', (err) => fail(`could not run code: ${err.message}`));
} else {
  await launchCodeServer();
}

// ------------------------------------------------------------------ code-server
async function launchCodeServer() {
  let cs;
  try {
    cs = resolveCodeServer(repoRoot, env);
  } catch (e) {
    fail(e.message);
  }
  const extensionId = `${pkg.publisher}.${pkg.name}`;

  const dirs = {
    userData: path.join(stateDir, 'user-data'),
    xdgConfig: path.join(stateDir, 'xdg-config'),
    xdgData: path.join(stateDir, 'xdg-data'),
    xdgCache: path.join(stateDir, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const configFile = path.join(stateDir, 'config.yaml');
  writeCodeServerConfig({ configFile, userData: dirs.userData, keep: true });
  // Per-launch: a short TMPDIR (unix sockets, 108-byte limit) and a fresh extensions
  // dir holding only a symlink to this repo (a stale extensions.json would hide it).
  const runDir = fs.mkdtempSync(path.join(fs.existsSync('/tmp') ? '/tmp' : os.tmpdir(), 'ae-launch-'));
  const extensionsDir = path.join(runDir, 'e');
  const tmpDir = path.join(runDir, 't');
  fs.mkdirSync(extensionsDir);
  fs.mkdirSync(tmpDir);
  if (!devMode) fs.symlinkSync(extensionPath, path.join(extensionsDir, `${extensionId}-${pkg.version}`));

  const childEnv = codeServerEnv(env, { xdgConfig: dirs.xdgConfig, xdgData: dirs.xdgData, xdgCache: dirs.xdgCache, tmpDir });
  const base = `http://127.0.0.1:${port}`;
  const serverArgs = codeServerArgs({ entry: cs.entry, port, userData: dirs.userData, extensionsDir, configFile, smokeDriver: devMode });
  serverArgs.push(folder);

  const logFile = path.join(stateDir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const server = spawn(cs.node, serverArgs, {
    cwd: runDir,
    env: childEnv,
    detached: true, // own process group, ended as a whole
    stdio: ['ignore', log, log],
  });

  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const hard = setTimeout(() => {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    const done = () => {
      clearTimeout(hard);
      fs.rmSync(runDir, { recursive: true, force: true });
      process.exit(code);
    };
    if (server.exitCode !== null || server.signalCode !== null) done();
    else server.once('exit', done);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.log('\nlaunch: stopping code-server');
      stop(0);
    });
  }
  process.on('exit', () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  server.on('exit', (code, signal) => {
    if (stopping) return;
    const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    console.error(`launch: code-server exited (code ${code}, signal ${signal}); last lines of ${logFile}:\n${tail}`);
    if (/EADDRINUSE/.test(tail)) console.error(`launch: port ${port} is in use: set PORT=<another port>`);
    stop(1);
  });

  try {
    await waitForHealthz(base, 60000, server);
  } catch (e) {
    if (stopping) return;
    console.error(`launch: ${e.message} (log: ${logFile})`);
    stop(1);
    return;
  }
  if (stopping) return;

  let url = `${base}/?folder=${encodeURIComponent(folder)}`;
  if (devMode) {
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extensionPath}`],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  console.log('');
  let csVersion = '';
  try {
    csVersion = JSON.parse(fs.readFileSync(path.resolve(cs.entry, '..', '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    /* unknown */
  }
  console.log(`  VS Code (code-server ${csVersion}) with ${extensionId}${devMode ? ' (development mode)' : ''} from ${extensionPath}`);
  console.log(`  open:  ${url}`);
  console.log(`  log:   ${logFile}`);
  console.log('  Ctrl-C to stop.');
  console.log('');
}
