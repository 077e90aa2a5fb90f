#!/usr/bin/env bash
# HTTP load test of authkit-server on PostgreSQL, next to better-auth on the same PostgreSQL in
# the same run. A measurement, never a test: it prints figures and ratios and asserts nothing.
#
#   bash scripts/load-test-postgres.sh
#
# It starts a throwaway PostgreSQL cluster (scripts/pg-cluster.sh) with two databases, authkit
# and better_auth (the latter with the schema better-auth's own migrations create), two
# authkit-server instances on the first, nginx in front of them (plain HTTP: the figure is the
# proxying, not TLS), and better-auth (scripts/load/better_auth_server.mjs, its `pg` pool
# adapter) on the second. Then, at 64 connections each:
#   1. get-session through one authkit instance;
#   2. get-session through nginx, spread over both instances;
#   3. get-session on better-auth;
#   4. sign-in at 1 connection against one raw Argon2id hash.
# wrk, node, nginx, PostgreSQL and the servers share the machine's cores: only the ratios mean
# much.
#
# Environment: LOAD_BUILD_DIR (default <repo>/build-load, Release), LOAD_DURATION (default 10s),
# LOAD_CONNECTIONS (default 64), LOAD_THREADS (wrk threads, default 2), LOAD_INSTANCE_ARGS
# (authkit-server flags for both instances; default "--threads 1 --workers 4").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LOAD_BUILD_DIR:-$root/build-load}"
duration="${LOAD_DURATION:-10s}"
connections="${LOAD_CONNECTIONS:-64}"
wrk_threads="${LOAD_THREADS:-2}"
secret="load-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
# Two instances, nginx, PostgreSQL and wrk share this machine's cores: one event loop and four
# workers each keep the instances from outnumbering the cores many times over (on separate
# machines the defaults fit).
instance_args="${LOAD_INSTANCE_ARGS:---threads 1 --workers 4}"

bash "$root/scripts/install-deps.sh" core examples load bench node postgres
bash "$root/scripts/install-node-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAUTHKIT_BUILD_TESTS=OFF \
  -DAUTHKIT_BUILD_EXAMPLES=ON -DAUTHKIT_BUILD_BENCH=ON -DAUTHKIT_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target authkit-server authkit_bench_service -j "$(nproc)"

work="$(mktemp -d)"
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  bash "$root/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

