# Engine tests: the metadata settings parser, and the streaming engine end to end.
mw_add_test(test_settings ${CMAKE_CURRENT_LIST_DIR}/engine/test_settings.c)
mw_add_test(test_engine ${CMAKE_CURRENT_LIST_DIR}/engine/test_engine.c)
mw_add_test(test_engine_metadata ${CMAKE_CURRENT_LIST_DIR}/engine/test_engine_metadata.c)
target_compile_definitions(test_engine_metadata PRIVATE MW_MODELS_DIR="${CMAKE_CURRENT_LIST_DIR}/../../models")
