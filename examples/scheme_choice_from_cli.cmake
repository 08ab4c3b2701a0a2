# Writes a configuration from the command-line tool to ${CONFIG}, then runs the scheme_choice
# example on it: the path from the tool to a scheme chosen at run time.
#   MODE=info  `sgc info ${ARGS}` prints the configuration itself;
#   MODE=tune  `sgc tune` picks the best parameters of one scheme on a synthetic trace that
#              `sgc trace ${TRACE_ARGS}` writes, and its answer becomes the configuration.
if(MODE STREQUAL "tune")
  set(trace ${CONFIG}.trace.csv)
  execute_process(COMMAND ${SGC} trace ${TRACE_ARGS} OUTPUT_FILE ${trace} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "sgc trace ${TRACE_ARGS} failed: ${result}")
  endif()
  execute_process(COMMAND ${SGC} tune --trace ${trace} ${ARGS} --progress never
                  OUTPUT_VARIABLE tuned RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "sgc tune ${ARGS} failed: ${result}")
  endif()
  string(JSON n GET "${tuned}" n)
  string(JSON code GET "${tuned}" code)
  string(JSON best GET "${tuned}" schemes 0)
  string(JSON best SET "${best}" n "${n}")
  string(JSON best SET "${best}" code "\"${code}\"")
  file(WRITE ${CONFIG} "${best}")
  message(STATUS "sgc tune chose ${best}")
else()
  execute_process(COMMAND ${SGC} info ${ARGS} OUTPUT_FILE ${CONFIG} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "sgc info ${ARGS} failed: ${result}")
  endif()
endif()
execute_process(COMMAND ${EXAMPLE} ${CONFIG} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "scheme_choice ${CONFIG} failed: ${result}")
endif()
