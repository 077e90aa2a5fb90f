#!/usr/bin/env bash
# HTTP load test of authkit-server with wrk: get-session (session cookie) at 64 connections and
# sign-in (one Argon2id verify per request), printing requests/s and latency percentiles, next
# to one raw Argon2id hash measured in the same run. A measurement, never a test.
#
#   bash scripts/load-test.sh
#
# Environment: LOAD_BUILD_DIR (default <repo>/build-load, Release), LOAD_DURATION (default 10s),
# LOAD_CONNECTIONS (default 64), LOAD_THREADS (wrk threads, default 2).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LOAD_BUILD_DIR:-$root/build-load}"
duration="${LOAD_DURATION:-10s}"
connections="${LOAD_CONNECTIONS:-64}"
wrk_threads="${LOAD_THREADS:-2}"

bash "$root/scripts/install-deps.sh" core examples load bench
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_TESTS=OFF \
  -DAUTHKIT_BUILD_EXAMPLES=ON -DAUTHKIT_BUILD_BENCH=ON -DAUTHKIT_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target authkit-server authkit_bench_service -j "$(nproc)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true
  rm -rf "$work"
}
trap cleanup EXIT

AUTHKIT_SECRET="load-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz" \
  "$build/examples/authkit-server" --listen 127.0.0.1:0 --db "$work/auth.db" \
  --mail-outbox "$work/outbox.jsonl" --rate-limit off >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/stdout" 2>/dev/null && break
  sleep 0.1
done
origin="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/stdout" | head -1)"
[[ -n "$origin" ]] || { echo "load-test: the server did not start" >&2; cat "$work/stderr" >&2; exit 1; }
base="$origin/api/v1/auth"

export LOAD_ORIGIN="$origin" LOAD_EMAIL="load@example.com" LOAD_PASSWORD="correct horse battery"
curl -sf -X POST -H 'Content-Type: application/json' -H "Origin: $origin" \
  -d "{\"name\":\"Load\",\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" \
  "$base/sign-up/email" >/dev/null
# The server mails after it answers (its mail queue): wait for the link.
for _ in $(seq 100); do [[ -s "$work/outbox.jsonl" ]] && break; sleep 0.1; done
link="$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]["url"])' "$work/outbox.jsonl")"
curl -sf -o /dev/null "$link"
cookie="$(curl -sf -D - -o /dev/null -X POST -H 'Content-Type: application/json' -H "Origin: $origin" \
  -d "{\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" "$base/sign-in/email" |
  grep -i '^set-cookie: authkit.session_token=' | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r')"
[[ -n "$cookie" ]] || { echo "load-test: sign-in gave no cookie" >&2; exit 1; }

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== get-session with a session cookie: $connections connections, $duration"
wrk -t "$wrk_threads" -c "$connections" -d "$duration" --latency -H "Cookie: $cookie" \
  "$base/get-session"
echo
echo "== sign-in (one Argon2id verify each): 1 connection, $duration"
wrk -t 1 -c 1 -d "$duration" --latency -s "$root/scripts/wrk/sign_in.lua" "$base/sign-in/email"
echo
echo "== floor: one raw Argon2id hash at the default parameters (memory reused), same machine"
"$build/bench/authkit_bench_service" --benchmark_filter='^floor/argon2id/hash$' \
  --benchmark_min_time=2 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true |
  grep -E 'median|mean'
