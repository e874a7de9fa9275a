# MicroWake's nanoCLR interop for an nf-interpreter firmware build.
#
# nf-interpreter adds an interop assembly named in NF_INTEROP_ASSEMBLIES with
# find_package(INTEROP-<name>) and then compiles <name>_SOURCES with <name>_INCLUDE_DIRS.
# INTEROP-MicroWake.Device.NativeConfig.cmake (beside this file) includes this module, so a
# preset only needs
#   "NF_INTEROP_ASSEMBLIES": "MicroWake.Device.Native",
#   "INTEROP-MicroWake.Device.Native_DIR": "<MicroWake clone>/native-interop/nanoframework"
# (see CMakeUserPresets.microwake.json, generated from board-configs/).
#
# Settings (cache variables, normally set by the preset of a board):
#   MW_KERNEL_BACKEND      reference (portable C) | arm-dsp | mve | cmsis-nn | esp-nn
#   MW_NF_ARENA_BYTES      static engine arena for the compiled-in model
#   MW_NF_MODEL_RAM_BYTES  RAM for a model opened from a managed byte array (0 = off)
#   MW_NF_MODEL_SOURCE     C array of the compiled-in model (models/<name>/<name>_model.c)
#   MW_NF_MODEL_SYMBOL     its array name (<name>_model; the length is <symbol>_len)
#   MW_NF_CAPTURE          none | chibios (native I2S capture on STM32)
#   MW_NF_I2S_DRIVER, MW_NF_I2S_CLOCK_HZ, MW_NF_I2S_LINE_CK/WS/SD, MW_NF_I2S_AF,
#   MW_NF_CAPTURE_RING_BYTES                                                      (chibios)

