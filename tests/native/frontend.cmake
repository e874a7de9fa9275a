# Front-end tests (MFCC vs a double reference, TFLM micro frontend bit-exactness, chunking).
mw_add_test(test_mfcc ${CMAKE_CURRENT_LIST_DIR}/frontend/test_mfcc.c)
mw_add_test(test_micro_frontend ${CMAKE_CURRENT_LIST_DIR}/frontend/test_micro_frontend.c)
mw_add_test(test_frontend_chunking ${CMAKE_CURRENT_LIST_DIR}/frontend/test_frontend_chunking.c)

# Benchmark (a report, not a test): mw_bench_frontend [out.md] [out.json]
add_executable(mw_bench_frontend ${CMAKE_CURRENT_LIST_DIR}/frontend/bench_frontend.c)
target_link_libraries(mw_bench_frontend PRIVATE microwake)
target_include_directories(mw_bench_frontend PRIVATE ${MW_PRIVATE_INCLUDES})
target_compile_definitions(mw_bench_frontend PRIVATE MW_TEST_DATA="${MW_TEST_DATA}")
