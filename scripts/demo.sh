#!/usr/bin/env bash
# The README's first command (`npm run demo`): builds the project, starts the bundled NGC simulator on loopback,
# and shows the CLI working against it with a demo key — no NVIDIA account needed. The simulator keeps running
# (Ctrl+C stops it) so you can try any command yourself with the environment it prints.
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
node esbuild.mjs >/dev/null
PORT_BASE=${NGC_SIM_PORT_BASE:-18080}
npx tsx sim/main.ts --port-base "$PORT_BASE" &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$PORT_BASE/v2/catalog/containers/public-key" >/dev/null 2>&1 && break
    sleep 0.2
done
export NGC_API_URL="http://127.0.0.1:$PORT_BASE" NGC_AUTH_URL="http://127.0.0.1:$((PORT_BASE + 1))" \
    NGC_REGISTRY="127.0.0.1:$((PORT_BASE + 2))" NGC_HELM_URL="http://127.0.0.1:$((PORT_BASE + 3))"
run() { echo; echo "\$ ngc-explorer $*"; node dist/cli.js "$@" || true; }
echo; echo "== As a guest (no key): the public catalog =="
run whoami
run search pytorch --type container
run tags nvidia/pytorch
echo; echo "== With the simulator's demo personal key =="
export NGC_API_KEY=nvapi-sim-personal-0001
run whoami
run search '*' --type model --limit 5
run tags acme/vision/detector
run resolve nvidia/pytorch:25.03-py3
echo
echo "The simulator is still running. In another shell:"
echo "  export NGC_API_URL=$NGC_API_URL NGC_AUTH_URL=$NGC_AUTH_URL NGC_REGISTRY=$NGC_REGISTRY NGC_HELM_URL=$NGC_HELM_URL NGC_API_KEY=$NGC_API_KEY"
echo "  node dist/cli.js --help"
echo "Press Ctrl+C to stop."
wait $SIM_PID
