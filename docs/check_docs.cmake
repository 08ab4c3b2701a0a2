# Builds the API reference and fails on any Doxygen warning, printing them.
execute_process(COMMAND ${DOXYGEN} ${DOXYFILE} RESULT_VARIABLE result)
set(warnings "")
if(EXISTS ${LOG})
  file(READ ${LOG} warnings)
endif()
if(NOT result EQUAL 0 OR NOT warnings STREQUAL "")
  message(FATAL_ERROR "doxygen failed (${result}) or warned:\n${warnings}")
endif()
