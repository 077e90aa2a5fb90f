#!/usr/bin/env bash
# Profiles one hot path with callgrind: scripts/bench_profile.sh <op> [iterations]
#   ops: hs256-verify, hs256-sign, hs256-mac-floor, and for <alg> in rs256, ps256, es256, eddsa:
#        <alg>-verify, <alg>-sign, <alg>-verify-floor, <alg>-sign-floor
#   (default iterations: 2000; use ~50 for asymmetric ops, ~8 for RSA signing)
# Instruction counts are deterministic: compare e.g. es256-sign with es256-sign-floor to get
# authkit's overhead over the raw OpenSSL floor even on a busy machine.
# Builds authkit_bench_profile in build-bench/ (Release; for line-level detail configure a
# separate build with -DCMAKE_BUILD_TYPE=RelWithDebInfo and set AUTHKIT_BENCH_BUILD_DIR).
# Prints instructions per operation and the top functions (exclusive, then inclusive).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AUTHKIT_BENCH_BUILD_DIR:-$root/build-bench}"
op="${1:-hs256-verify}"
n="${2:-2000}"

command -v valgrind >/dev/null || { echo "bench_profile.sh: valgrind is not installed" >&2; exit 1; }
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_BENCH=ON >/dev/null
fi
cmake --build "$build" --target authkit_bench_profile -j "$(nproc)" >/dev/null

out="$build/callgrind.$op.out"
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='*profile_region*' \
  "$build/bench/authkit_bench_profile" "$op" "$n" 2>"$out.log"
total="$(sed -n 's/^summary: *//p;s/^totals: *//p' "$out" | head -n1)"
echo "$op: ${total:-?} instructions for $n operations = $(( ${total:-0} / n )) per operation"
echo
echo "== exclusive =="
callgrind_annotate "$out" 2>/dev/null | sed -n '/file:function/,/^$/p' | head -n 32 | cut -c1-160
echo "== inclusive (authkit) =="
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | sed -n '/file:function/,$p' |
  grep -E 'authkit::' | head -n 25 | cut -c1-160
echo
echo "full profile: $out (callgrind_annotate --inclusive=yes $out)"
