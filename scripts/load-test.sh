#!/usr/bin/env bash
# HTTP load test of authkit-server with wrk, next to better-auth itself in the same run. A
# measurement, never a test: it prints figures and ratios and asserts nothing.
#
#   bash scripts/load-test.sh
#
# What it measures, in this order:
#   1. get-session with a session cookie at 64 connections: authkit-server (SQLite) and
#      better-auth (scripts/load/better_auth_server.mjs: its memory adapter, its fastest store),
#      req/s, p50, p99 and the ratio;
#   2. the same against authkit while 10,000 other idle keep-alive connections are held open
#      (scripts/load/hold_connections.py, from many loopback addresses);
#   3. sign-in at 1 connection (one Argon2id verify each) against one raw Argon2id hash;
#   4. the server's RSS, sampled every second, during a run at 256 connections.
# wrk, node and the servers share the machine's cores, so only the ratios mean much.
#
# Environment: LOAD_BUILD_DIR (default <repo>/build-load, Release), LOAD_DURATION (default 10s),
# LOAD_CONNECTIONS (default 64), LOAD_THREADS (wrk threads, default 2), LOAD_IDLE (held idle
# connections, default 10000), LOAD_RSS_DURATION (default 60s), LOAD_RSS_CONNECTIONS (256).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LOAD_BUILD_DIR:-$root/build-load}"
duration="${LOAD_DURATION:-10s}"
connections="${LOAD_CONNECTIONS:-64}"
wrk_threads="${LOAD_THREADS:-2}"
idle="${LOAD_IDLE:-10000}"
rss_duration="${LOAD_RSS_DURATION:-60s}"
rss_connections="${LOAD_RSS_CONNECTIONS:-256}"
secret="load-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"

bash "$root/scripts/install-deps.sh" core examples load bench node
bash "$root/scripts/install-node-deps.sh"
# Every held connection is a file descriptor, in the holder and in the server.
ulimit -n "$(ulimit -Hn)"
if (($(ulimit -n) < idle + 1000)); then
  echo "load-test: the open-file limit ($(ulimit -n)) is too low for $idle idle connections;" \
    "raise the hard limit (e.g. in /etc/security/limits.conf) or set LOAD_IDLE lower" >&2
  exit 1
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_TESTS=OFF \
  -DAUTHKIT_BUILD_EXAMPLES=ON -DAUTHKIT_BUILD_BENCH=ON -DAUTHKIT_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target authkit-server authkit_bench_service -j "$(nproc)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for "listening on http://..." in $1 and prints the origin.
origin_of() {
  for _ in $(seq 300); do
    grep -q "listening on" "$1" 2>/dev/null && break
    sleep 0.1
  done
  grep -o 'http://127\.0\.0\.1:[0-9]*' "$1" | head -1
}

# wrk is one client on 127.0.0.1 and the holder many on 127.1.x.y: the caps are raised so that
# they measure the transport, not the per-client limit. Everything else is the default.
AUTHKIT_SECRET="$secret" "$build/examples/authkit-server" --listen 127.0.0.1:0 \
  --db "$work/auth.db" --mail-outbox "$work/outbox.jsonl" --rate-limit off \
  --max-connections $((idle + 1000)) --max-connections-per-client 100000 \
  >"$work/authkit.out" 2>"$work/authkit.err" &
server_pid=$!
pids+=("$server_pid")
origin="$(origin_of "$work/authkit.out")"
[[ -n "$origin" ]] || { echo "load-test: authkit-server did not start" >&2; cat "$work/authkit.err" >&2; exit 1; }
base="$origin/api/v1/auth"
port="${origin##*:}"

export LOAD_ORIGIN="$origin" LOAD_EMAIL="load@example.com" LOAD_PASSWORD="correct horse battery"
curl -sf -X POST -H 'Content-Type: application/json' -H "Origin: $origin" \
  -d "{\"name\":\"Load\",\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" \
  "$base/sign-up/email" >/dev/null
# The server mails after it answers (its mail queue): wait for the link.
for _ in $(seq 100); do [[ -s "$work/outbox.jsonl" ]] && break; sleep 0.1; done
link="$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]["url"])' "$work/outbox.jsonl")"
curl -sf -o /dev/null "$link"
cookie_from() {  # the session cookie a sign-in or sign-up answer sets
  grep -i "^set-cookie: $1=" | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r'
}
cookie="$(curl -sf -D - -o /dev/null -X POST -H 'Content-Type: application/json' -H "Origin: $origin" \
  -d "{\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" "$base/sign-in/email" |
  cookie_from authkit.session_token)"
