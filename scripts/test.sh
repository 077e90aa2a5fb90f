#!/usr/bin/env bash
# THE test command: installs missing dependencies, builds everything (library, CLI, tests,
# examples, and the benchmarks, which are compiled but never run for timing here) and runs the
# whole ctest suite, including the node end-to-end suite (better-auth's own client; its npm
# packages come from scripts/install-node-deps.sh).
#
#   bash scripts/test.sh [CTEST_ARGS...]     e.g. -LE package, -R jwt
#
# Honours the environment of scripts/build.sh (BUILD_DIR, AUTHKIT_WERROR, AUTHKIT_SANITIZE, ...).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh test bench examples node browser postgres
# A failed npm install does not stop the run: the node tests then fail, saying what is missing.
if ! bash scripts/install-node-deps.sh; then
  echo "test: WARNING: the node suite's npm packages are not installed; its tests will fail" >&2
fi
bash scripts/build.sh

case "${AUTHKIT_SANITIZE:-}" in
  "") default_dir=build ;;
  address,undefined) default_dir=build-asan ;;
  *) default_dir=build-tsan ;;
esac
build_dir="${BUILD_DIR:-$default_dir}"
jobs="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

echo "==> ctest --test-dir $build_dir --output-on-failure -j$jobs $*"
ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" "$@"
