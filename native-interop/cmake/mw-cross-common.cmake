# Shared by the cross toolchain files (which set CMAKE_SYSTEM_PROCESSOR and
# MW_CROSS_PREFIX, the GCC tool prefix): bare-metal GNU tools, the QEMU test runner
# and the hooks that add the target's start-up code to every executable.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_C_COMPILER ${MW_CROSS_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${MW_CROSS_PREFIX}gcc)
set(CMAKE_AR ${MW_CROSS_PREFIX}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${MW_CROSS_PREFIX}ranlib CACHE FILEPATH "")
set(CMAKE_SIZE ${MW_CROSS_PREFIX}size CACHE FILEPATH "")
set(CMAKE_NM ${MW_CROSS_PREFIX}nm CACHE FILEPATH "")
# The compiler check links without start-up code: test a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Let the linker pick libm from the right multilib (a found path would be the default one).
set(MW_LIBM m CACHE STRING "math library")
set(MW_QEMU_MACHINE ${MW_QEMU_MACHINE} CACHE INTERNAL "")
set(MW_TEST_RUNNER "${CMAKE_CURRENT_LIST_DIR}/qemu-run.sh;${MW_QEMU_MACHINE}"
    CACHE STRING "Runs one test executable under QEMU (semihosting exit code)")
set(CMAKE_CROSSCOMPILING_EMULATOR "${MW_TEST_RUNNER}")
set(CMAKE_PROJECT_INCLUDE "${CMAKE_CURRENT_LIST_DIR}/mw-target.cmake")
