# libFuzzer target for the model loader (clang only): configure with -DMW_FUZZ=ON.
# tests/native/fuzz/run-fuzz.sh builds it and fuzzes for a bounded time.
option(MW_FUZZ "Build the libFuzzer target for the model loader (needs clang)" OFF)
if(MW_FUZZ AND CMAKE_C_COMPILER_ID MATCHES "Clang" AND NOT CMAKE_CROSSCOMPILING)
  # The library is compiled again inside the target so that it is instrumented too.
  add_executable(fuzz_model_loader ${CMAKE_CURRENT_LIST_DIR}/fuzz_model_loader.c ${MW_SOURCES})
  target_include_directories(fuzz_model_loader PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/../../native-interop/include
    ${MW_PRIVATE_INCLUDES})
  target_compile_options(fuzz_model_loader PRIVATE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g)
  target_link_options(fuzz_model_loader PRIVATE -fsanitize=fuzzer,address,undefined)
  if(MW_LIBM)
    target_link_libraries(fuzz_model_loader PRIVATE ${MW_LIBM})
  endif()
  # Short regression run over the seed models (the bounded fuzzing run is run-fuzz.sh).
  # libFuzzer adds new inputs to its corpus folder, so it gets a copy in the build tree,
  # never the committed test data.
  file(GLOB MW_FUZZ_SEEDS ${MW_TEST_DATA}/tflm/models/*.tflite)
  file(COPY ${MW_FUZZ_SEEDS} DESTINATION ${CMAKE_CURRENT_BINARY_DIR}/fuzz-seeds)
  add_test(NAME fuzz_model_loader_seeds
    COMMAND fuzz_model_loader -runs=2000 -seed=1 ${CMAKE_CURRENT_BINARY_DIR}/fuzz-seeds)
endif()
