#!/usr/bin/env bash
# The README's first command (`npm run demo`): try every feature of the extension with no NVIDIA account.
#   1. installs what it needs when missing (npm packages; code-server 4.100.3 and Chromium via install-e2e-deps.sh),
#   2. builds the extension and packages the .vsix,
#   3. starts the NGC simulator on fixed loopback ports (api 18080, auth 18081, registry 18082, helm 18083, files 18084),
#      and a local CNCF registry as a mirror target on 18085 (Debian docker-registry with htpasswd; skipped, with a
#      note, when it is not installed), its credential preset through NGC_REGISTRY_CREDENTIALS,
#   4. installs the .vsix into an isolated code-server whose user settings point at the simulator,
#   5. serves VS Code on http://127.0.0.1:8080 with a sample workspace (a Dockerfile to pin),
# and runs until Ctrl+C, then stops everything it started. Ports: NGC_SIM_PORT_BASE, NGC_DEMO_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SIM_BASE=${NGC_SIM_PORT_BASE:-18080}
PORT=${NGC_DEMO_PORT:-8080}
E2E_HOME=${NGC_E2E_HOME:-$HOME/.cache/ngc-explorer-e2e}
DEMO=$E2E_HOME/demo

say() { echo "[demo] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
MIRROR_PORT=$((SIM_BASE + 5))
for p in "$PORT" "$SIM_BASE" $((SIM_BASE + 1)) $((SIM_BASE + 2)) $((SIM_BASE + 3)) $((SIM_BASE + 4)) "$MIRROR_PORT"; do
    port_free "$p" || die "port $p is in use (another demo still running?). Stop it, or set NGC_DEMO_PORT / NGC_SIM_PORT_BASE."
done

bash scripts/install-deps.sh
CODE_SERVER=$(bash scripts/install-e2e-deps.sh | tail -n 1)

say "building and packaging the extension"
mkdir -p "$DEMO"
node esbuild.mjs >"$DEMO/build.log" 2>&1 || { tail -n 30 "$DEMO/build.log" >&2; die "build failed"; }
"$REPO/node_modules/.bin/vsce" package --no-dependencies -o "$DEMO/ngc-explorer.vsix" >"$DEMO/package.log" 2>&1 ||
    { tail -n 30 "$DEMO/package.log" >&2; die "vsce package failed"; }

pids=()
cleanup() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true   # each daemon leads its own process group (setsid)
    done
    sleep 1
    for pid in "${pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting the NGC simulator on 127.0.0.1:$SIM_BASE-$((SIM_BASE + 4))"
setsid node --import tsx sim/main.ts --port-base "$SIM_BASE" >"$DEMO/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$SIM_BASE/v2/catalog/containers/public-key" >/dev/null 2>&1 && break
    kill -0 "${pids[0]}" 2>/dev/null || { cat "$DEMO/sim.log" >&2; die "the simulator exited"; }
    sleep 0.2
done
curl -sf "http://127.0.0.1:$SIM_BASE/v2/catalog/containers/public-key" >/dev/null || die "the simulator did not answer (log: $DEMO/sim.log)"

REGISTRY=127.0.0.1:$((SIM_BASE + 2))
# A fresh profile each run (settings follow the ports); the sample workspace is kept once created.
rm -rf "$DEMO/profile"
mkdir -p "$DEMO/profile/user-data/User" "$DEMO/profile/extensions" "$DEMO/profile/home" "$DEMO/profile/xdg-config" "$DEMO/profile/xdg-data"

# A mirror target for "Mirror to…": CNCF distribution on loopback with htpasswd, its credential preset in the file the
# extension (and the CLI) read after SecretStorage. A demo-only password, on loopback only.
MIRROR=127.0.0.1:$MIRROR_PORT
MIRROR_USER=demo
MIRROR_PASSWORD=demo-mirror-password
MIRROR_SETTINGS=
MIRROR_ENV=()
if command -v docker-registry >/dev/null 2>&1 && command -v htpasswd >/dev/null 2>&1; then
    rm -rf "$DEMO/mirror"
    mkdir -p "$DEMO/mirror/data"
    htpasswd -Bbc "$DEMO/mirror/htpasswd" "$MIRROR_USER" "$MIRROR_PASSWORD" >/dev/null 2>&1 || die "htpasswd failed"
    cat >"$DEMO/mirror/config.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $DEMO/mirror/data}, delete: {enabled: true}}
http: {addr: "$MIRROR"}
auth: {htpasswd: {realm: ngc-demo-mirror, path: $DEMO/mirror/htpasswd}}
YAML
    say "starting a local mirror registry (docker-registry) on $MIRROR"
    setsid docker-registry serve "$DEMO/mirror/config.yml" >"$DEMO/mirror.log" 2>&1 &
    MIRROR_PID=$!
    pids+=("$MIRROR_PID")
    for _ in $(seq 1 50); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$MIRROR/v2/")" = 401 ] && break
        kill -0 "$MIRROR_PID" 2>/dev/null || { cat "$DEMO/mirror.log" >&2; die "docker-registry exited"; }
        sleep 0.2
    done
    SECRET=$(printf '%s:%s' "$MIRROR_USER" "$MIRROR_PASSWORD" | base64 | tr -d '\n')
    printf '[{"hostname": "%s", "secret": "%s", "kind": "generic", "description": "npm run demo mirror"}]\n' \
        "$MIRROR" "$SECRET" >"$DEMO/profile/registry-credentials.json"
    chmod 600 "$DEMO/profile/registry-credentials.json"
    MIRROR_SETTINGS="\"ngc.mirror.targets\": [\"$MIRROR/mirror\"],"
    MIRROR_ENV=(NGC_REGISTRY_CREDENTIALS="$DEMO/profile/registry-credentials.json")
