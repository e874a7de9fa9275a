#!/usr/bin/env bash
# THE MicroWake test command (README, .ci/run). Installs what it needs, then runs:
#   native CTest (Release, then AddressSanitizer + UndefinedBehaviorSanitizer),
#   dotnet build of MicroWake.sln (the SDK projects; the .nfproj ones are built by the nanoFramework tools),
#   the nanoFramework compatibility build of the core (MicroWake.Core.NanoCheck),
#   every xunit test project under tests/,
#   the native suite cross-compiled for Cortex-M4F/M7/M55 and RV32IMC and run under QEMU,
#   a bounded libFuzzer run of the model loader,
#   and a check that the tests left the working tree as they found it.
# Every step runs even when an earlier one failed; the exit code is non-zero if anything failed.
# The last line is "N passed, N failed" (tests and build steps).
#
# Environment: MW_BUILD_DIR (native builds and logs; default build/test-all in the clone),
#              MW_DOTNET_ARTIFACTS (put .NET bin/obj there instead of in the projects), MW_JOBS (default 2),
#              MW_SKIP_APT=1 to never call apt-get, MW_FUZZ_SECONDS (default 60).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MW_BUILD_DIR:-$repo/build/test-all}"
jobs="${MW_JOBS:-2}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$build"
dotnet_out=()
[ -n "${MW_DOTNET_ARTIFACTS:-}" ] && dotnet_out=(--artifacts-path "$MW_DOTNET_ARTIFACTS")

# What git sees (tracked changes and untracked files, build outputs aside), before and after.
tree_state() {
  git -C "$repo" status --porcelain --untracked-files=all 2>/dev/null |
    grep -v -E '(^| |/)(build|bin|obj|packages|TestResults)/' || true
  git -C "$repo" diff 2>/dev/null | md5sum
}
tree_before=""
git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1 && tree_before=$(tree_state)

passed=0
failed=0
failures=()

step() { printf '\n=== %s\n' "$*"; }
ok() { passed=$((passed + ${2:-1})); }
fail() { failed=$((failed + ${2:-1})); failures+=("$1"); echo "FAILED: $1"; }

# --- 1. Packages ------------------------------------------------------------------
# Debian packages: host compilers, the libFuzzer runtime, cross toolchains and QEMU for the target runs.
apt_packages=(cmake gcc make clang libclang-rt-14-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc)
install_missing() {
  local missing=() pkg
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${MW_SKIP_APT:-0}" = 1 ]; then
    echo "missing packages (MW_SKIP_APT=1, not installing): ${missing[*]}"
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  for attempt in 1 2 3; do  # another apt may hold the lock for a while
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" && return 0
    sleep 20
  done
  return 1
}
step "packages"
if install_missing; then ok packages; else fail "apt packages"; fi
if ! command -v dotnet >/dev/null 2>&1; then
  fail "dotnet SDK not found (install the .NET 10 SDK)"
fi

# --- 2. Native library: CTest, plain and sanitized ----------------------------------
run_ctest() {  # name, build dir, extra cmake args...
  local name="$1" dir="$2"; shift 2
  step "native $name: configure + build"
  if ! cmake -S "$repo/native-interop" -B "$dir" -DMW_BUILD_TESTS=ON "$@" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log"; fail "native $name: configure"; return
  fi
  if ! cmake --build "$dir" --parallel "$jobs" >"$dir.build.log" 2>&1; then
    tail -n 60 "$dir.build.log"; fail "native $name: build"; return
  fi
  ok "native $name build"
  step "native $name: ctest"
  local log="$dir.ctest.log"
  (cd "$dir" && ctest --output-on-failure --parallel "$jobs" --timeout 600) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local total nfail
  total=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of \([0-9]*\).*/\2/p' "$log" | tail -1)
  nfail=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
  if [ -z "$total" ]; then
    if [ "$rc" -eq 0 ]; then ok "native $name ctest"; else fail "native $name: ctest"; fi
    return
  fi
  ok "native $name" $((total - nfail))
  if [ "$nfail" -gt 0 ] || [ "$rc" -ne 0 ]; then fail "native $name: $nfail test(s)" $((nfail > 0 ? nfail : 1)); fi
}
run_ctest release "$build/native" -DCMAKE_BUILD_TYPE=Release
run_ctest sanitize "$build/native-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMW_SANITIZE=ON -DMW_BUILD_SHARED=OFF
# The Ethos-U backend's operator path, with the tests' fake NPU driver, under the sanitizers.
run_ctest ethos-u "$build/native-ethos-u" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMW_KERNEL_BACKEND=ethos-u -DMW_SANITIZE=ON -DMW_BUILD_SHARED=OFF

