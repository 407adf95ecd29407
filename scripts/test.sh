#!/usr/bin/env bash
# The project's test command (README: `npm test`). Runs every stage, even after a failure, and ends with one line
# "N passed, M failed" summing them all. Stages: type-check, lint, build, command-table check, import-circle check,
# unit tests, integration tests (simulator, a real docker-registry and Docker Engine where installed), e2e (the
# packaged extension in code-server driven by Chromium).
set -u
cd "$(dirname "$0")/.."
# A fresh clone works with this command alone: npm packages, the Debian packages of the integration stage, and
# code-server + Chromium for the e2e stage are installed first when missing.
bash scripts/install-deps.sh --e2e
mkdir -p test-results
passed=0
failed=0
summary=()

# A check stage counts as one test.
check() {
    local name=$1; shift
    local log="test-results/$name.log"
    local start=$SECONDS
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1)); summary+=("PASS $name ($((SECONDS - start)) s)")
    else
        failed=$((failed + 1)); summary+=("FAIL $name ($((SECONDS - start)) s), see $log"); tail -n 40 "$log"
    fi
}

# A node:test stage counts its tests (from the reporter's "ℹ pass N" / "ℹ fail N" lines).
suite() {
    local name=$1; shift
    local log="test-results/$name.log"
    local start=$SECONDS
    "$@" 2>&1 | tee "$log" | grep -E '^\s*(✖|﹣)' | head -n 60
    local status=${PIPESTATUS[0]}
    local p f
    p=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
    f=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
    p=${p:-0}; f=${f:-0}
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a crash before any result still counts as a failure
    passed=$((passed + p)); failed=$((failed + f))
    summary+=("$( [ "$f" -eq 0 ] && echo PASS || echo FAIL ) $name: $p passed, $f failed ($((SECONDS - start)) s)")
}

# The Node code (tsconfig.json, no DOM lib), then the browser-side code: the webview bundle and the e2e harness.
check typecheck npm run --silent typecheck
check lint npx eslint --max-warnings 0 .
check format npm run --silent format:check
check build node esbuild.mjs
check commands node scripts/check-commands.mjs
check cycles node scripts/check-cycles.mjs src sim webview-ui/src
# Node 20's test runner takes no globs: list the files.
mapfile -t unit_files < <(find test/unit -name '*.test.ts' | sort)
mapfile -t integration_files < <(find test/integration -name '*.test.ts' | sort)
suite unit node --import tsx --test --test-timeout=60000 --test-reporter=spec "${unit_files[@]}"
suite integration env NGC_CLI_BIN=dist/cli.js node --import tsx --test --test-concurrency=1 --test-timeout=180000 --test-reporter=spec "${integration_files[@]}"
suite e2e bash scripts/e2e.sh

echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
