#!/usr/bin/env bash
# Enumeration by timing (issue 10 part 4): starts authkit-server on a fresh SQLite database and
# times sign-in, sign-up, send-verification-email and request-password-reset for addresses with
# and without an account, interleaved, printing medians, IQRs and the known/unknown median
# ratio (target <= 1.05). A measurement, never a test: it exits 1 only when something is broken.
#
#   bash scripts/timing-enumeration.sh                            # 200 requests per side
#   bash scripts/timing-enumeration.sh --requests 500 --json timing.json --check
#   bash scripts/timing-enumeration.sh --server build/examples/authkit-server
#
# Arguments go to scripts/timing_enumeration.py (--help lists them; relative paths are taken
# from the repository root). Without --server it uses BUILD_DIR/examples/authkit-server
# (BUILD_DIR default: build-release), building it in Release first when it is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

args=("$@")
own_server=false
for arg in "$@"; do
  case "$arg" in
    --server | --server=* | -h | --help) own_server=true ;;
  esac
done

if ! $own_server; then
  build_dir="${BUILD_DIR:-build-release}"
  server="$build_dir/examples/authkit-server"
  if [[ ! -x "$server" ]]; then
    bash scripts/install-deps.sh core examples
    BUILD_DIR="$build_dir" BUILD_TYPE=Release AUTHKIT_BUILD_TESTS=OFF AUTHKIT_BUILD_BENCH=OFF \
      AUTHKIT_BUILD_TOOLS=OFF AUTHKIT_BUILD_EXAMPLES=ON bash scripts/build.sh --target authkit-server
  fi
  args+=(--server "$server")
fi

exec python3 scripts/timing_enumeration.py "${args[@]}"
