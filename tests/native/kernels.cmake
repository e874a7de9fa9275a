# Kernel tests: hand-computed cases, an independent oracle (tests/native/kernels/kernel_oracle.h)
# on random shapes, SOFTMAX outputs recorded from TFLM, and every dispatched kernel
# against its portable reference (so optimized backends face the same checks).
mw_add_test(test_kernels_quant ${CMAKE_CURRENT_LIST_DIR}/kernels/test_kernels_quant.c)
mw_add_test(test_kernels_conv ${CMAKE_CURRENT_LIST_DIR}/kernels/test_kernels_conv.c)
mw_add_test(test_kernels_pool ${CMAKE_CURRENT_LIST_DIR}/kernels/test_kernels_pool.c)
mw_add_test(test_kernels_dispatch ${CMAKE_CURRENT_LIST_DIR}/kernels/test_kernels_dispatch.c)
