# Writes OUT, a header defining STRAGGLESIM_VERSION as `git describe` of SOURCE_DIR says now, when
# it differs from what OUT holds: run at every build, so that a build made after new commits
# records them, without recompiling anything while the version stays the same.
execute_process(COMMAND git describe --always --dirty --tags WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT version)
  set(version "unknown")
endif()
set(text "#define STRAGGLESIM_VERSION \"${version}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