else
    say "docker-registry (or htpasswd) is not installed: no local mirror target; the rest of the demo works."
    say "  for Mirror to…: apt-get install -y --no-install-recommends docker-registry apache2-utils"
    MIRROR=
fi
cat >"$DEMO/profile/user-data/User/settings.json" <<EOF
{
    "ngc.apiUrl": "http://127.0.0.1:$SIM_BASE",
    "ngc.authUrl": "http://127.0.0.1:$((SIM_BASE + 1))",
    "ngc.registry": "$REGISTRY",
    "ngc.helmUrl": "http://127.0.0.1:$((SIM_BASE + 3))",
    "ngc.download.destination": "downloads",
    $MIRROR_SETTINGS
    "workbench.startupEditor": "none",
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none"
}
EOF
printf 'auth: none\ncert: false\n' >"$DEMO/profile/code-server.yaml"
WS=$DEMO/workspace
if [ ! -f "$WS/Dockerfile" ]; then
    mkdir -p "$WS"
    cat >"$WS/Dockerfile" <<EOF
# NGC Explorer demo: the registry below is the simulator standing in for nvcr.io.
#
# 1. Run "NGC: Pin Dockerfile": the FROM line of the first stage gets the digest its tag points at.
FROM $REGISTRY/nvidia/pytorch:25.03-py3 AS train
RUN python -c "import torch; print(torch.__version__)"

# 2. Put the cursor on the empty line below and run "NGC: Insert Pinned FROM" (search "cuda"): the
#    second stage starts there, pinned.

COPY --from=train /workspace /workspace
EOF
fi
# The demo's code-server sees neither the developer's NGC_* variables nor their HOME (~/.ngc/config).
CS_ENV=(env -u NGC_API_KEY -u NGC_CLI_API_KEY -u NGC_ORG -u NGC_TEAM -u NGC_API_URL -u NGC_AUTH_URL -u NGC_REGISTRY -u NGC_HELM_URL
    -u NGC_REGISTRY_CREDENTIALS
    HOME="$DEMO/profile/home" XDG_CONFIG_HOME="$DEMO/profile/xdg-config" XDG_DATA_HOME="$DEMO/profile/xdg-data"
    "${MIRROR_ENV[@]}")
CS_ARGS=(--config "$DEMO/profile/code-server.yaml" --user-data-dir "$DEMO/profile/user-data" --extensions-dir "$DEMO/profile/extensions")
"${CS_ENV[@]}" "$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$DEMO/ngc-explorer.vsix" --force >"$DEMO/install.log" 2>&1 ||
    { cat "$DEMO/install.log" >&2; die "installing the .vsix into code-server failed"; }

say "starting VS Code (code-server) on http://127.0.0.1:$PORT"
"${CS_ENV[@]}" setsid "$CODE_SERVER" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
    --disable-update-check --disable-workspace-trust --disable-getting-started-override "$WS" >"$DEMO/code-server.log" 2>&1 &
CS_PID=$!
pids+=("$CS_PID")
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$CS_PID" 2>/dev/null || { tail -n 30 "$DEMO/code-server.log" >&2; die "code-server exited"; }
    sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || die "code-server did not answer (log: $DEMO/code-server.log)"

cat <<EOF

  NGC Explorer demo is running — no NVIDIA account needed.

  1. Open   http://127.0.0.1:$PORT/?folder=$WS
     (remote machine? forward the port first: ssh -L $PORT:127.0.0.1:$PORT <host>)
  2. Click the NGC icon in the activity bar: the public catalog shows without a key.
  3. F1 → "NGC: Set API Key" and paste a demo key:
       nvapi-sim-personal-0001   Jon Doe: orgs nvidia and acme (team vision)
       nvapi-sim-entitled-0002   the same, plus the NVIDIA AI Enterprise entitlement
  4. Follow the Dockerfile's own two steps (Pin Dockerfile, then Insert Pinned FROM on its empty line),
     open a container's details, download a model version (acme/vision/resnet-custom 1.0 lands in downloads/).
     Help > Get Started > "Get Started with NGC Explorer" walks through the same.
$(if [ -n "$MIRROR" ]; then
    echo "  5. Mirror an image: right-click a container tag (pytorch 25.03-py3) → \"Mirror to…\" → $MIRROR/mirror."
    echo "     Its credential is preset ($MIRROR_USER, from $DEMO/profile/registry-credentials.json); the result"
    echo "     offers the pinned reference at the mirror and \"Insert Pinned FROM (mirror)\"."
else
    echo "  5. Mirror to… needs a local registry: install docker-registry and apache2-utils, then run the demo again."
fi)

  The CLI against the same simulator:
     export NGC_API_URL=http://127.0.0.1:$SIM_BASE NGC_AUTH_URL=http://127.0.0.1:$((SIM_BASE + 1)) NGC_REGISTRY=$REGISTRY NGC_HELM_URL=http://127.0.0.1:$((SIM_BASE + 3)) NGC_API_KEY=nvapi-sim-personal-0001
     node dist/cli.js --help

  Logs: $DEMO/*.log.  Press Ctrl+C to stop.
EOF
# Returns when either daemon exits (or on Ctrl+C); the EXIT trap stops the other.
wait -n "${pids[@]}"
say "a demo process exited; see $DEMO/sim.log and $DEMO/code-server.log"
