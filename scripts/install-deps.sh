#!/usr/bin/env bash
# Installs the Debian 12 packages authkit needs, skipping those already installed.
#
#   bash scripts/install-deps.sh [GROUP...]      (default group: core)
#
# Groups:
#   core      compiler, CMake and the library's dependencies
#   test      core + Catch2, Python JWT/crypto (interop tests), clang-format, openssl (test
#             certificates) and iproute2 (ss)
#   bench     Google Benchmark and the peer libraries the benchmarks compare against
#   examples  Boost (Beast, Asio) and libcurl for the example servers
#   load      wrk, for the HTTP load test (scripts/load-test.sh)
#   fuzz      clang and its libFuzzer/sanitizer runtime (scripts/fuzz.sh)
#   node      Node.js and npm for tests/e2e/node, only when `node` / `npm` are not already on
#             PATH (Debian 12's nodejs is 18; the suite wants 20+, which it checks itself)
#   browser   Chromium for the browser end-to-end tests (/usr/bin/chromium)
#   postgres  the PostgreSQL server (throwaway test clusters: scripts/pg-cluster.sh), nginx and
#             openssl (their certificates)
#
# Idempotent: it asks dpkg what is installed, runs `apt-get update` at most once and only when
# something is missing, and does nothing at all when everything is present. Runs as root, or
# through sudo when available.
set -euo pipefail

core_pkgs=(build-essential cmake pkg-config libssl-dev libargon2-dev libsqlite3-dev libpq-dev
           nlohmann-json3-dev libcrypt-dev libicu-dev)
test_pkgs=("${core_pkgs[@]}" catch2 python3 python3-jwt python3-cryptography clang-format openssl
           iproute2)
bench_pkgs=(libbenchmark-dev libjwt-dev libcpp-jwt-dev libpoco-dev)
examples_pkgs=(libboost-dev libcurl4-openssl-dev)
load_pkgs=(wrk)
fuzz_pkgs=("${core_pkgs[@]}" clang libclang-rt-14-dev)
# A Node.js installed outside Debian's packaging (e.g. /usr/bin/node from another source) counts.
node_pkgs=()
command -v node >/dev/null 2>&1 || node_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || node_pkgs+=(npm)
browser_pkgs=(chromium)
postgres_pkgs=(postgresql nginx-light openssl)

usage() {
  sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
}

groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(core)

wanted=()
for group in "${groups[@]}"; do
  case "$group" in
    core) wanted+=("${core_pkgs[@]}") ;;
    test) wanted+=("${test_pkgs[@]}") ;;
    bench) wanted+=("${bench_pkgs[@]}") ;;
    examples) wanted+=("${examples_pkgs[@]}") ;;
    load) wanted+=("${load_pkgs[@]}") ;;
    fuzz) wanted+=("${fuzz_pkgs[@]}") ;;
    node) wanted+=("${node_pkgs[@]}") ;;
    browser) wanted+=("${browser_pkgs[@]}") ;;
    postgres) wanted+=("${postgres_pkgs[@]}") ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install-deps: unknown group '$group' (core, test, bench, examples, load, fuzz, node, browser, postgres)" >&2; exit 2 ;;
  esac
done

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [[ "$status" == "install ok installed" ]]
}

# Deduplicate while keeping order, and keep only the missing packages.
missing=()
declare -A seen=()
for pkg in "${wanted[@]}"; do
  [[ -z "${seen[$pkg]:-}" ]] || continue
  seen[$pkg]=1
  is_installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all packages for '${groups[*]}' are already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: not root and sudo is not available; install them as root" >&2
  exit 1
fi

apt_get() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

echo "install-deps: missing: ${missing[*]}"
echo "install-deps: running apt-get update"
if ! apt_get update -q; then
  echo "install-deps: apt-get update failed; retrying once in 5 s" >&2
  sleep 5
  apt_get update -q
fi

# Fail early, and clearly, on a package this machine's sources do not offer.
unavailable=()
for pkg in "${missing[@]}"; do
  candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    unavailable+=("$pkg")
  fi
done
if [[ ${#unavailable[@]} -gt 0 ]]; then
  echo "install-deps: not available from the configured apt sources: ${unavailable[*]}" >&2
  exit 1
fi

echo "install-deps: installing: ${missing[*]}"
apt_get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
