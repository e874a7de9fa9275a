# Cortex-M55 (Armv8.1-M, Helium/MVE with float, DSP extension), QEMU mps3-an547.
# GCC 12 picks the v8-m.main+dp multilib for newlib; our own code still gets
# __ARM_FEATURE_MVE=3.
set(MW_ARM_CPU_FLAGS "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard")
set(MW_QEMU_MACHINE mps3-an547)
set(MW_LINKER_SCRIPT mps3-an547.ld)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
