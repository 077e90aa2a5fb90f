#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb into a fresh directory,
# started on a free loopback port, with a database "authkit".
#
#   bash scripts/pg-cluster.sh start DIR     prints the connection URL on standard output
#   bash scripts/pg-cluster.sh stop DIR      stops the cluster and removes DIR
#   bash scripts/pg-cluster.sh restart DIR   stops and starts it again on the same port
#
# PostgreSQL refuses to run as root, so when run as root the cluster belongs to the `postgres`
# user (Debian's postgresql package creates it) and its commands run through runuser. Only
# loopback TCP is listened on, and trust authentication is used: a test cluster, never a
# deployment. TLS is on, with a certificate for IP 127.0.0.1 issued by a CA made for this
# cluster: DIR/tls/ca.pem is what sslmode=verify-full's sslrootcert needs (libpq's default,
# sslmode=prefer, uses TLS too). DIR must not exist yet for start. Needs Debian's postgresql and
# openssl (scripts/install-deps.sh postgres).
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
[[ -n "$cmd" && -n "$dir" ]] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "pg-cluster: PostgreSQL's server binaries are not installed (Debian: postgresql)." \
    "Fix: bash scripts/install-deps.sh postgres" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A CA and a server certificate for 127.0.0.1 it signed, in $dir/tls.
make_certificates() {
  local tls="$dir/tls"
  command -v openssl >/dev/null || {
    echo "pg-cluster: openssl is not installed. Fix: bash scripts/install-deps.sh postgres" >&2
    exit 1
  }
  mkdir -p "$tls"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl req -x509 "${ec[@]}" -subj "/CN=authkit pg-cluster CA" -days 7 \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
  openssl req "${ec[@]}" -subj "/CN=127.0.0.1" -keyout "$tls/server.key" \
    -out "$tls/server.csr" 2>/dev/null
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
    -CAcreateserial -days 7 -extfile <(printf 'subjectAltName=IP:127.0.0.1\n') \
    -out "$tls/server.pem" 2>/dev/null
  chmod 600 "$tls/server.key"
  chmod 644 "$tls/ca.pem"
  # The server refuses a key that others can read or that it does not own.
  [[ $(id -u) -ne 0 ]] || chown -R postgres: "$tls"
}

start_server() {
  local port="$1"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/socket -c max_connections=200 -c fsync=off -c ssl=on -c ssl_cert_file=$dir/tls/server.pem -c ssl_key_file=$dir/tls/server.key" \
    start >/dev/null
}

case "$cmd" in
  start)
    [[ ! -e "$dir" ]] || { echo "pg-cluster: $dir already exists" >&2; exit 2; }
    mkdir -p "$dir/socket"
    [[ $(id -u) -ne 0 ]] || chown -R postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    make_certificates
    port="$(free_port)"
    echo "$port" >"$dir/port"
    [[ $(id -u) -ne 0 ]] || chown postgres: "$dir/port"
    start_server "$port" || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres authkit
    echo "postgresql://postgres@127.0.0.1:$port/authkit"
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    start_server "$(cat "$dir/port")"
    ;;
  *)
    echo "pg-cluster: unknown command $cmd (start, stop, restart)" >&2
    exit 2
    ;;
esac
