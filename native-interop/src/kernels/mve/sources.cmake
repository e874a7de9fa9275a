# "mve" kernel backend: Helium kernels for Cortex-M55/M85.
list(APPEND MW_KERNELS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_conv2d_mve.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_depthwise_conv2d_mve.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_fully_connected_mve.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_pool_mve.c)
include(${CMAKE_CURRENT_LIST_DIR}/../ethos_u/sources.cmake)
# The hot loops gain from unrolling; the rest of the library keeps the build's level.
set_source_files_properties(
  ${CMAKE_CURRENT_LIST_DIR}/mw_conv2d_mve.c ${CMAKE_CURRENT_LIST_DIR}/mw_depthwise_conv2d_mve.c
  PROPERTIES COMPILE_OPTIONS "-O3")
