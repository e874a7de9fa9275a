#!/bin/sh
# Builds the benchmark for every QEMU target (and the host), runs it with the
# instruction-count plugin and writes native-interop/bench/report.md + report.json.
# Needs the Debian cross toolchains, qemu-system-arm/-misc, cmake, a host C compiler
# and python3. Options: --targets cortex-m4,cortex-m7,cortex-m55,rv32,host
#                       --build-dir DIR (default build/bench) --out DIR
exec python3 "$(dirname "$0")/bench_targets.py" "$@"
