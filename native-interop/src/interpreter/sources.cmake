set(MW_INTERPRETER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_interpreter.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_build.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_plan.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_prepare.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_conv.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_fully_connected.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_pool2d.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_softmax.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_reshape.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_quantize.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_op_eval.c)
# Vela's "ethos-u" custom operator: only with the Ethos-U backend (src/kernels/ethos_u).
if(MW_KERNEL_BACKEND STREQUAL "ethos-u")
  list(APPEND MW_INTERPRETER_SOURCES ${CMAKE_CURRENT_LIST_DIR}/mw_op_ethosu.c)
endif()
