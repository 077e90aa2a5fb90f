#!/usr/bin/env bash
# Formats every C++ file in the repository in place per .clang-format (tracked files plus new,
# not-ignored ones).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
files=()
while IFS= read -r -d '' f; do
  [[ -f "$f" ]] && files+=("$f")
done < <(git ls-files -z --cached --others --exclude-standard -- '*.hpp' '*.cpp' '*.h')

if [[ ${#files[@]} -gt 0 ]]; then
  "$CLANG_FORMAT" -i "${files[@]}"
fi
echo "format: formatted ${#files[@]} files"
