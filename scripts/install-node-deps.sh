#!/usr/bin/env bash
# Installs the npm packages of the node end-to-end suite (tests/e2e/node) exactly as
# package-lock.json pins them, with `npm ci`, when node_modules is missing or older than the
# lockfile. Does nothing otherwise.
#
#   bash scripts/install-node-deps.sh
#
# Needs node and npm on PATH (bash scripts/install-deps.sh node) and the npm registry. On
# failure it says what could not be installed and exits 1; the node tests (ctest label `node`)
# then fail with the same advice rather than being skipped.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
suite=tests/e2e/node

fail() {
  echo "install-node-deps: $*" >&2
  echo "install-node-deps: the node end-to-end tests (ctest -L node) will FAIL until this is fixed;" \
       "then run: bash scripts/install-node-deps.sh" >&2
  exit 1
}

command -v node >/dev/null 2>&1 ||
  fail "node is not on PATH: install Node.js 20+ (bash scripts/install-deps.sh node)"
command -v npm >/dev/null 2>&1 ||
  fail "npm is not on PATH: install it (bash scripts/install-deps.sh node)"

# npm ci writes node_modules/.package-lock.json last; it is the marker of a complete install.
marker="$suite/node_modules/.package-lock.json"
if [[ -f "$marker" && ! "$suite/package-lock.json" -nt "$marker" ]]; then
  echo "install-node-deps: $suite/node_modules is up to date"
  exit 0
fi

echo "install-node-deps: npm ci in $suite (node $(node --version), npm $(npm --version))"
if ! (cd "$suite" && npm ci --no-audit --no-fund); then
  fail "npm ci failed in $suite: the packages pinned in $suite/package-lock.json" \
       "(better-auth, playwright-core and their dependencies) could not be installed;" \
       "check the network access to the npm registry and the output above"
fi
touch "$marker"
echo "install-node-deps: done"
