# "arm-dsp" kernel backend: SIMD kernels for cores with the Arm DSP extension.
list(APPEND MW_KERNELS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_conv2d_dsp.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_depthwise_conv2d_dsp.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_fully_connected_dsp.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_pool_dsp.c)
include(${CMAKE_CURRENT_LIST_DIR}/../ethos_u/sources.cmake)