# --- 3. .NET: restore, build, nanoFramework check, xunit ------------------------------
step "dotnet restore"
if dotnet restore "$repo/MicroWake.sln" "${dotnet_out[@]}"; then ok restore; else fail "dotnet restore"; fi

step "dotnet build MicroWake.sln"
if dotnet build "$repo/MicroWake.sln" "${dotnet_out[@]}" -c Release --no-restore -m:"$jobs" -nologo -clp:ErrorsOnly; then
  ok "dotnet build"
else
  fail "dotnet build MicroWake.sln"
fi

step "nanoFramework check: the core against nanoFramework.CoreLibrary's mscorlib"
if dotnet build "$repo/firmware/MicroWake.Core.NanoCheck" "${dotnet_out[@]}" -c Release -nologo -clp:ErrorsOnly; then
  ok "nanoFramework check"
else
  fail "nanoFramework check (MicroWake.Core.NanoCheck)"
fi

for proj in "$repo"/tests/*/*.csproj; do
  name="$(basename "$proj" .csproj)"
  step "dotnet test $name"
  log="$build/$name.test.log"
  dotnet test "$proj" "${dotnet_out[@]}" -c Release --nologo 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '(Passed|Failed)!' "$log" | tail -1)
  np=$(sed -n 's/.*Passed: *\([0-9]*\).*/\1/p' <<<"$line")
  nf=$(sed -n 's/.*Failed: *\([0-9]*\).*/\1/p' <<<"$line")
  if [ -z "$np" ]; then
    fail "$name: no test results (exit $rc)"
    continue
  fi
  ok "$name" "$np"
  if [ "${nf:-0}" -gt 0 ] || [ "$rc" -ne 0 ]; then fail "$name: ${nf:-?} failed" $((${nf:-0} > 0 ? nf : 1)); fi
done

# --- 4. Target ISAs under QEMU: the whole native suite per core ---------------------
for preset in cortex-m4-qemu cortex-m7-qemu cortex-m55-qemu rv32-qemu; do
  step "native $preset (cmake --workflow --preset $preset)"
  log="$build/$preset.log"
  (cd "$repo/native-interop" && cmake --workflow --preset "$preset") >"$log" 2>&1
  rc=$?
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of' "$log" | tail -1)
  total=$(sed -n 's/.*failed out of \([0-9]*\).*/\1/p' <<<"$line")
  nfail=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed.*/\1/p' <<<"$line")
  echo "${line:-no ctest summary}"
  if [ -z "$total" ]; then
    tail -n 40 "$log"; fail "$preset: build or ctest did not run (exit $rc)"; continue
  fi
  ok "$preset" $((total - nfail))
  if [ "$nfail" -gt 0 ] || [ "$rc" -ne 0 ]; then
    grep -E 'Failed|\*\*\*' "$log" | head -20; fail "$preset: $nfail test(s)" $((nfail > 0 ? nfail : 1))
  fi
done

# --- 5. Fuzzing the model loader for a bounded time ----------------------------------
step "fuzz the model loader (${MW_FUZZ_SECONDS:-60} s)"
if "$repo/tests/native/fuzz/run-fuzz.sh" "${MW_FUZZ_SECONDS:-60}" "$build/fuzz" >"$build/fuzz.log" 2>&1; then
  grep -E '^Done|stat::number_of_executed_units' "$build/fuzz.log" | tail -2
  ok "fuzz"
else
  tail -n 40 "$build/fuzz.log"; fail "fuzz: the loader crashed or the fuzzer did not build (see $build/fuzz.log)"
fi

# --- 6. Tests must not change the tree (generated files, corpora, outputs) ----------
if [ -n "$tree_before" ]; then
  step "working tree unchanged by the tests"
  tree_after=$(tree_state)
  if [ "$tree_after" = "$tree_before" ]; then
    ok "tree unchanged"
  else
    diff <(echo "$tree_before") <(echo "$tree_after") | head -20
    fail "the tests changed the working tree"
  fi
fi

# --- Summary -------------------------------------------------------------------------
echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "run took $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
