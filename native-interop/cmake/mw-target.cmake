# Included right after each project() when cross-compiling (CMAKE_PROJECT_INCLUDE,
# set by the toolchain files): bare-metal targets have no shared libraries, and
# every executable gets the target's start-up code.
set(MW_BUILD_SHARED OFF CACHE BOOL "Build the host shared library (P/Invoke)" FORCE)
# One static image: position-independent code would only add GOT indirections.
set(CMAKE_C_COMPILE_OPTIONS_PIC "")
set(CMAKE_C_COMPILE_OPTIONS_PIE "")
if(MW_TARGET_STARTUP_SOURCES AND NOT TARGET mw_target_startup)
  add_library(mw_target_startup STATIC ${MW_TARGET_STARTUP_SOURCES})
  link_libraries(mw_target_startup)
endif()