origin_of() {  # waits for "listening on http://..." in $1 and prints the origin
  for _ in $(seq 300); do
    grep -q "listening on" "$1" 2>/dev/null && break
    sleep 0.1
  done
  grep -o 'http://127\.0\.0\.1:[0-9]*' "$1" | head -1
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
cookie_from() {  # the session cookie a sign-in or sign-up answer sets
  grep -i "^set-cookie: $1=" | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r'
}

db_url="$(bash "$root/scripts/pg-cluster.sh" start "$work/pg")"
psql "$db_url" -qc "CREATE DATABASE better_auth" >/dev/null
ba_url="${db_url%/authkit}/better_auth"
# The test cluster has TLS on and libpq would use it; node's pg does not by default. Both talk
# to PostgreSQL in plain text here, so that the comparison is like for like.
db_url="$db_url?sslmode=disable"

# Two instances; the first creates the schema, so start it alone.
start_instance() {  # NAME -> origin
  AUTHKIT_SECRET="$secret" "$build/examples/authkit-server" --listen 127.0.0.1:0 \
    --db "$db_url" --mail-outbox "$work/outbox-$1.jsonl" --rate-limit off \
    --trusted-proxy 127.0.0.1 --max-connections-per-client 100000 $instance_args \
    >"$work/$1.out" 2>"$work/$1.err" &
  pids+=("$!")
  origin_of "$work/$1.out"
}
origin_a="$(start_instance a)"
[[ -n "$origin_a" ]] || { echo "load-test-postgres: instance a did not start" >&2; cat "$work/a.err" >&2; exit 1; }
origin_b="$(start_instance b)"
[[ -n "$origin_b" ]] || { echo "load-test-postgres: instance b did not start" >&2; cat "$work/b.err" >&2; exit 1; }

nginx_port="$(free_port)"
mkdir -p "$work/nginx/tmp" "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
$([[ $(id -u) -eq 0 ]] && echo "user root;")
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  upstream authkit {
    server ${origin_a#http://};
    server ${origin_b#http://};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://authkit;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
EOF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=("$!")
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/health" && break; sleep 0.1; done

export LOAD_ORIGIN="$origin_a" LOAD_EMAIL="load@example.com" LOAD_PASSWORD="correct horse battery"
base="$origin_a/api/v1/auth"
curl -sf -X POST -H 'Content-Type: application/json' -H "Origin: $origin_a" \
  -d "{\"name\":\"Load\",\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" \
  "$base/sign-up/email" >/dev/null
for _ in $(seq 100); do [[ -s "$work/outbox-a.jsonl" ]] && break; sleep 0.1; done
link="$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]["url"])' "$work/outbox-a.jsonl")"
curl -sf -o /dev/null "$link"
cookie="$(curl -sf -D - -o /dev/null -X POST -H 'Content-Type: application/json' -H "Origin: $origin_a" \
  -d "{\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" "$base/sign-in/email" |
  cookie_from authkit.session_token)"
[[ -n "$cookie" ]] || { echo "load-test-postgres: sign-in gave no cookie" >&2; exit 1; }

DATABASE_URL="$ba_url" BETTER_AUTH_SECRET="$secret" node "$root/scripts/load/better_auth_server.mjs" \
  >"$work/better-auth.out" 2>"$work/better-auth.err" &
pids+=("$!")
ba_origin="$(origin_of "$work/better-auth.out")"
[[ -n "$ba_origin" ]] || { echo "load-test-postgres: better-auth did not start" >&2; cat "$work/better-auth.err" >&2; exit 1; }
ba_cookie="$(curl -sf -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
  -H "Origin: $ba_origin" \
  -d "{\"name\":\"Load\",\"email\":\"$LOAD_EMAIL\",\"password\":\"$LOAD_PASSWORD\"}" \
  "$ba_origin/api/auth/sign-up/email" | cookie_from better-auth.session_token)"
[[ -n "$ba_cookie" ]] || { echo "load-test-postgres: better-auth sign-up gave no cookie" >&2; exit 1; }

run_wrk() {  # OUTPUT URL [wrk args...]
  local out="$1" url="$2"
  shift 2
  wrk -t "$wrk_threads" -c "$connections" -d "$duration" --latency "$@" "$url" >"$out"
}

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== get-session, $connections connections, $duration each"
run_wrk "$work/one.txt" "$base/get-session" -H "Cookie: $cookie"
run_wrk "$work/nginx.txt" "http://127.0.0.1:$nginx_port/api/v1/auth/get-session" -H "Cookie: $cookie"
run_wrk "$work/better-auth.txt" "$ba_origin/api/auth/get-session" -H "Cookie: $ba_cookie"
echo "== sign-in (one Argon2id verify each), 1 connection, $duration"
wrk -t 1 -c 1 -d "$duration" --latency -s "$root/scripts/wrk/sign_in.lua" "$base/sign-in/email" \
  >"$work/sign-in.txt"
"$build/bench/authkit_bench_service" --benchmark_filter='^floor/argon2id/hash$' \
  --benchmark_min_time=2 --benchmark_repetitions=3 --benchmark_format=json \
  >"$work/argon2.json" 2>/dev/null

echo
echo "== results (same run, same machine, same PostgreSQL)"
python3 "$root/scripts/load/wrk_summary.py" \
  "get-session authkit, 1 instance=$work/one.txt" \
  "get-session authkit, nginx + 2 instances=$work/nginx.txt" \
  "get-session better-auth (pg pool)=$work/better-auth.txt" \
  "sign-in authkit, 1 conn=$work/sign-in.txt" \
  --ratio "get-session authkit, 1 instance/get-session better-auth (pg pool)" \
  --ratio "get-session authkit, nginx + 2 instances/get-session better-auth (pg pool)"
python3 "$root/scripts/load/sign_in_ratio.py" "$work/sign-in.txt" "$work/argon2.json"
