#!/usr/bin/env bash
# Fails when a lower layer of the library includes a higher one.
#
# Usage: bash scripts/check-layers.sh [ROOT]    (ROOT defaults to the repository root)
#
# Checks every #include "..." and #include <authkit/...> in ROOT/src and ROOT/include/authkit.
# Each file belongs to a component: its first directory under src/ or include/authkit/
# (src/jwt/jws.cpp and <authkit/jwt/jwk.hpp> are both `jwt`), or for a file at the top, its
# name (src/secret.cpp and <authkit/secret.hpp> are `secret`). A file may include its own
# component and any component of a LOWER rank; the same rank is a sibling and is refused too
# (jwt must not lean on password, nor crypto on secret). A component missing from the table is
# an error, so a new directory has to be placed in it.
#
#   rank  components             why there
#   ----  ---------------------  -------------------------------------------------------------
#   0     util error version     no authkit includes; <authkit/result.hpp> counts as `error`
#                                (Result wraps Error); <authkit/version.hpp> is generated
#   1     json clock user        plain values and parsers; clock and user include nothing
#   2     crypto                 OpenSSL wrappers; needs util and result only
#   3     secret                 Secret wipes and compares through crypto
#   4     jwt password mail      the leaf features; none needs another, nor the store
#         audit
#   5     store                  records, user/session/key stores (SQLite, PostgreSQL, memory)
#   6     rate_limit             limiter over the store's RateLimitStore
#   7     service                AuthService (<authkit/auth_service.hpp>) and src/service
#   8     http                   Handler, on top of the service
#   9     auth testing           authkit::Auth (<authkit/auth.hpp>, src/auth): store, service
#                                and handler from one options object; the store conformance
#                                kit (<authkit/testing/...>), which any store may link
#   10    authkit                the umbrella header <authkit/authkit.hpp>
#
# Output: one line per violation, "FILE:LINE: COMPONENT (rank R) includes TARGET (COMPONENT
# rank R)", then exit 1; exit 0 and one summary line when clean; exit 2 on usage errors.
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
if [[ ! -d "$root/src" ]]; then
  echo "check-layers: $root has no src/ directory" >&2
  exit 2
fi
cd "$root"

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(
  find src include/authkit -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' \) \
    -print0 2>/dev/null | sort -z)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "check-layers: no sources under $root/src" >&2
  exit 2
fi

# grep prints FILE:LINE:TEXT; awk maps both ends to components and compares ranks.
# grep exits 1 when nothing matches (a tree without includes): that is not an error here.
{ grep -H -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*("|<authkit/)' "${files[@]}" || true; } |
  awk -v nfiles="${#files[@]}" '
BEGIN {
  split("util error version", r0); for (i in r0) rank[r0[i]] = 0
  split("json clock user", r1);            for (i in r1) rank[r1[i]] = 1
  rank["crypto"] = 2
  rank["secret"] = 3
  split("jwt password mail audit", r4);     for (i in r4) rank[r4[i]] = 4
  rank["store"] = 5
  rank["rate_limit"] = 6
  rank["service"] = 7
  rank["http"] = 8
  rank["auth"] = 9; rank["testing"] = 9
  rank["authkit"] = 10
  # Top-level public headers whose name is not their component.
  alias["auth_service"] = "service"; alias["mail_queue"] = "mail"; alias["result"] = "error"
  bad = 0; edges = 0
}
# The component of a path relative to src/ or include/authkit/.
function component(rel,    c) {
  if (index(rel, "/") > 0) return substr(rel, 1, index(rel, "/") - 1)
  c = rel
  sub(/\.(hpp|cpp|h)$/, "", c)
  return (c in alias) ? alias[c] : c
}
{
  # $0 is FILE:LINE:#include ...; file names contain no ":".
  file = $0; sub(/:.*/, "", file)
  rest = substr($0, length(file) + 2)
  line = rest; sub(/:.*/, "", line)
  text = substr(rest, length(line) + 2)
  if (file ~ /^src\//) { from = component(substr(file, 5)); base = "src" }
  else { from = component(substr(file, 17)); base = "include" }
  if (match(text, /<authkit\/[^>]+>/)) {
    target = substr(text, RSTART + 9, RLENGTH - 10)
  } else if (match(text, /"[^"]+"/)) {
    target = substr(text, RSTART + 1, RLENGTH - 2)
    # A quoted name without a directory is a neighbour in the same directory.
    if (index(target, "/") == 0) next
    if (base == "include") {
      printf "%s:%s: public headers include <authkit/...>, not \"%s\"\n", file, line, target
      bad++; next
    }
  } else {
    next
  }
  to = component(target)
  edges++
  if (!(from in rank)) { printf "%s:%s: component \"%s\" is not in the layer table\n", file, line, from; bad++; next }
  if (!(to in rank)) { printf "%s:%s: \"%s\" belongs to \"%s\", which is not in the layer table\n", file, line, target, to; bad++; next }
  if (to == from || rank[to] < rank[from]) next
  printf "%s:%s: %s (rank %d) includes %s (%s, rank %d)\n", file, line, from, rank[from], target, to, rank[to]
  bad++
}
END {
  if (bad > 0) {
    printf "check-layers: %d violation(s); the layer table is at the top of scripts/check-layers.sh\n", bad > "/dev/stderr"
    exit 1
  }
  printf "check-layers: %d files, %d cross-directory includes, no layer violations\n", nfiles, edges
}'
