# Sourced by scripts/bench.sh and scripts/bench-service.sh: the one way a benchmark binary is
# built (Release, build-bench/), run (Google Benchmark JSON out, medians of repetitions) and
# turned into a ratio table. Not meant to be run on its own.
#
# Environment: AUTHKIT_BENCH_BUILD_DIR (default <repo>/build-bench), AUTHKIT_BENCH_MIN_TIME,
# AUTHKIT_BENCH_REPS (defaults given by the caller).

# run_benchmark TARGET JSON_NAME RATIOS_SCRIPT DEFAULT_MIN_TIME DEFAULT_REPS [ARGS...]
#   Builds bench/TARGET, runs it with ARGS appended, writes $build/JSON_NAME and prints
#   `python3 RATIOS_SCRIPT $build/JSON_NAME`.
run_benchmark() {
  local target="$1" json_name="$2" ratios="$3" default_min_time="$4" default_reps="$5"
  shift 5
  local root build min_time reps bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  build="${AUTHKIT_BENCH_BUILD_DIR:-$root/build-bench}"
  min_time="${AUTHKIT_BENCH_MIN_TIME:-$default_min_time}"
  reps="${AUTHKIT_BENCH_REPS:-$default_reps}"

  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_BENCH=ON >/dev/null
  cmake --build "$build" --target "$target" -j "$(nproc)"

  bin="$build/bench/$target"
  if [[ ! -x "$bin" ]]; then
    echo "$target was not built (is Google Benchmark installed? Debian: libbenchmark-dev)" >&2
    return 1
  fi

  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  "$bin" \
    --benchmark_format=console \
    --benchmark_out="$build/$json_name" \
    --benchmark_out_format=json \
    --benchmark_repetitions="$reps" \
    --benchmark_report_aggregates_only=true \
    --benchmark_min_time="$min_time" \
    "$@"

  python3 "$root/scripts/$ratios" "$build/$json_name"
}
