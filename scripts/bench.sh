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

# shellcheck source=scripts/bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
run_benchmark authkit_bench bench.json bench_ratios.py 0.2 5 \
  --benchmark_enable_random_interleaving=true "$@"
