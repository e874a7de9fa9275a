# "cmsis-nn" kernel backend: Arm's CMSIS-NN library behind MicroWake's kernel
# interface. Needs CMSIS_NN_PATH pointing at a CMSIS-NN checkout (its sources are
# compiled from there, never copied into this repository). Untested here: written
# against the documented CMSIS-NN 6.x API (arm_nnfunctions.h).
set(CMSIS_NN_PATH "" CACHE PATH "CMSIS-NN checkout (for MW_KERNEL_BACKEND=cmsis-nn)")
if(NOT CMSIS_NN_PATH OR NOT EXISTS ${CMSIS_NN_PATH}/Include/arm_nnfunctions.h)
  message(FATAL_ERROR "MW_KERNEL_BACKEND=cmsis-nn needs -DCMSIS_NN_PATH=<CMSIS-NN checkout>")
endif()
file(GLOB_RECURSE MW_CMSIS_NN_LIBRARY_SOURCES ${CMSIS_NN_PATH}/Source/*.c)
# Only the integer kernels (the float ones need CMSIS-DSP headers).
list(FILTER MW_CMSIS_NN_LIBRARY_SOURCES EXCLUDE REGEX "_f(16|32)\\.c$")
list(APPEND MW_KERNELS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/mw_backend_cmsis_nn.c
  ${MW_CMSIS_NN_LIBRARY_SOURCES})
# Third-party code: compiled as it is, without MicroWake's warning set.
set_source_files_properties(${MW_CMSIS_NN_LIBRARY_SOURCES} PROPERTIES COMPILE_OPTIONS "-w")
include_directories(${CMSIS_NN_PATH} ${CMSIS_NN_PATH}/Include)
include(${CMAKE_CURRENT_LIST_DIR}/../ethos_u/sources.cmake)
