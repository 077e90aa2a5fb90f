#!/usr/bin/env bash
# What including an authkit header costs a translation unit: preprocessed lines and the CPU
# time of `g++ -std=c++20 -fsyntax-only` (user+sys seconds, the best of N runs, so a busy
# machine inflates it less than wall time would).
#
#   bash scripts/include-cost.sh [INCLUDE_DIR] [RUNS] [HEADER...]
#
# INCLUDE_DIR defaults to the repository's include/ (the generated version.hpp comes from
# build/include); headers default to the umbrella and the entry point. To compare with an
# older tree: git archive REV include | tar -x -C /tmp/old && bash scripts/include-cost.sh
# /tmp/old/include.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

include_dir="${1:-include}"
runs="${2:-5}"
shift $(($# > 2 ? 2 : $#))
headers=("$@")
[[ ${#headers[@]} -gt 0 ]] || headers=(authkit/authkit.hpp authkit/auth.hpp authkit/auth_service.hpp)
generated=build/include
[[ -f "$generated/authkit/version.hpp" ]] || { echo "include-cost: build first (needs $generated/authkit/version.hpp)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-28s %12s %10s\n' header "pp-lines" "cpu-s"
for header in "${headers[@]}"; do
  if [[ ! -f "$include_dir/$header" ]]; then
    printf '%-28s %12s %10s\n' "$header" "-" "-"
    continue
  fi
  printf '#include <%s>\nint main() { return 0; }\n' "$header" > "$tmp/tu.cpp"
  lines=$(g++ -std=c++20 -E -I"$include_dir" -I"$generated" "$tmp/tu.cpp" | wc -l)
  best=""
  for _ in $(seq "$runs"); do
    t=$( { /usr/bin/time -f '%U %S' g++ -std=c++20 -fsyntax-only -I"$include_dir" -I"$generated" \
           "$tmp/tu.cpp" ; } 2>&1 | tail -1 | awk '{printf "%.2f", $1 + $2}')
    if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$t; fi
  done
  printf '%-28s %12s %10s\n' "$header" "$lines" "$best"
done
