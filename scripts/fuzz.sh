#!/usr/bin/env bash
# Coverage-guided fuzzing of authkit's parsers with clang's libFuzzer + ASan/UBSan (checklist
# K5). Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
# Installs clang and its runtime (libclang-rt-14-dev) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-30}}"
bash scripts/install-deps.sh fuzz
build="${FUZZ_BUILD_DIR:-build-fuzz}"
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAUTHKIT_LIBFUZZER=ON -DAUTHKIT_BUILD_BENCH=OFF -DAUTHKIT_BUILD_EXAMPLES=OFF \
  -DAUTHKIT_BUILD_TOOLS=OFF -DAUTHKIT_SANITIZE=address,undefined \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
targets=(fuzz_jws fuzz_json fuzz_jwk fuzz_base64url fuzz_phc)
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  corpus="$build/corpus/$name"
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  echo "== $t: ${seconds}s"
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 -max_len=16384 \
    "$corpus" 2>&1 | tail -n 12
done
echo "fuzz: all targets ran ${seconds}s without a crash"
