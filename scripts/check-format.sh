#!/usr/bin/env bash
# Fails if any C++ file in the repository is not formatted per .clang-format.
# Checks tracked files plus new, not-ignored ones. Fix with: bash scripts/format.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
  echo "check-format: $CLANG_FORMAT not found (bash scripts/install-deps.sh test)" >&2
  exit 1
fi

files=()
while IFS= read -r -d '' f; do
  [[ -f "$f" ]] && files+=("$f")
done < <(git ls-files -z --cached --others --exclude-standard -- '*.hpp' '*.cpp' '*.h')

if [[ ${#files[@]} -eq 0 ]]; then
  echo "check-format: no C++ files"
  exit 0
fi

if "$CLANG_FORMAT" --dry-run --Werror "${files[@]}"; then
  echo "check-format: ${#files[@]} files OK ($("$CLANG_FORMAT" --version))"
else
  echo "check-format: formatting differs; run: bash scripts/format.sh" >&2
  exit 1
fi