set(_mw_nf_dir ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(_mw_root ${_mw_nf_dir}/.. ABSOLUTE)
get_filename_component(_mw_repo ${_mw_root}/.. ABSOLUTE)

set(MW_KERNEL_BACKEND "reference" CACHE STRING "Kernel backend: reference (portable), arm-dsp, mve, cmsis-nn, esp-nn")
set_property(CACHE MW_KERNEL_BACKEND PROPERTY STRINGS reference arm-dsp mve cmsis-nn esp-nn)
set(MW_NF_ARENA_BYTES "40960" CACHE STRING "Static engine arena (bytes) for the compiled-in model")
set(MW_NF_MODEL_RAM_BYTES "65536" CACHE STRING "RAM for a model loaded from a managed byte array (0 = off)")
set(MW_NF_MODEL_SOURCE "${_mw_repo}/models/yes_no/yes_no_model.c" CACHE FILEPATH "C array of the compiled-in model")
set(MW_NF_MODEL_SYMBOL "yes_no_model" CACHE STRING "Array name of the compiled-in model")
set(MW_NF_CAPTURE "none" CACHE STRING "Native microphone capture: none or chibios")
set_property(CACHE MW_NF_CAPTURE PROPERTY STRINGS none chibios)

if(NOT MW_NF_ARENA_BYTES MATCHES "^[1-9][0-9]*$")
  message(FATAL_ERROR "MW_NF_ARENA_BYTES must be a positive number of bytes, not '${MW_NF_ARENA_BYTES}'")
endif()
if(NOT MW_NF_MODEL_RAM_BYTES MATCHES "^[0-9]+$")
  message(FATAL_ERROR "MW_NF_MODEL_RAM_BYTES must be a number of bytes, not '${MW_NF_MODEL_RAM_BYTES}'")
endif()
if(NOT EXISTS "${MW_NF_MODEL_SOURCE}")
  message(FATAL_ERROR "MW_NF_MODEL_SOURCE '${MW_NF_MODEL_SOURCE}' does not exist (train or export the model first)")
endif()

# The library's own source lists (MW_<PART>_SOURCES); the kernel list follows MW_KERNEL_BACKEND.
foreach(part common model interpreter kernels frontend engine)
  include(${_mw_root}/src/${part}/sources.cmake OPTIONAL)
endforeach()

if(MW_NF_CAPTURE STREQUAL "chibios")
  foreach(var MW_NF_I2S_DRIVER MW_NF_I2S_CLOCK_HZ MW_NF_I2S_LINE_CK MW_NF_I2S_LINE_WS MW_NF_I2S_LINE_SD)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
      message(FATAL_ERROR "MW_NF_CAPTURE=chibios needs ${var} (see the board's preset)")
    endif()
  endforeach()
  if(NOT DEFINED MW_NF_I2S_AF)
    set(MW_NF_I2S_AF 5)
  endif()
  set(MW_NF_CAPTURE_RING_BYTES "8192" CACHE STRING "Native capture ring (bytes, a power of two): audio the loop may fall behind by")
  math(EXPR _mw_ring_check "${MW_NF_CAPTURE_RING_BYTES} & (${MW_NF_CAPTURE_RING_BYTES} - 1)")
  if(NOT MW_NF_CAPTURE_RING_BYTES MATCHES "^[1-9][0-9]*$" OR NOT _mw_ring_check EQUAL 0)
    message(FATAL_ERROR "MW_NF_CAPTURE_RING_BYTES must be a power of two, not '${MW_NF_CAPTURE_RING_BYTES}'")
  endif()
  set(MW_NF_CAPTURE_DEFINES
"#define MW_NF_I2S_DRIVER ${MW_NF_I2S_DRIVER}
#define MW_NF_I2S_CLOCK_HZ ${MW_NF_I2S_CLOCK_HZ}u
#define MW_NF_I2S_LINE_CK ${MW_NF_I2S_LINE_CK}
#define MW_NF_I2S_LINE_WS ${MW_NF_I2S_LINE_WS}
#define MW_NF_I2S_LINE_SD ${MW_NF_I2S_LINE_SD}
#define MW_NF_I2S_AF ${MW_NF_I2S_AF}
#define MW_NF_CAPTURE_RING_BYTES ${MW_NF_CAPTURE_RING_BYTES}
")
  set(_mw_nf_capture ${_mw_nf_dir}/mw_nf_capture_chibios.c)
elseif(MW_NF_CAPTURE STREQUAL "none")
  set(MW_NF_CAPTURE_DEFINES "")
  set(_mw_nf_capture ${_mw_nf_dir}/mw_nf_capture_none.c)
else()
  message(FATAL_ERROR "MW_NF_CAPTURE must be none or chibios, not '${MW_NF_CAPTURE}'")
endif()

set(_mw_nf_gen ${CMAKE_BINARY_DIR}/microwake_nf)
get_filename_component(MW_NF_MODEL_SOURCE_NAME ${MW_NF_MODEL_SOURCE} NAME)
configure_file(${_mw_nf_dir}/mw_nf_config.h.in ${_mw_nf_gen}/mw_nf_config.h @ONLY)
configure_file(${_mw_nf_dir}/mw_nf_builtin_model.c.in ${_mw_nf_gen}/mw_nf_builtin_model.c @ONLY)

set(MicroWake.Device.Native_INCLUDE_DIRS
  ${PROJECT_SOURCE_DIR}/src/CLR/Core
  ${PROJECT_SOURCE_DIR}/src/CLR/Include
  ${PROJECT_SOURCE_DIR}/src/HAL/Include
  ${PROJECT_SOURCE_DIR}/src/PAL/Include
  ${_mw_nf_dir}
  ${_mw_nf_gen}
  ${_mw_root}/include
  ${_mw_root}/src
  ${_mw_root}/src/common
  ${_mw_root}/src/model
  ${_mw_root}/src/interpreter
  ${_mw_root}/src/kernels
  ${_mw_root}/src/frontend
  ${_mw_root}/src/engine)

set(MicroWake.Device.Native_SOURCES
  ${_mw_nf_dir}/microwake_native.cpp
  ${_mw_nf_dir}/microwake_native_MicroWake_Device_Native_NativeEngine.cpp
  ${_mw_nf_dir}/mw_nf_glue.c
  ${_mw_nf_dir}/mw_nf_input.c
  ${_mw_nf_dir}/mw_nf_ring.c
  ${_mw_nf_capture}
  ${_mw_nf_gen}/mw_nf_builtin_model.c
  ${MW_NF_MODEL_SOURCE}
  ${MW_COMMON_SOURCES} ${MW_MODEL_SOURCES} ${MW_INTERPRETER_SOURCES}
  ${MW_KERNELS_SOURCES} ${MW_FRONTEND_SOURCES} ${MW_ENGINE_SOURCES})

set(MicroWake.Device.Native_FOUND TRUE)
message(STATUS "MicroWake interop: kernels ${MW_KERNEL_BACKEND}, arena ${MW_NF_ARENA_BYTES} B, "
               "model RAM ${MW_NF_MODEL_RAM_BYTES} B, capture ${MW_NF_CAPTURE}, model ${MW_NF_MODEL_SYMBOL}")
