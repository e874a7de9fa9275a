# Common part of the Cortex-M toolchain files (arm-none-eabi GCC, newlib-nano with
# rdimon semihosting, the project's own start-up code in targets/arm). The per-core
# files set MW_ARM_CPU_FLAGS, MW_QEMU_MACHINE and MW_LINKER_SCRIPT, then include this.
set(CMAKE_SYSTEM_PROCESSOR arm)
set(MW_CROSS_PREFIX arm-none-eabi-)

get_filename_component(MW_TARGETS_DIR "${CMAKE_CURRENT_LIST_DIR}/../targets" ABSOLUTE)

set(CMAKE_C_FLAGS_INIT "${MW_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections")
# -nostartfiles: reset is targets/arm/startup.c (rdimon's crt0 breaks on M-profile QEMU).
# -u _printf_float: tests print floats through newlib-nano.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "--specs=nano.specs --specs=rdimon.specs -nostartfiles -u _printf_float \
-L${MW_TARGETS_DIR}/arm -T${MW_LINKER_SCRIPT} -Wl,--gc-sections")

set(MW_TARGET_STARTUP_SOURCES "${MW_TARGETS_DIR}/arm/startup.c" CACHE INTERNAL "")
set(MW_QEMU_SYSTEM qemu-system-arm CACHE INTERNAL "")
include(${CMAKE_CURRENT_LIST_DIR}/mw-cross-common.cmake)
