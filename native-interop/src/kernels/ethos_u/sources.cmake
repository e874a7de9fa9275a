# Arm Ethos-U NPU support, on top of an Arm kernel backend (arm-dsp, mve or
# cmsis-nn): a Vela-compiled model's "ethos-u" custom operator runs on the NPU
# through the Ethos-U core driver, the rest of the graph on the CPU kernels.
# Set ETHOSU_DRIVER_PATH to an ethos-u-core-driver checkout; the application builds
# and links the driver itself (ethosu_core_driver) and initialises the NPU with
# ethosu_init(). Untested here: written against the driver's documented API.
set(ETHOSU_DRIVER_PATH "" CACHE PATH "ethos-u-core-driver checkout (enables the Ethos-U operator)")
if(ETHOSU_DRIVER_PATH)
  if(NOT EXISTS ${ETHOSU_DRIVER_PATH}/include/ethosu_driver.h)
    message(FATAL_ERROR "ETHOSU_DRIVER_PATH=${ETHOSU_DRIVER_PATH}: no include/ethosu_driver.h")
  endif()
  list(APPEND MW_KERNELS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/mw_ethosu.c)
  include_directories(${ETHOSU_DRIVER_PATH}/include)
  add_compile_definitions(MW_WITH_ETHOSU=1)
endif()
