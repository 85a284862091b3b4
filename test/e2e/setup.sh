#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently (a no-op taking well under a second when
# everything is already there):
#   - Debian packages: chromium (the browser Playwright drives), libkrb5-dev (built by code-server's
#     native modules), ripgrep (stands in for the rg binary @vscode/ripgrep would fetch from GitHub);
#   - code-server@4.100.3 (= VS Code 1.100.3) into .e2e/ (git-ignored), outside the extension's own
#     dependencies so `npm ci` stays fast.
# Network needed on a cold machine: Debian apt and the npm registry only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CODE_SERVER_VERSION="${E2E_CODE_SERVER_VERSION:-4.100.3}"
E2E_DIR="${E2E_DIR:-$ROOT/.e2e}"
RIPGREP_PKG_VERSION="1.15.11"                # @vscode/ripgrep version code-server 4.100.3 pulls in
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

log() { printf '[e2e-setup] %s\n' "$*" >&2; }

# --- Debian packages ----------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to apt-get install ${missing[*]}"; exit 1; }
    SUDO="sudo"
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- code-server --------------------------------------------------------------------------------
CS_PKG="$E2E_DIR/node_modules/code-server/package.json"
CS_BIN="$E2E_DIR/node_modules/code-server/out/node/entry.js"
installed=""
[ -f "$CS_PKG" ] && installed="$(node -p "require('$CS_PKG').version" 2>/dev/null || true)"
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -f "$CS_BIN" ] && [ -f "$E2E_DIR/.installed-$CODE_SERVER_VERSION" ]; then
  exit 0
fi

log "installing code-server@$CODE_SERVER_VERSION into $E2E_DIR (cold: about a minute, ~300 MB)"
mkdir -p "$E2E_DIR/tmp"
rm -f "$E2E_DIR"/.installed-*
[ -f "$E2E_DIR/package.json" ] || printf '{ "name": "dockerfile-size-hints-e2e-cache", "private": true }\n' >"$E2E_DIR/package.json"

# @vscode/ripgrep's postinstall downloads rg from GitHub; pre-seed its download cache with
# Debian's rg so it never goes there.
export TMPDIR="$E2E_DIR/tmp"
cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
if [ ! -s "$cache/$RIPGREP_ASSET" ]; then
  mkdir -p "$cache" "$TMPDIR/rg-stage"
  cp "$(command -v rg)" "$TMPDIR/rg-stage/rg"
  tar -C "$TMPDIR/rg-stage" -czf "$cache/$RIPGREP_ASSET" rg
  rm -rf "$TMPDIR/rg-stage"
fi

export npm_config_yes=true          # node-pty's postinstall runs `npx node-gyp`
export npm_config_nodedir=/usr      # build native modules against Debian's Node headers
export npm_config_unsafe_perm=true  # run install scripts as root
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
(cd "$E2E_DIR" && npm install --save-exact --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)

installed="$(node -p "require('$CS_PKG').version")"
[ "$installed" = "$CODE_SERVER_VERSION" ] || { log "code-server $installed installed, expected $CODE_SERVER_VERSION"; exit 1; }
touch "$E2E_DIR/.installed-$CODE_SERVER_VERSION"
log "code-server $installed ready"
