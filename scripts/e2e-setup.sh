#!/usr/bin/env bash
# Prepares a machine for the end-to-end tests that run the extension inside code-server
# (a real VS Code workbench) driven by headless Chromium. Idempotent: every step checks
# first and does nothing when its result is already there.
#
#   bash scripts/e2e-setup.sh          # or: npm run e2e:setup
#
# Environment: CODE_SERVER_VERSION (default 4.100.3), E2E_CACHE_DIR (where code-server is
# installed; default .vscode-test/ in the checkout, which git ignores).
#
# What it needs from outside: Debian packages (apt) and the npm registry. Nothing else.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
code_server_version="${CODE_SERVER_VERSION:-4.100.3}"
# E2E_CACHE_DIR lets CI keep code-server outside a fresh clone (default: .vscode-test/).
cache_dir_root="${E2E_CACHE_DIR:-$root/.vscode-test}"
code_server_dir="$cache_dir_root/code-server-$code_server_version"
# @vscode/ripgrep, pulled in by code-server, downloads rg from GitHub in its postinstall
# unless it finds this tarball in its cache. These names match code-server 4.100.3.
ripgrep_cache_version="1.15.11"
ripgrep_asset="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

log() { printf '[e2e-setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages: a browser to drive, rg for the ripgrep cache, krb5 headers for
#    a native module that code-server builds, a small CJK font so that screenshots
#    of files with Chinese comments show text instead of boxes, Neovim (0.7+, with
#    its built-in LSP client) for the second-client test (test/e2e/neovim.test.mjs),
#    and pre-commit (with git) for the hook's test (test/e2e/distribution.test.mjs).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
for pkg in libkrb5-dev fonts-wqy-microhei; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# 2. Seed the ripgrep cache with Debian's rg so code-server's install needs no GitHub.
tmp_dir="$(node -p 'require("os").tmpdir()')"
cache_dir="$tmp_dir/vscode-ripgrep-cache-$ripgrep_cache_version"
if [ ! -s "$cache_dir/$ripgrep_asset" ]; then
  log "seeding $cache_dir/$ripgrep_asset"
  mkdir -p "$cache_dir"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$cache_dir/$ripgrep_asset" -C "$staging" rg
  rm -rf "$staging"
fi

# 3. code-server in its own folder, never as a dependency of the extension.
marker="$code_server_dir/.installed"
if [ ! -f "$marker" ] || [ ! -x "$code_server_dir/node_modules/.bin/code-server" ]; then
  log "installing code-server@$code_server_version into $code_server_dir (about a minute)"
  mkdir -p "$code_server_dir"
  # A package.json of its own keeps npm from treating the project root as the prefix.
  printf '{\n  "name": "e2e-code-server",\n  "private": true\n}\n' >"$code_server_dir/package.json"
  (
    cd "$code_server_dir"
    # npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall
    # (and the nested installs it runs for VS Code's native modules) needs them all. The
    # variables are inherited by those nested npm runs; older npm ignores the unknown one.
    npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$code_server_version"
  )
  "$code_server_dir/node_modules/.bin/code-server" --version >/dev/null
  date -u +%FT%TZ >"$marker"
else
  log "code-server@$code_server_version present"
fi

# 4. The driver for Chromium comes from the project's devDependencies (npm ci / npm install).
#    Never `playwright install`: it would download a browser of its own.
if ! (cd "$root" && node -e 'require.resolve("playwright-core")' 2>/dev/null); then
  log "playwright-core is missing: run 'npm install' in $root first" >&2
  exit 1
fi
log "ready"
