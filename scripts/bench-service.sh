#!/usr/bin/env bash
# Builds authkit_bench_service (Release) in build-bench/ and measures the account flows:
# sign-in against one raw Argon2id hash, unknown-email vs wrong-password parity, get_session
# throughput on both stores (1 and 2 threads), and 10 k vs 1 M users. Prints the ratio table.
#
#   scripts/bench-service.sh                          # full run; seeding 1 M users takes minutes
#   AUTHKIT_BENCH_LARGE_USERS=100000 scripts/bench-service.sh   # a quicker, smaller "large"
#   scripts/bench-service.sh --benchmark_filter=get_session     # extra arguments go to the binary
#
# Environment: AUTHKIT_BENCH_BUILD_DIR (default <repo>/build-bench), AUTHKIT_BENCH_MIN_TIME
# (default 0.5 s), AUTHKIT_BENCH_REPS (default 3). A measurement, never a test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AUTHKIT_BENCH_BUILD_DIR:-$root/build-bench}"
min_time="${AUTHKIT_BENCH_MIN_TIME:-0.5}"
reps="${AUTHKIT_BENCH_REPS:-3}"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target authkit_bench_service -j "$(nproc)"

bin="$build/bench/authkit_bench_service"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
"$bin" \
  --benchmark_format=console \
  --benchmark_out="$build/bench-service.json" \
  --benchmark_out_format=json \
  --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true \
  --benchmark_min_time="$min_time" \
  "$@"

python3 "$root/scripts/bench_service_ratios.py" "$build/bench-service.json"
