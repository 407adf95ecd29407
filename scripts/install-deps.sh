#!/usr/bin/env bash
# Installs what `npm test` and `npm run demo` need on a fresh machine, idempotently and quietly when all is there:
#   - npm packages (`npm ci`) when node_modules is missing or was installed from another package-lock.json;
#   - the Debian packages the integration stage drives for real: a CNCF registry (docker-registry) with htpasswd
#     (apache2-utils), a Docker Engine (docker.io; the tests start dockerd themselves on a private socket with no
#     bridge network) and Podman, the second engine;
#   - with --e2e, code-server and Chromium for the end-to-end stage (install-e2e-deps.sh).
# Without apt or root, the Debian step says what is missing and the tests that need it skip and say why.
set -uo pipefail
cd "$(dirname "$0")/.."

say() { echo "[deps] $*" >&2; }

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.ngc-explorer-lock
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund >&2 || { say "npm ci failed"; exit 1; }
    echo "$lock_hash" >"$stamp"
fi

apt_packages=(docker-registry apache2-utils docker.io podman ca-certificates)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2 ||
            say "apt-get failed; the tests that need ${missing[*]} will skip and say why"
    else
        say "missing Debian packages ${missing[*]} (needs apt-get as root); the tests that need them will skip and say why"
    fi
fi

if [ "${1:-}" = "--e2e" ]; then
    bash scripts/install-e2e-deps.sh >/dev/null || { say "e2e dependencies could not be installed; the e2e stage will fail and say why"; }
fi
exit 0
