# Kernels: the portable reference implementations (always built: every backend
# falls back to them and the differential tests compare against them) plus one
# backend that defines the plain kernel names, chosen by MW_KERNEL_BACKEND.
# A backend "foo-bar" lives in src/kernels/foo_bar/ and its sources.cmake appends
# its files (which define the plain names) to MW_KERNELS_SOURCES;
# mw_backend_shared.c defines the plain names every backend maps alike.
set(MW_KERNELS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_kernel_common.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_quant_params.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_conv2d.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_depthwise_conv2d.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_fully_connected.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_avg_pool2d.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_max_pool2d.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_softmax.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_quantize.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_backend_shared.c)

if(NOT DEFINED MW_KERNEL_BACKEND OR MW_KERNEL_BACKEND STREQUAL "reference")
  list(APPEND MW_KERNELS_SOURCES ${CMAKE_CURRENT_LIST_DIR}/mw_backend_reference.c)
else()
  string(REPLACE "-" "_" _mw_backend_dir "${MW_KERNEL_BACKEND}")
  if(NOT EXISTS ${CMAKE_CURRENT_LIST_DIR}/${_mw_backend_dir}/sources.cmake)
    message(FATAL_ERROR "MW_KERNEL_BACKEND=${MW_KERNEL_BACKEND}: no src/kernels/${_mw_backend_dir}/sources.cmake")
  endif()
  include(${CMAKE_CURRENT_LIST_DIR}/${_mw_backend_dir}/sources.cmake)
endif()
