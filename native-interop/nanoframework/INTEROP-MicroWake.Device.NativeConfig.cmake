# Found by nf-interpreter's find_package(INTEROP-MicroWake.Device.Native) in config mode
# when the preset sets INTEROP-MicroWake.Device.Native_DIR to this folder.
include(${CMAKE_CURRENT_LIST_DIR}/MicroWake.cmake)
