#!/usr/bin/env bash
# THE main-job command: installs missing core dependencies, builds the library and the `authkit`
# CLI, then runs a key -> token -> verification round trip with it, printing every step.
#
#   bash scripts/demo.sh
#
# Environment: BUILD_DIR (default: build) and the other variables of scripts/build.sh.
#
# The script is a list of steps (functions) run by main(); a later HTTP-server demo adds its
# dependency group to install_deps, its target to build_demo and a serve step to main.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD_DIR="${BUILD_DIR:-build}"
export BUILD_DIR
CLI="$BUILD_DIR/tools/authkit"

step() {
  printf '\n==> %s\n' "$*"
}

install_deps() {
  step "Checking dependencies (core)"
  bash scripts/install-deps.sh core
}

build_demo() {
  step "Building the library and the authkit CLI in $BUILD_DIR"
  # Only what the demo needs: tests, benchmarks and examples need extra packages (test.sh).
  AUTHKIT_BUILD_TESTS=OFF AUTHKIT_BUILD_BENCH=OFF AUTHKIT_BUILD_EXAMPLES=OFF \
    AUTHKIT_BUILD_TOOLS=ON bash scripts/build.sh --target authkit_cli
  if [[ ! -x "$CLI" ]]; then
    echo "demo: the CLI was not built at $CLI" >&2
    exit 1
  fi
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
}

main() {
  install_deps
  build_demo
  cli_round_trip
  step "Demo finished: key generated, token signed, verified, and a forgery rejected"
}

main "$@"
