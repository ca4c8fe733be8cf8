#!/usr/bin/env bash
# Starts the whole product: the embedded Kubernaut sandbox (three simulated clusters and an
# OpenID Connect provider for the dev stack's people on 127.0.0.1:6549), the
# Backstage app on http://127.0.0.1:3000 and the backend on http://127.0.0.1:7007.
# Installs what is missing first (Node 22, dependencies).
#   KUBERNAUT_SANDBOX=0            do not start the sandbox (app-config points at real clusters)
#   KUBERNAUT_SANDBOX_ARGS="..."   extra sandbox flags, e.g. "--speed 5 --scale 2000"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Whatever this script started stops with it.
stop_children() {
  pkill -TERM -P $$ 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_children EXIT
trap 'exit 130' INT TERM
source scripts/toolchain.sh || exit 1
ensure_dependencies

if [ "${KUBERNAUT_SANDBOX:-1}" != "0" ]; then
  sandbox_dir="$REPO_ROOT/.sandbox"
  mkdir -p "$sandbox_dir"
  sandbox_log="$sandbox_dir/sandbox.log"
  # shellcheck disable=SC2086
  node packages/kubernaut-sandbox/bin/kubernaut-sandbox --kubeconfig-out "$sandbox_dir/kubeconfig" \
    ${KUBERNAUT_SANDBOX_ARGS:-} >"$sandbox_log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 600); do
    if grep -q "kubernaut-sandbox ready" "$sandbox_log" 2>/dev/null; then break; fi
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
      echo "[run] the sandbox did not start:" >&2
      cat "$sandbox_log" >&2
      exit 1
    fi
    sleep 0.1
  done
  grep "kubernaut-sandbox ready" "$sandbox_log" >&2 || { echo "[run] sandbox not ready after 60 s" >&2; exit 1; }
  # Backstage signs the dev stack's people in at the sandbox's OIDC provider with this secret.
  KUBERNAUT_OIDC_CLIENT_SECRET="$(cat "$sandbox_dir/oidc-client-secret")"
  export KUBERNAUT_OIDC_CLIENT_SECRET
fi
# The auth backend signs its sign-in session cookie (OIDC) with this.
AUTH_SESSION_SECRET="${AUTH_SESSION_SECRET:-$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64url"))')}"
export AUTH_SESSION_SECRET

yarn start "$@" &
wait $!
