#!/usr/bin/env bash
# Configures and builds authkit.
#
#   bash scripts/build.sh [--target T ...]    (extra arguments go to `cmake --build`)
#
# Environment:
#   BUILD_DIR            build directory (default: build, build-asan for address,undefined,
#                        build-tsan for thread)
#   BUILD_TYPE           CMAKE_BUILD_TYPE (default: RelWithDebInfo)
#   AUTHKIT_WERROR       ON to turn warnings into errors (default: OFF)
#   AUTHKIT_SANITIZE     '', 'address,undefined' or 'thread' (default: '')
#   AUTHKIT_BUILD_TESTS, AUTHKIT_BUILD_EXAMPLES, AUTHKIT_BUILD_BENCH, AUTHKIT_BUILD_TOOLS
#                        ON/OFF (default: ON); always passed, so a reused build directory
#                        follows the current environment
#   AUTHKIT_CMAKE_ARGS   extra configure arguments, split on spaces
#                        (e.g. "-DBUILD_SHARED_LIBS=ON -DAUTHKIT_VECTORS_DIR=/path")
#   JOBS                 parallel build jobs (default: nproc)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sanitize="${AUTHKIT_SANITIZE:-}"
case "$sanitize" in
  "") default_dir=build ;;
  address,undefined) default_dir=build-asan ;;
  thread) default_dir=build-tsan ;;
  *) echo "build: AUTHKIT_SANITIZE must be '', 'address,undefined' or 'thread'" >&2; exit 2 ;;
esac
build_dir="${BUILD_DIR:-$default_dir}"
jobs="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

# shellcheck disable=SC2206  # word splitting of AUTHKIT_CMAKE_ARGS is intended
extra_args=(${AUTHKIT_CMAKE_ARGS:-})

configure=(cmake -S . -B "$build_dir"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}"
  "-DAUTHKIT_WERROR=${AUTHKIT_WERROR:-OFF}"
  "-DAUTHKIT_SANITIZE=$sanitize"
  "-DAUTHKIT_BUILD_TESTS=${AUTHKIT_BUILD_TESTS:-ON}"
  "-DAUTHKIT_BUILD_EXAMPLES=${AUTHKIT_BUILD_EXAMPLES:-ON}"
  "-DAUTHKIT_BUILD_BENCH=${AUTHKIT_BUILD_BENCH:-ON}"
  "-DAUTHKIT_BUILD_TOOLS=${AUTHKIT_BUILD_TOOLS:-ON}"
  "${extra_args[@]}")

echo "==> configure: ${configure[*]}"
"${configure[@]}"
echo "==> build: cmake --build $build_dir --parallel $jobs $*"
cmake --build "$build_dir" --parallel "$jobs" "$@"
echo "==> built in $build_dir"
