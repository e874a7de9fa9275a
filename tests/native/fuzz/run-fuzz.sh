#!/bin/sh
# Fuzzes the model loader for a bounded time (default 60 s) with libFuzzer.
# Usage: tests/native/fuzz/run-fuzz.sh [seconds] [build-dir]
# Needs clang. The corpus starts from the three TFLM models and grows in
# <build-dir>/fuzz-corpus; crashes are written to <build-dir>/fuzz-artifacts.
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${2:-${TMPDIR:-/tmp}/microwake-fuzz}
CC=${CC:-clang}
cmake -S "$root/native-interop" -B "$build" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMW_FUZZ=ON -DMW_BUILD_SHARED=OFF >/dev/null
cmake --build "$build" --target fuzz_model_loader -j2 >/dev/null
mkdir -p "$build/fuzz-corpus" "$build/fuzz-artifacts"
cp "$root"/tests/data/tflm/models/*.tflite "$build/fuzz-corpus/"
"$build/tests/fuzz_model_loader" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=131072 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/" "$build/fuzz-corpus"
