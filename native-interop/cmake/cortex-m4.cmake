# Cortex-M4F (Armv7E-M, DSP extension, single-precision FPU), QEMU mps2-an386.
set(MW_ARM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(MW_QEMU_MACHINE mps2-an386)
set(MW_LINKER_SCRIPT mps2.ld)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
