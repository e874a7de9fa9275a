# Cortex-M7 (Armv7E-M, DSP extension, double-precision FPU), QEMU mps2-an500.
set(MW_ARM_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16")
set(MW_QEMU_MACHINE mps2-an500)
set(MW_LINKER_SCRIPT mps2.ld)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
