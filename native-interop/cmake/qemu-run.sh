#!/bin/sh
# Runs a bare-metal test or benchmark ELF under QEMU with semihosting; the guest's
# exit code (SYS_EXIT_EXTENDED / picolibc exit) becomes this script's exit code.
# MW_SEMIHOST_ARGS (e.g. "arg=prog,arg=x=1") sets the guest command line.
# A hung guest is killed after MW_QEMU_TIMEOUT seconds (default 300) -> 124.
# usage: qemu-run.sh MACHINE ELF [extra QEMU options, e.g. -plugin ...]
#   MACHINE: mps2-an386 | mps2-an500 | mps3-an547 | riscv32-virt
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 MACHINE ELF [qemu options]" >&2
    exit 2
fi
machine=$1
elf=$2
shift 2
case $machine in
    mps2-an386|mps2-an500|mps3-an547)
        set -- qemu-system-arm -M "$machine" "$@" ;;
    riscv32-virt)
        set -- qemu-system-riscv32 -M virt -cpu rv32,a=off,f=off,d=off -bios none "$@" ;;
    *)
        echo "qemu-run.sh: unknown machine $machine" >&2
        exit 2 ;;
esac
exec timeout --kill-after=5 "${MW_QEMU_TIMEOUT:-300}" "$@" -nographic -monitor none -serial none \
    -semihosting-config "enable=on,target=native${MW_SEMIHOST_ARGS:+,$MW_SEMIHOST_ARGS}" -kernel "$elf"
