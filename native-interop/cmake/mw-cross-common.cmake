# Shared by the cross toolchain files: the QEMU test runner and the hooks that add
# the target's start-up code to every executable of the project.
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
