// Starting code-server, written once for `npm start` (scripts/launch.mjs) and the integration-test launcher
// (test/launchers/codeServer.mjs): where it is installed, its settings, its environment, its arguments and
// waiting until it answers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Workbench settings every launch uses: no start page, updates, telemetry, trust prompt or AI side bar. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
};

/**
 * The Node binary and entry script of code-server: `AE_CODE_SERVER_NODE`/`AE_CODE_SERVER_ENTRY` when both are
 * set, else what scripts/install-code-server.sh installs (into the cache, once) and prints.
 * @throws Error when the install script fails or prints no paths.
 */
export function resolveCodeServer(repoRoot, env = process.env) {
  if (env.AE_CODE_SERVER_NODE && env.AE_CODE_SERVER_ENTRY) {
    return { node: env.AE_CODE_SERVER_NODE, entry: env.AE_CODE_SERVER_ENTRY };
  }
  const script = path.join(repoRoot, 'scripts', 'install-code-server.sh');
  // Progress goes to stderr; the KEY=value paths come on stdout.
  const res = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`${script} failed (exit ${res.status})`);
  const vars = {};
  for (const line of res.stdout.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) vars[m[1]] = m[2];
  }
  if (!vars.CODE_SERVER_NODE || !vars.CODE_SERVER_ENTRY) throw new Error(`${script} printed no paths`);
  return { node: vars.CODE_SERVER_NODE, entry: vars.CODE_SERVER_ENTRY };
}

/**
 * Writes code-server's config (no password, no TLS) into `configFile` and, unless one exists (`keep`) the
 * user settings into `<userData>/User/settings.json`: QUIET_SETTINGS plus `extra`.
 */
export function writeCodeServerConfig({ configFile, userData, extra = {}, keep = false }) {
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const settingsFile = path.join(userData, 'User', 'settings.json');
  if (keep && fs.existsSync(settingsFile)) return;
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
}

/**
 * The environment of the code-server process: `env` without a surrounding VS Code, Electron or npm context,
 * with its own XDG directories and TMPDIR (short: unix socket paths are limited to 108 bytes), and no
 * marketplace (none is reachable here).
 */
export function codeServerEnv(env, { xdgConfig, xdgData, xdgCache, tmpDir }, extra = {}) {
  const out = { ...env };
  for (const k of Object.keys(out)) {
    if (/^(VSCODE_|ELECTRON_)/.test(k) || /^npm_/.test(k) || k === 'NODE_OPTIONS') delete out[k];
  }
  return {
    ...out,
    EXTENSIONS_GALLERY: env.EXTENSIONS_GALLERY || '{}',
    XDG_CONFIG_HOME: xdgConfig,
    XDG_DATA_HOME: xdgData,
    XDG_CACHE_HOME: xdgCache,
    TMPDIR: tmpDir,
    ...extra,
  };
}

/** code-server's arguments: bound to 127.0.0.1:`port`, no auth, telemetry or update checks; `smokeDriver` lets a test drive it. */
export function codeServerArgs({ entry, port, userData, extensionsDir, configFile, smokeDriver = false }) {
  return [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--config', configFile,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    ...(smokeDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
}

/**
 * Resolves when `${base}/healthz` answers 200 within `ms`.
 * @throws Error when `child` exits first or the time runs out.
 */
export async function waitForHealthz(base, ms, child) {
  const deadline = Date.now() + ms;
  let lastErr = null;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`code-server exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      lastErr = new Error(`HTTP ${res.status}`);
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${base}/healthz within ${Math.round(ms / 1000)} s: ${lastErr?.message}`);
}
