# Self-tests of the build/run port (host, and each QEMU target): stdio, semihosting
# file reads, float math, and that a failing or crashing program fails CTest.
mw_add_test(target_runtime ${CMAKE_CURRENT_LIST_DIR}/targets/test_target_runtime.c)

mw_add_test(target_exit_nonzero ${CMAKE_CURRENT_LIST_DIR}/targets/test_target_exit.c)
set_tests_properties(target_exit_nonzero PROPERTIES WILL_FAIL TRUE)

if(CMAKE_CROSSCOMPILING)
  # A fault must end QEMU with a non-zero code, not hang (the runner's timeout would
  # also fail it, but slowly: keep it short).
  mw_add_test(target_fault_exits ${CMAKE_CURRENT_LIST_DIR}/targets/test_target_fault.c)
  set_tests_properties(target_fault_exits PROPERTIES WILL_FAIL TRUE TIMEOUT 30)
endif()
