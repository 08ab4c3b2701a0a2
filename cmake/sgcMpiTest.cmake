# MPI ctests. Every test run under mpirun goes through tests/mpi/mpirun_check.sh: the ctest
# command is the wrapper, which judges the status rank 0 reports (and, if asked, its output),
# because under --enable-recovery Open MPI 4.1's mpirun exits 0 even when rank 0 returns 1.
#
#   sgc_mpi_test(<name> NP <ranks> [EXPECT_STATUS <n>] [REGEX <ere>] [REPEAT <r>] [LOAD <k>]
#                [TIMEOUT <seconds per run>] COMMAND <program> <arguments>...)
#
# The program must accept "--result FILE" (appended by the wrapper) and write "status N" there
# from rank 0. Runs use --oversubscribe (more ranks than cores) and --enable-recovery (the job
# outlives a killed rank); the tests run one at a time.

# In every directory that includes this file: MPI_CXX_FOUND and MPI::MPI_CXX are per directory.
find_package(MPI COMPONENTS CXX QUIET)
include_guard(GLOBAL)

function(sgc_mpi_test name)
  cmake_parse_arguments(arg "" "NP;EXPECT_STATUS;REGEX;REPEAT;LOAD;TIMEOUT" "COMMAND" ${ARGN})
  if(NOT arg_NP OR NOT arg_COMMAND)
    message(FATAL_ERROR "sgc_mpi_test(${name}): NP and COMMAND are required")
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  if(NOT arg_REPEAT)
    set(arg_REPEAT 1)
  endif()
  set(check --timeout ${arg_TIMEOUT} --repeat ${arg_REPEAT})
  if(DEFINED arg_EXPECT_STATUS)
    list(APPEND check --expect-status ${arg_EXPECT_STATUS})
  endif()
  if(arg_REGEX)
    list(APPEND check --regex ${arg_REGEX})
  endif()
  if(arg_LOAD)
    list(APPEND check --load ${arg_LOAD})
  endif()
  add_test(NAME ${name}
           COMMAND ${PROJECT_SOURCE_DIR}/tests/mpi/mpirun_check.sh ${check} --
                   ${MPIEXEC_EXECUTABLE} --oversubscribe --allow-run-as-root --enable-recovery
                   ${MPIEXEC_NUMPROC_FLAG} ${arg_NP} ${arg_COMMAND})
  # ctest's own limit is only a backstop: the wrapper times each run out first.
  math(EXPR total "${arg_TIMEOUT} * ${arg_REPEAT} + 60")
  set_tests_properties(${name} PROPERTIES TIMEOUT ${total} RUN_SERIAL TRUE)
endfunction()
