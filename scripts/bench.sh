#!/usr/bin/env bash
# Builds the benchmark binary (Release) in build-bench/ and runs authkit, the raw OpenSSL floors
# and the peers found at configure time in one process, then prints the ratio table.
#
#   scripts/bench.sh                      # full run (about 2-3 minutes on 2 cores)
#   scripts/bench.sh --benchmark_filter=HS256   # extra arguments go to the benchmark binary
#
# Environment:
#   AUTHKIT_BENCH_BUILD_DIR   build directory (default: <repo>/build-bench)
#   AUTHKIT_BENCH_MIN_TIME    CPU seconds per repetition (default: 0.2)
#   AUTHKIT_BENCH_REPS        repetitions; the table uses their median (default: 5)
#
# Output: console table on stdout, raw results in $AUTHKIT_BENCH_BUILD_DIR/bench.json (Google
# Benchmark JSON), ratio table from scripts/bench_ratios.py. This is a measurement, never a
# test: missed targets are reported, not failed. Timings on a shared or busy machine are noisy;
# check the load average printed at the top.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AUTHKIT_BENCH_BUILD_DIR:-$root/build-bench}"
min_time="${AUTHKIT_BENCH_MIN_TIME:-0.2}"
reps="${AUTHKIT_BENCH_REPS:-5}"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target authkit_bench -j "$(nproc)"

bin="$build/bench/authkit_bench"
if [[ ! -x "$bin" ]]; then
  echo "bench.sh: $bin was not built (is Google Benchmark installed? Debian: libbenchmark-dev)" >&2
  exit 1
fi

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
"$bin" \
  --benchmark_format=console \
  --benchmark_out="$build/bench.json" \
  --benchmark_out_format=json \
  --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true \
  --benchmark_min_time="$min_time" \
  "$@"

python3 "$root/scripts/bench_ratios.py" "$build/bench.json"
