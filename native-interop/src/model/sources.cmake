set(MW_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_flatbuffer.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_tflite.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_tflite_names.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_metadata.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_offline_plan.c)
