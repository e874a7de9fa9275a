# RV32IMC (the ESP32-C3 core's ISA), picolibc with semihosting, QEMU virt with the
# CPU restricted to I, M and C so that A/F/D instructions trap as on the chip.
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(MW_CROSS_PREFIX riscv64-unknown-elf-)

# picolibc.specs must be on the compile line too: it adds picolibc's include path.
set(CMAKE_C_FLAGS_INIT "-march=rv32imc -mabi=ilp32 --specs=picolibc.specs -ffunction-sections -fdata-sections")
# picolibc.ld puts flash at 0x10000000; virt has its RAM at 0x80000000. picolibc's
# semihost crt0 installs a trap handler that reports a fault and exits non-zero.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "--oslib=semihost --crt0=semihost \
-Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x00400000 \
-Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x00c00000 \
-Wl,--defsym=__stack_size=0x00020000 -Wl,--gc-sections")

set(MW_QEMU_MACHINE riscv32-virt)
set(MW_QEMU_SYSTEM qemu-system-riscv32 CACHE INTERNAL "")
include(${CMAKE_CURRENT_LIST_DIR}/mw-cross-common.cmake)
