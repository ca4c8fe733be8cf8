#!/usr/bin/env bash
# Runs every test: type-check, lint, unit and integration tests (Jest; the backend's database
# tests on SQLite and on a throwaway PostgreSQL), and the browser journeys in e2e/ (Playwright
# in Debian's Chromium against the stack ./run.sh starts). Installs what is missing first.
# Ends with one line `N passed, N failed` summed over every runner; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/toolchain.sh || exit 1
source scripts/postgres.sh

RESULTS_DIR="$REPO_ROOT/.test-results"
rm -rf "$RESULTS_DIR" && mkdir -p "$RESULTS_DIR"
export KUBERNAUT_HARDENING_REPORT_DIR="$RESULTS_DIR/hardening"
passed=0
failed=0

section() { printf '\n=== %s ===\n' "$*"; }

# A check that is one pass or one fail (type-check, lint).
run_check() {
  local name="$1"
  shift
  section "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "[test] $name failed" >&2
    failed=$((failed + 1))
  fi
}

# Adds a runner's counts, read from its JSON report; a runner that wrote none counts as one failure.
add_counts() {
  local name="$1" report="$2" reader="$3"
  local counts
  if counts="$(node -e "$reader" "$report" 2>/dev/null)"; then
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
  else
    echo "[test] $name wrote no report" >&2
    failed=$((failed + 1))
  fi
}

# The API reports next to each plugin match its exports (`yarn build:api-reports` rewrites them;
# this reads the declarations the type-check wrote to dist-types) and every export is documented.
check_api_reports() {
  yarn build:api-reports:only --ci || return 1
  if grep -n '^// @\(public\|alpha\|beta\) (undocumented)' plugins/*/report*.api.md; then
    echo "[test] the exports above have no doc comment" >&2
    return 1
  fi
}

# Both plugins export as RHDH dynamic plugins (the RHDH CLI, pinned, runs through npx outside the
# workspace) with the files RHDH loads. The outputs are removed after, so lint never reads them.
check_dynamic_plugin_export() {
  local frontend=plugins/kubernaut/dist-dynamic backend=plugins/kubernaut-backend/dist-dynamic
  rm -rf "$frontend" "$backend"
  yarn workspace @kubernaut/plugin-kubernaut export-dynamic &&
    yarn workspace @kubernaut/plugin-kubernaut-backend export-dynamic &&
    node -e '
      const fs = require("fs");
      const [frontend, backend] = process.argv.slice(1);
      const read = file => JSON.parse(fs.readFileSync(file, "utf8"));
      const manifest = read(`${frontend}/dist-scalprum/plugin-manifest.json`);
      if (manifest.name !== "kubernaut.plugin-kubernaut") throw new Error(`scalprum name ${manifest.name}`);
      for (const script of manifest.loadScripts) fs.accessSync(`${frontend}/dist-scalprum/${script}`);
      if (read(`${frontend}/package.json`).name !== "@kubernaut/plugin-kubernaut-dynamic") throw new Error("frontend package name");
      if (read(`${backend}/package.json`).name !== "@kubernaut/plugin-kubernaut-backend-dynamic") throw new Error("backend package name");
      fs.accessSync(`${backend}/dist/index.cjs.js`);
      if (!read(`${backend}/dist/configSchema.json`).properties?.kubernaut) throw new Error("no kubernaut config schema");
      console.log("[test] dynamic plugins exported:", frontend, backend);
    ' "$frontend" "$backend"
  local status=$?
  rm -rf "$frontend" "$backend"
  return $status
}

ensure_apt_packages chromium fonts-liberation postgresql || exit 1
# The sandbox's tests drive the real kubectl; Debian's kubernetes-client is the fallback.
command -v kubectl >/dev/null 2>&1 || ensure_apt_packages kubernetes-client || exit 1
ensure_dependencies || exit 1
start_test_postgres || exit 1
trap stop_test_postgres EXIT

run_check "type-check" yarn tsc
run_check "lint" bash -c 'yarn lint:all && yarn prettier --check .'
run_check "api reports" check_api_reports
run_check "dynamic plugin export" check_dynamic_plugin_export

section "unit and integration tests"
CI=true yarn test --ci --json --outputFile="$RESULTS_DIR/jest.json"
jest_exit=$?
add_counts "jest" "$RESULTS_DIR/jest.json" \
  'const r=require(process.argv[1]);console.log(r.numPassedTests+" "+(r.numFailedTests+r.numRuntimeErrorTestSuites))'
if [ "$jest_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

section "browser tests"
yarn playwright test
add_counts "playwright" "$REPO_ROOT/e2e-test-report/results.json" \
  'const s=require(process.argv[1]).stats;console.log(s.expected+" "+(s.unexpected+s.flaky))'

# The hardening suites (faults, decisions, bad input, markup, secrets, load) say what they tried
# and what held, one line per case.
if compgen -G "$RESULTS_DIR/hardening/*.txt" >/dev/null; then
  section "hardening: what was tried and what held"
  for report in "$RESULTS_DIR"/hardening/*.txt; do
    printf -- '--- %s\n' "$(basename "$report" .txt)"
    cat "$report"
  done
fi

node scripts/list-failures.js "$RESULTS_DIR/jest.json" "$REPO_ROOT/e2e-test-report/results.json"
printf '\n%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
