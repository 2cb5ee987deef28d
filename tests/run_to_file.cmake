# Runs CMD [ARG] and writes its standard output to OUT; fails if the command fails.
if(DEFINED ARG)
  execute_process(COMMAND ${CMD} ${ARG} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
else()
  execute_process(COMMAND ${CMD} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CMD} ${ARG} exited with ${rc}")
endif()
