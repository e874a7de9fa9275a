# Audio front ends: streaming layer, float MFCC, TFLM micro frontend.
set(MW_FRONTEND_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_frontend.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_mfcc.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_rfft.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_mfcc_fixed.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_rfft_fixed.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_micro_frontend.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_micro_fft.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_micro_tables.c)
