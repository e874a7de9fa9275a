# nanoFramework interop glue: its plain C part (native-interop/nanoframework/mw_nf_*.c)
# tested on the host. The nanoCLR handlers themselves need the nf-interpreter headers and
# are checked against the managed binding by tests/MicroWake.Boards.Tests instead.
set(MW_NF_DIR ${CMAKE_CURRENT_LIST_DIR}/../../native-interop/nanoframework)

mw_add_test(nanoframework_input ${CMAKE_CURRENT_LIST_DIR}/nanoframework/test_nf_input.c ${MW_NF_DIR}/mw_nf_input.c)
target_include_directories(nanoframework_input PRIVATE ${MW_NF_DIR})

mw_add_test(nanoframework_ring ${CMAKE_CURRENT_LIST_DIR}/nanoframework/test_nf_ring.c ${MW_NF_DIR}/mw_nf_ring.c)
target_include_directories(nanoframework_ring PRIVATE ${MW_NF_DIR})

# The glue over the engine needs the engine (native-interop/src/engine).
if(MW_ENGINE_SOURCES)
  mw_add_test(nanoframework_glue ${CMAKE_CURRENT_LIST_DIR}/nanoframework/test_nf_glue.c
    ${MW_NF_DIR}/mw_nf_glue.c ${MW_NF_DIR}/mw_nf_input.c)
  target_include_directories(nanoframework_glue PRIVATE ${MW_NF_DIR})
endif()

# Optional: compile the nanoCLR handlers and method table against a local nf-interpreter
# checkout's headers (its POSIX host target), e.g.
#   cmake -S native-interop -B build -DMW_NF_INTERPRETER_DIR=/path/to/nf-interpreter
# The check is the build itself; nothing from nf-interpreter is part of this repository.
set(MW_NF_INTERPRETER_DIR "" CACHE PATH "nf-interpreter checkout to compile the nanoCLR handlers against")
if(MW_NF_INTERPRETER_DIR)
  enable_language(CXX)
  set(MW_NF_ARENA_BYTES 40960)
  set(MW_NF_MODEL_RAM_BYTES 65536)
  set(MW_NF_CAPTURE_DEFINES "")
  configure_file(${MW_NF_DIR}/mw_nf_config.h.in ${CMAKE_CURRENT_BINARY_DIR}/nanoframework_gen/mw_nf_config.h @ONLY)
  add_library(nanoframework_handlers OBJECT
    ${MW_NF_DIR}/microwake_native.cpp
    ${MW_NF_DIR}/microwake_native_MicroWake_Device_Native_NativeEngine.cpp)
  target_compile_features(nanoframework_handlers PRIVATE cxx_std_20)
  target_compile_options(nanoframework_handlers PRIVATE -Wall -Wextra -Werror)
  target_compile_definitions(nanoframework_handlers PRIVATE PLATFORM_POSIX_HOST=1 NANOCLR_HOST_POSIX=1
    NANOCLR_HOST_APPLE=0 NANOCLR_HOST_LINUX=1 NANOCLR_HOST_WINDOWS=0)
  foreach(dir targets/posix/nanoCLR targets/posix/Include src/CLR/Include src/CLR/Core src/CLR/CorLib
              src/CLR/Startup src/CLR/Diagnostics src/CLR/Debugger src/CLR/Helpers/nanoprintf src/HAL/Include
              src/PAL/Include src/nanoFramework.Runtime.Native)
    target_include_directories(nanoframework_handlers PRIVATE ${MW_NF_INTERPRETER_DIR}/${dir})
  endforeach()
  target_include_directories(nanoframework_handlers PRIVATE ${MW_NF_DIR} ${CMAKE_CURRENT_BINARY_DIR}/nanoframework_gen
    ${CMAKE_CURRENT_LIST_DIR}/../../native-interop/include)
  add_test(NAME nanoframework_handlers_compile
    COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target nanoframework_handlers)
endif()

# The CMake module an nf-interpreter build uses (native-interop/nanoframework/MicroWake.cmake):
# its C sources link into a working engine, and the compiled-in model fits the static arena and
# model buffer of the default firmware configuration. Host only; needs models/yes_no.
if(NOT CMAKE_CROSSCOMPILING AND EXISTS ${CMAKE_CURRENT_LIST_DIR}/../../models/yes_no/yes_no_model.c)
  add_test(NAME nanoframework_module
    COMMAND ${CMAKE_COMMAND} -DMW_NF_DIR=${MW_NF_DIR} -DMW_MODULE_SRC=${CMAKE_CURRENT_LIST_DIR}/nanoframework/module
      -DMW_MODULE_BIN=${CMAKE_CURRENT_BINARY_DIR}/nanoframework_module -DMW_C_COMPILER=${CMAKE_C_COMPILER}
      -P ${CMAKE_CURRENT_LIST_DIR}/nanoframework/module/run.cmake)
  set_tests_properties(nanoframework_module PROPERTIES TIMEOUT 600)
endif()
