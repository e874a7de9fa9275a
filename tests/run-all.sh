#!/usr/bin/env bash
# THE MicroWake test command (README, .ci/run). Installs what it needs, then runs:
#   native CTest (Release, then AddressSanitizer + UndefinedBehaviorSanitizer),
#   dotnet build of MicroWake.sln (the SDK projects; the .nfproj ones are built by the nanoFramework tools),
#   the nanoFramework compatibility build of the core (MicroWake.Core.NanoCheck),
#   every xunit test project under tests/.
# Every step runs even when an earlier one failed; the exit code is non-zero if anything failed.
# The last line is "N passed, N failed" (tests and build steps).
#
# Environment: MW_BUILD_DIR (native builds and logs; default build/test-all in the clone),
#              MW_DOTNET_ARTIFACTS (put .NET bin/obj there instead of in the projects), MW_JOBS (default 2),
#              MW_SKIP_APT=1 to never call apt-get.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MW_BUILD_DIR:-$repo/build/test-all}"
jobs="${MW_JOBS:-2}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$build"
dotnet_out=()
[ -n "${MW_DOTNET_ARTIFACTS:-}" ] && dotnet_out=(--artifacts-path "$MW_DOTNET_ARTIFACTS")

passed=0
failed=0
failures=()

step() { printf '\n=== %s\n' "$*"; }
ok() { passed=$((passed + ${2:-1})); }
fail() { failed=$((failed + ${2:-1})); failures+=("$1"); echo "FAILED: $1"; }

# --- 1. Packages ------------------------------------------------------------------
# command -> Debian package. Cross toolchains and QEMU for the target runs are added here too.
declare -A apt_for=(
  [cmake]=cmake [gcc]=gcc [make]=make [clang]=clang
)
install_missing() {
  local missing=()
  for cmd in "${!apt_for[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${apt_for[$cmd]}")
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
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" && return 0
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

# --- Summary -------------------------------------------------------------------------
echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "run took $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