[[ -n "$cookie" ]] || { echo "load-test: sign-in gave no cookie" >&2; exit 1; }

# better-auth, the peer: the same route, the same kind of cookie.
BETTER_AUTH_SECRET="$secret" node "$root/scripts/load/better_auth_server.mjs" \
  >"$work/better-auth.out" 2>"$work/better-auth.err" &
pids+=("$!")
ba_origin="$(origin_of "$work/better-auth.out")"
[[ -n "$ba_origin" ]] || { echo "load-test: better-auth did not start" >&2; cat "$work/better-auth.err" >&2; exit 1; }
ba_cookie="$(curl -sf -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
  -H "Origin: $ba_origin" \
  -d "{\"name\":\"Load\",\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" \
  "$ba_origin/api/auth/sign-up/email" | cookie_from better-auth.session_token)"
[[ -n "$ba_cookie" ]] || { echo "load-test: better-auth sign-up gave no cookie" >&2; exit 1; }

run_wrk() {  # OUTPUT CONNECTIONS DURATION URL [wrk args...]
  local out="$1" c="$2" d="$3" url="$4"
  shift 4
  wrk -t "$wrk_threads" -c "$c" -d "$d" --latency "$@" "$url" >"$out"
}

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. get-session, $connections connections, $duration each"
run_wrk "$work/authkit.txt" "$connections" "$duration" "$base/get-session" -H "Cookie: $cookie"
run_wrk "$work/better-auth.txt" "$connections" "$duration" "$ba_origin/api/auth/get-session" \
  -H "Cookie: $ba_cookie"

echo "== 2. get-session, $connections connections, while $idle idle connections are held"
python3 "$root/scripts/load/hold_connections.py" "$port" "$idle" /health 100 >"$work/hold.out" 2>&1 &
holder=$!
pids+=("$holder")
for _ in $(seq 600); do grep -q "holding" "$work/hold.out" && break; sleep 0.1; done
grep "holding" "$work/hold.out" || { echo "load-test: the holder failed" >&2; cat "$work/hold.out" >&2; exit 1; }
run_wrk "$work/authkit-idle.txt" "$connections" "$duration" "$base/get-session" -H "Cookie: $cookie"
kill -TERM "$holder"
wait "$holder" || true
tail -1 "$work/hold.out"

echo "== 3. sign-in (one Argon2id verify each), 1 connection, $duration"
wrk -t 1 -c 1 -d "$duration" --latency -s "$root/scripts/wrk/sign_in.lua" "$base/sign-in/email" \
  >"$work/sign-in.txt"
"$build/bench/authkit_bench_service" --benchmark_filter='^floor/argon2id/hash$' \
  --benchmark_min_time=2 --benchmark_repetitions=3 --benchmark_format=json \
  >"$work/argon2.json" 2>/dev/null

echo "== 4. server RSS during $rss_duration at $rss_connections connections"
(while kill -0 "$server_pid" 2>/dev/null; do
  awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"
  sleep 1
done) >"$work/rss.txt" &
sampler=$!
run_wrk "$work/authkit-256.txt" "$rss_connections" "$rss_duration" "$base/get-session" \
  -H "Cookie: $cookie"
kill "$sampler" 2>/dev/null || true

echo
echo "== results (same run, same machine)"
python3 "$root/scripts/load/wrk_summary.py" \
  "get-session authkit (SQLite)=$work/authkit.txt" \
  "get-session better-auth (memory adapter)=$work/better-auth.txt" \
  "get-session authkit, $idle idle held=$work/authkit-idle.txt" \
  "get-session authkit, $rss_connections conns=$work/authkit-256.txt" \
  "sign-in authkit, 1 conn=$work/sign-in.txt" \
  --ratio "get-session authkit (SQLite)/get-session better-auth (memory adapter)"
python3 "$root/scripts/load/sign_in_ratio.py" "$work/sign-in.txt" "$work/argon2.json"
python3 - "$work/rss.txt" <<'EOF'
import statistics, sys
rss = [int(line) for line in open(sys.argv[1]) if line.strip()]
if rss:
    print(f"server RSS over {len(rss)} samples (1 s apart): start {rss[0] / 1024:.1f} MiB, "
          f"max {max(rss) / 1024:.1f} MiB, end {rss[-1] / 1024:.1f} MiB, "
          f"median {statistics.median(rss) / 1024:.1f} MiB")
EOF
