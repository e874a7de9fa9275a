# ctest driver: configure, build and run the module check (cmake -P with MW_NF_DIR,
# MW_MODULE_SRC, MW_MODULE_BIN and MW_C_COMPILER set).
foreach(step configure build)
  if(step STREQUAL "configure")
    set(cmd ${CMAKE_COMMAND} -S ${MW_MODULE_SRC} -B ${MW_MODULE_BIN} -DCMAKE_C_COMPILER=${MW_C_COMPILER}
        "-DINTEROP-MicroWake.Device.Native_DIR=${MW_NF_DIR}")
  else()
    set(cmd ${CMAKE_COMMAND} --build ${MW_MODULE_BIN} -j2)
  endif()
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "module check ${step} failed:\n${out}\n${err}")
  endif()
endforeach()
execute_process(COMMAND ${MW_MODULE_BIN}/module_check RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "module_check failed")
endif()
