#!/usr/bin/env bash
# The layer check, checked: it passes on the repository and reports each deliberate violation
# of tests/lint/layers-fixture (file:line) and nothing else. Run by ctest as lint.layers.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
script="$repo/scripts/check-layers.sh"
fail=0

if ! out=$(bash "$script" "$repo" 2>&1); then
  printf 'check-layers-test: the repository has layer violations:\n%s\n' "$out"
  fail=1
fi

out=$(bash "$script" "$here/layers-fixture" 2>&1)
rc=$?
printf '%s\n' "$out"
if [[ $rc -ne 1 ]]; then
  echo "check-layers-test: expected exit 1 on the fixture, got $rc"
  fail=1
fi
expected=(
  'src/crypto/sign.cpp:4: crypto (rank 2) includes jwt/key.hpp (jwt, rank 4)'
  'include/authkit/jwt/key.hpp:4: jwt (rank 4) includes store/store.hpp (store, rank 5)'
  'src/gadget/thing.cpp:2: component "gadget" is not in the layer table'
  'check-layers: 3 violation(s); the layer table is at the top of scripts/check-layers.sh'
)
for line in "${expected[@]}"; do
  if ! grep -qxF -- "$line" <<<"$out"; then
    echo "check-layers-test: missing: $line"
    fail=1
  fi
done
if [[ $(wc -l <<<"$out") -ne ${#expected[@]} ]]; then
  echo "check-layers-test: expected exactly ${#expected[@]} lines of output"
  fail=1
fi
[[ $fail -eq 0 ]] && echo "check-layers-test: OK"
exit "$fail"
