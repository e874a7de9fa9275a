# Interpreter and model loader tests: TFLM vectors, arena handling, malformed models.
mw_add_test(test_interpreter_vectors ${CMAKE_CURRENT_LIST_DIR}/interpreter/test_interpreter_vectors.c)
mw_add_test(test_interpreter_arena ${CMAKE_CURRENT_LIST_DIR}/interpreter/test_interpreter_arena.c)
mw_add_test(test_model_malformed ${CMAKE_CURRENT_LIST_DIR}/interpreter/test_model_malformed.c)
if(CMAKE_CROSSCOMPILING)
  # Under QEMU: every 97th truncation length and fewer byte flips.
  target_compile_definitions(test_model_malformed PRIVATE MW_TEST_QUICK)
endif()
mw_add_test(test_interpreter_ops ${CMAKE_CURRENT_LIST_DIR}/interpreter/test_interpreter_ops.c)
mw_add_test(test_model_metadata ${CMAKE_CURRENT_LIST_DIR}/interpreter/test_model_metadata.c)
# Vela's ethos-u operator: refused without the Ethos-U backend; with it (-DMW_KERNEL_BACKEND=ethos-u)
# run end to end against the fake NPU driver defined in the test.
mw_add_test(test_interpreter_ethosu ${CMAKE_CURRENT_LIST_DIR}/interpreter/test_interpreter_ethosu.c)
include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)

# Host benchmark (a report, not a test): cmake --build <dir> --target bench-interpreter
# writes <dir>/bench/interpreter.md and interpreter.json.
if(NOT CMAKE_CROSSCOMPILING)
  add_executable(mw_bench_interpreter ${CMAKE_CURRENT_LIST_DIR}/bench/bench_interpreter.c)
  target_link_libraries(mw_bench_interpreter PRIVATE microwake)
  target_include_directories(mw_bench_interpreter PRIVATE ${MW_PRIVATE_INCLUDES})
  add_custom_target(bench-interpreter
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/bench
    COMMAND mw_bench_interpreter ${MW_TEST_DATA} ${CMAKE_BINARY_DIR}/bench/interpreter.md
            ${CMAKE_BINARY_DIR}/bench/interpreter.json
    DEPENDS mw_bench_interpreter
    USES_TERMINAL)
endif()
