#!/usr/bin/env bash
# Builds authkit_bench_service (Release) in build-bench/ and measures the account flows:
# sign-in against one raw Argon2id hash, unknown-email vs wrong-password parity, get_session
# throughput on the in-memory and SQLite stores (1 and 2 threads), and 10 k vs 1 M users on
# those two and on PostgreSQL. Prints the ratio table.
#
#   scripts/bench-service.sh                          # full run; seeding 1 M users takes minutes
#   AUTHKIT_BENCH_LARGE_USERS=100000 scripts/bench-service.sh   # a quicker, smaller "large"
#   scripts/bench-service.sh --benchmark_filter=get_session     # extra arguments go to the binary
#   scripts/bench-service.sh --benchmark_filter=scale/          # only the 10 k vs 1 M populations
#
# PostgreSQL: the postgres benchmarks use the database at AUTHKIT_BENCH_POSTGRES_URL (a schema
# of their own in it, dropped at exit). When it is not set, this script starts a throwaway
# cluster with scripts/pg-cluster.sh (Debian's postgresql: bash scripts/install-deps.sh
# postgres) and removes it on exit.
#
# Environment: AUTHKIT_BENCH_BUILD_DIR (default <repo>/build-bench), AUTHKIT_BENCH_MIN_TIME
# (default 0.5 s), AUTHKIT_BENCH_REPS (default 5), AUTHKIT_BENCH_POSTGRES_URL. A measurement,
# never a test.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/bench-common.sh
source "$here/bench-common.sh"

if [[ -z "${AUTHKIT_BENCH_POSTGRES_URL:-}" ]]; then
  # Under /tmp: the cluster's owner (postgres, when run as root) must be able to reach it.
  pg_dir="/tmp/authkit-bench-pg-$$"
  trap 'bash "$here/pg-cluster.sh" stop "$pg_dir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if ! url="$(bash "$here/pg-cluster.sh" start "$pg_dir")"; then
    echo "bench-service: could not start a throwaway PostgreSQL cluster (see above); set" \
      "AUTHKIT_BENCH_POSTGRES_URL to a database, or leave the postgres benchmarks out with" \
      "--benchmark_filter=-postgres" >&2
    exit 1
  fi
  # Plain TCP on loopback, whether or not the cluster offers TLS: the figures are the store's,
  # and TLS would add the same cost to both sides of every ratio.
  export AUTHKIT_BENCH_POSTGRES_URL="$url?sslmode=disable"
  echo "PostgreSQL: throwaway cluster in $pg_dir ($AUTHKIT_BENCH_POSTGRES_URL), removed on exit"
fi

# Random interleaving runs the repetitions of all benchmarks in a shuffled order, so slow drift
# on a shared machine lands on both sides of each ratio.
run_benchmark authkit_bench_service bench-service.json bench_service_ratios.py 0.5 5 \
  --benchmark_enable_random_interleaving=true "$@"
