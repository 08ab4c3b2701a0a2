# Writes the configuration `sgc info ${ARGS}` prints to ${CONFIG}, then runs the scheme_choice
# example on it: the path from the command-line tool to a scheme chosen at run time.
execute_process(COMMAND ${SGC} info ${ARGS} OUTPUT_FILE ${CONFIG} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "sgc info ${ARGS} failed: ${result}")
endif()
execute_process(COMMAND ${EXAMPLE} ${CONFIG} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "scheme_choice ${CONFIG} failed: ${result}")
endif()
