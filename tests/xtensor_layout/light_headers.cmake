# Headers include only what they use: every header but those of the codes that solve (and the
# headers that gather them) must preprocess without reading an xtensor-blas header.
# Run with -DCXX=<compiler> -DINCLUDE_DIR=<sgc include dir> "-DINCLUDES=<-I flags>".
cmake_minimum_required(VERSION 3.16)
#
# The cyclic repetition code and matrix_code solve with xt::linalg; any_code holds them, and the
# run-time scheme factory (any_scheme), the tuner and the umbrella header include any_code. The
# schemes themselves do not: a scheme with a repetition code is light. Remove a header from this
# list when it stops including them.
set(heavy
  sgc/codes/detail/matrix_impl.hpp sgc/codes/detail/cyclic_impl.hpp
  sgc/codes/any_code.hpp sgc/codes/cyclic_repetition.hpp sgc/codes/matrix_code.hpp
  sgc/schemes/any_scheme.hpp sgc/sim/tuner.hpp sgc/sgc.hpp
  sgc/detail/xtensor_blas.hpp
  sgc/transport/mpi.hpp) # needs MPI, which this check does not look for

file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/sgc/*.hpp")
set(offenders "")
set(checked 0)
foreach(header ${headers})
  if(header IN_LIST heavy)
    continue()
  endif()
  # -M lists every file the preprocessor reads, system headers included.
  execute_process(COMMAND ${CXX} -std=c++17 -M -x c++ ${INCLUDES} "${INCLUDE_DIR}/${header}"
                  OUTPUT_VARIABLE read RESULT_VARIABLE result ERROR_VARIABLE error)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${header} does not preprocess:\n${error}")
  endif()
  math(EXPR checked "${checked} + 1")
  if(read MATCHES "xtensor-blas")
    list(APPEND offenders ${header})
  endif()
endforeach()
if(offenders)
  string(REPLACE ";" "\n  " offenders "${offenders}")
  message(FATAL_ERROR "these headers read xtensor-blas without solving anything:\n  ${offenders}")
endif()
message(STATUS "${checked} headers read no xtensor-blas header")
