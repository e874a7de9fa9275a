# Streaming engine and the model-settings parser.
set(MW_ENGINE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_settings.c
  ${CMAKE_CURRENT_LIST_DIR}/mw_engine.c)
