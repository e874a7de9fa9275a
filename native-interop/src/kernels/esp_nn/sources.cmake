# "esp-nn" kernel backend: Espressif's ESP-NN (ESP32-S3 SIMD kernels, ANSI C
# elsewhere) behind MicroWake's kernel interface. In an ESP-IDF build, add the
# espressif/esp-nn component (it compiles and links the library and defines which
# variant esp_nn.h maps to) and pass -DESP_NN_PATH=<its folder> so the wrapper
# finds the headers. Untested here: written against ESP-NN's documented API.
set(ESP_NN_PATH "" CACHE PATH "ESP-NN folder (for MW_KERNEL_BACKEND=esp-nn)")
if(NOT ESP_NN_PATH OR NOT EXISTS ${ESP_NN_PATH}/include/esp_nn.h)
  message(FATAL_ERROR "MW_KERNEL_BACKEND=esp-nn needs -DESP_NN_PATH=<esp-nn folder>")
endif()
list(APPEND MW_KERNELS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_backend_esp_nn.c)
include_directories(${ESP_NN_PATH}/include)
