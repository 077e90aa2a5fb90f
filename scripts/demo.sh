#!/usr/bin/env bash
# THE main-job command: installs missing dependencies, builds the library, the `authkit` CLI and
# the `authkit-server` and `authkit-resource-server` examples, runs a key -> token ->
# verification round trip with the CLI, then serves better-auth's HTTP API and the browser
# pages on SQLite (./authkit.db) at http://127.0.0.1:8080, with the dashboard's to-do API
# (authkit-resource-server, trusting the auth server's JWKS) at http://127.0.0.1:8081, until
# Ctrl-C.
#
#   bash scripts/demo.sh
#
# Environment: BUILD_DIR (default: build) and the other variables of scripts/build.sh;
# AUTHKIT_SECRET (>= 32 bytes) signs session cookies, else the server runs with --dev (an
# ephemeral secret); DEMO_LISTEN (default 127.0.0.1:8080); DEMO_RESOURCE_LISTEN (default
# 127.0.0.1:8081); DEMO_DB (default authkit.db).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD_DIR="${BUILD_DIR:-build}"
export BUILD_DIR
CLI="$BUILD_DIR/tools/authkit"
SERVER="$BUILD_DIR/examples/authkit-server"
RESOURCE_SERVER="$BUILD_DIR/examples/authkit-resource-server"

step() {
  printf '\n==> %s\n' "$*"
}

install_deps() {
  step "Checking dependencies (core, examples)"
  bash scripts/install-deps.sh core examples
}

build_demo() {
  step "Building the library, the authkit CLI, authkit-server and authkit-resource-server in $BUILD_DIR"
  # Only what the demo needs: tests and benchmarks need extra packages (test.sh).
  AUTHKIT_BUILD_TESTS=OFF AUTHKIT_BUILD_BENCH=OFF AUTHKIT_BUILD_EXAMPLES=ON \
    AUTHKIT_BUILD_TOOLS=ON bash scripts/build.sh --target authkit_cli authkit-server \
    authkit-resource-server
  for binary in "$CLI" "$SERVER" "$RESOURCE_SERVER"; do
    if [[ ! -x "$binary" ]]; then
      echo "demo: $binary was not built" >&2
      exit 1
    fi
  done
}

cli_round_trip() {
  local work token sig first tampered
  work=$(mktemp -d)
  # shellcheck disable=SC2064  # expand $work now
  trap "rm -rf '$work'" EXIT

  step "1. Generate an ES256 signing key: authkit jwk generate --alg ES256 > key.json"
  "$CLI" jwk generate --alg ES256 >"$work/key.json"
  echo "key.json written (it holds the private key). Its public half (authkit jwk public):"
  "$CLI" jwk public "$work/key.json"

  step "2. Sign a token: authkit jwt sign --key key.json --sub alice --expires-in 15m"
  token=$("$CLI" jwt sign --key "$work/key.json" --sub alice --expires-in 15m)
  echo "$token"

  step "3. Verify it: authkit jwt verify --key key.json TOKEN"
  "$CLI" jwt verify --key "$work/key.json" "$token"
  echo "verified: OK"

  step "4. A tampered token must be rejected: authkit jwt verify --key key.json TAMPERED"
  sig="${token##*.}"
  first="${sig:0:1}"
  if [[ "$first" == "A" ]]; then first=B; else first=A; fi
  tampered="${token%.*}.${first}${sig:1}"
  if "$CLI" jwt verify --key "$work/key.json" "$tampered"; then
    echo "demo: FAILED: a tampered token was accepted" >&2
    exit 1
  fi
  echo "rejected as expected: OK"
  rm -rf "$work"
  trap - EXIT
}

serve() {
  local listen="${DEMO_LISTEN:-127.0.0.1:8080}" db="${DEMO_DB:-authkit.db}" dev=()
  local resource_listen="${DEMO_RESOURCE_LISTEN:-127.0.0.1:8081}"
  local base="http://$listen/api/v1/auth"
  if [[ -z "${AUTHKIT_SECRET:-}" ]]; then dev=(--dev); fi
  step "5. Serve the dashboard's to-do API (authkit-resource-server) at http://$resource_listen"
  # It fetches the auth server's JWKS when the first token arrives (a failed first fetch is
  # only logged), so it may start first.
  "$RESOURCE_SERVER" --listen "$resource_listen" --jwks-url "$base/jwks" \
    --trusted-origin "http://$listen" &
  local resource_pid=$!
  # shellcheck disable=SC2064  # expand the pid now
  trap "kill -TERM $resource_pid 2>/dev/null || true" EXIT
  step "6. Serve better-auth's HTTP API and the pages on SQLite ($db) at http://$listen (Ctrl-C stops both)"
  cat <<EOT
Open http://$listen/auth/register in a browser (the verification link is printed here), or try
it from another terminal (mails, with their links, are printed here):
  curl -s -X POST -H 'Content-Type: application/json' \\
       -d '{"name":"Ada","email":"ada@example.com","password":"correct horse battery"}' \\
       $base/sign-up/email
  curl -s '<the verification link printed below>'
  curl -s -c jar -X POST -H 'Content-Type: application/json' \\
       -d '{"email":"ada@example.com","password":"correct horse battery"}' $base/sign-in/email
  curl -s -b jar $base/get-session
  curl -s -b jar $base/token
EOT
  "$SERVER" --listen "$listen" --db "$db" --resource-url "http://$resource_listen" "${dev[@]}"
}

main() {
  install_deps
  build_demo
  cli_round_trip
  step "CLI round trip finished: key generated, token signed, verified, a forgery rejected"
  serve
}

main "$@"
