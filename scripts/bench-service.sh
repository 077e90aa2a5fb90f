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
# (default 0.5 s), AUTHKIT_BENCH_REPS (default 5). A measurement, never a test.
set -euo pipefail

# shellcheck source=scripts/bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
# Random interleaving runs the repetitions of all benchmarks in a shuffled order, so slow drift
# on a shared machine lands on both sides of each ratio.
run_benchmark authkit_bench_service bench-service.json bench_service_ratios.py 0.5 5 \
  --benchmark_enable_random_interleaving=true "$@"
