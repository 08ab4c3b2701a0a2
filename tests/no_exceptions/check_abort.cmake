# Runs PROGRAM with "error": built with -fno-exceptions, it must print sgc's message to stderr
# and abort (not exit normally, not crash otherwise).
execute_process(COMMAND ${PROGRAM} error RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc MATCHES "[Aa]bort")
  message(FATAL_ERROR "expected an abort, got: ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT err MATCHES "^sgc::m_sgc: W = 2: requires W >= B \\+ 1 \\(B = 3\\)\n$")
  message(FATAL_ERROR "expected sgc's message alone on stderr, got:\n${err}")
endif()
message(STATUS "aborted with: ${err}")
