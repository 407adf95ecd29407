#!/usr/bin/env bash
# Installs what the end-to-end tests and the demo need, outside the repo and idempotently:
#   - Debian packages: chromium (the browser Playwright drives), ripgrep (seeds @vscode/ripgrep), and the headers
#     code-server's native modules build against (libkrb5-dev, libx11-dev, libxkbfile-dev, libsecret-1-dev, pkg-config);
#   - code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) into
#     ${NGC_E2E_HOME:-$HOME/.cache/ngc-explorer-e2e}/code-server.
# The npm install needs the three workarounds measured in /work/shared/research/environment.md §4.1–4.2: root runs
# install scripts only with npm_config_unsafe_perm, node-pty's `npx node-gyp` needs npm_config_yes (~/.npmrc says
# yes=false), and @vscode/ripgrep downloads rg from GitHub unless its cache already holds the archive (seeded from
# Debian's rg 13.0.0, the version VS Code pins). Quiet on success; on failure prints the log tail and exits non-zero.
# Prints the code-server binary path as its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11     # @vscode/ripgrep version inside code-server 4.100.3 (lib/postinstall.js)
RIPGREP_VERSION=v13.0.0-10      # the rg release that @vscode/ripgrep 1.15.11 downloads
E2E_HOME=${NGC_E2E_HOME:-$HOME/.cache/ngc-explorer-e2e}
CSD=$E2E_HOME/code-server
CODE_SERVER=$CSD/node_modules/.bin/code-server

say() { echo "[e2e-deps] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# Runs a step with its output in a log; shows the tail only when it fails.
quietly() {
    local log=$1; shift
    if ! "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "'$*' failed (full log: $log)"
    fi
}

mkdir -p "$E2E_HOME"

# 1. Debian packages.
apt_packages=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || die "apt-get not found; install these yourself: ${missing[*]}"
    [ "$(id -u)" -eq 0 ] || die "installing ${missing[*]} needs root (apt-get); install them or rerun as root"
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    quietly "$E2E_HOME/apt.log" bash -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing[*]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing the chromium package"

# 2. code-server, unless the pinned version is already there and runs. Its config/data go under $E2E_HOME, not $HOME.
export XDG_CONFIG_HOME=$E2E_HOME/xdg-config XDG_DATA_HOME=$E2E_HOME/xdg-data
cs_version() { "$CODE_SERVER" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1 | tr -d ' ' || true; }
installed=$(cs_version)
if [ "$installed" != "$CODE_SERVER_VERSION" ]; then
    say "installing code-server $CODE_SERVER_VERSION into $CSD (about a minute)"
    command -v rg >/dev/null || die "rg (ripgrep) is missing"
    case "$(uname -m)" in
        x86_64) target=x86_64-unknown-linux-musl ;;
        aarch64) target=aarch64-unknown-linux-musl ;;
        *) die "unsupported architecture $(uname -m)" ;;
    esac
    # @vscode/ripgrep looks for os.tmpdir()/vscode-ripgrep-cache-<pkg version>/ripgrep-<rg version>-<target>.tar.gz.
    tmp=${TMPDIR:-/tmp}
    cache=$tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION
    archive=$cache/ripgrep-$RIPGREP_VERSION-$target.tar.gz
    seeded=
    if [ ! -s "$archive" ]; then
        [ -d "$cache" ] || seeded=$cache    # removed again after the install, if this script created it
        staging=$(mktemp -d)
        cp "$(command -v rg)" "$staging/rg"
        mkdir -p "$cache"
        tar czf "$archive" -C "$staging" rg
        rm -rf "$staging"
    fi
    rm -rf "$CSD"
    mkdir -p "$CSD"
    echo '{"private":true}' >"$CSD/package.json"
    (
        cd "$CSD"
        export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
        quietly "$E2E_HOME/code-server-install.log" npm install "code-server@$CODE_SERVER_VERSION"
    )
    [ -z "$seeded" ] || rm -rf "$seeded"
    installed=$(cs_version)
    [ "$installed" = "$CODE_SERVER_VERSION" ] ||
        die "code-server --version says '$installed', expected $CODE_SERVER_VERSION (log: $E2E_HOME/code-server-install.log)"
    say "code-server $installed installed"
fi
echo "$CODE_SERVER"
