# "ethos-u" kernel backend (MW_KERNEL_BACKEND=ethos-u): a Vela-compiled model's
# "ethos-u" custom operator runs on the Arm Ethos-U NPU, every other operator on the
# CPU kernels of MW_ETHOSU_CPU_BACKEND (reference, arm-dsp, mve or cmsis-nn).
# The NPU is reached through mw_ethosu_driver_invoke (mw_ethosu.h):
#   - ETHOSU_DRIVER_PATH=<ethos-u-core-driver checkout>: implemented with Arm's driver;
#     the application builds and links the driver itself and calls ethosu_init();
#   - without it the application provides the function (the host tests link a fake).
# Other backends' lists include this file too: it only acts for MW_KERNEL_BACKEND=ethos-u.
include_guard()
if(NOT MW_KERNEL_BACKEND STREQUAL "ethos-u")
  if(ETHOSU_DRIVER_PATH)
    message(FATAL_ERROR "ETHOSU_DRIVER_PATH is set: configure with -DMW_KERNEL_BACKEND=ethos-u")
  endif()
  return()
endif()

set(MW_ETHOSU_CPU_BACKEND "reference" CACHE STRING "CPU kernels beside the NPU: reference, arm-dsp, mve, cmsis-nn")
set(ETHOSU_DRIVER_PATH "" CACHE PATH "ethos-u-core-driver checkout (links the real NPU driver)")
if(MW_ETHOSU_CPU_BACKEND STREQUAL "reference")
  list(APPEND MW_KERNELS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/../mw_backend_reference.c)
elseif(MW_ETHOSU_CPU_BACKEND MATCHES "^(arm-dsp|mve|cmsis-nn)$")
  string(REPLACE "-" "_" _mw_ethosu_cpu_dir "${MW_ETHOSU_CPU_BACKEND}")
  include(${CMAKE_CURRENT_LIST_DIR}/../${_mw_ethosu_cpu_dir}/sources.cmake)
else()
  message(FATAL_ERROR "MW_ETHOSU_CPU_BACKEND=${MW_ETHOSU_CPU_BACKEND}: use reference, arm-dsp, mve or cmsis-nn")
endif()

list(APPEND MW_KERNELS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/mw_ethosu.c)
add_compile_definitions(MW_WITH_ETHOSU=1)
if(ETHOSU_DRIVER_PATH)
  if(NOT EXISTS ${ETHOSU_DRIVER_PATH}/include/ethosu_driver.h)
    message(FATAL_ERROR "ETHOSU_DRIVER_PATH=${ETHOSU_DRIVER_PATH}: no include/ethosu_driver.h")
  endif()
  list(APPEND MW_KERNELS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/mw_ethosu_driver_arm.c)
  include_directories(${ETHOSU_DRIVER_PATH}/include)
  add_compile_definitions(MW_ETHOSU_ARM_DRIVER=1)
else()
  message(STATUS "Ethos-U: no ETHOSU_DRIVER_PATH, the application links mw_ethosu_driver_invoke (mw_ethosu.h)")
endif()
