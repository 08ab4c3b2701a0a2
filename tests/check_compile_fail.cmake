# A compile-fail test: compiles SOURCE with COMPILER and FLAGS (|-separated), which must fail, with
# the FIRST error naming the expectation (EXPECT, a regex) and at most MAX_ERRORS errors in all:
# a mistake gets one clear message, not a cascade. Run by ctest as
#   cmake -DCOMPILER=... -DSOURCE=... -DEXPECT=... -DMAX_ERRORS=N -DFLAGS=a|b|c -P check_compile_fail.cmake
# FLAGS comes |-separated; an empty -I (a dependency without include directories) is dropped.
string(REPLACE "|" ";" FLAGS "${FLAGS}")
list(REMOVE_ITEM FLAGS "-I")
execute_process(COMMAND ${COMPILER} ${FLAGS} ${SOURCE}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(log "${out}${err}")
# A ; in a message would split the list of error lines below.
string(REPLACE ";" "," log "${log}")
if(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but must not:\n${log}")
endif()
string(REGEX MATCHALL "[^\n]*(: error: |: fatal error: )[^\n]*" errors "${log}")
list(LENGTH errors count)
if(count EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: the compiler failed without an error line:\n${log}")
endif()
list(GET errors 0 first)
if(NOT first MATCHES "${EXPECT}")
  message(FATAL_ERROR "${SOURCE}: the first error is not the expected one.\n"
                      "expected: ${EXPECT}\nfirst:    ${first}\n\n${log}")
endif()
if(count GREATER MAX_ERRORS)
  message(FATAL_ERROR "${SOURCE}: ${count} errors, more than ${MAX_ERRORS}: the expected one "
                      "must come alone.\n\n${log}")
endif()
message(STATUS "${SOURCE}: the first of ${count} error(s) is the expected one: ${first}")
