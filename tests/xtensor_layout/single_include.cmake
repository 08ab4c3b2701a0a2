# Every xtensor / xtensor-blas include of the library goes through sgc/detail/xtensor.hpp (the
# containers, the one header that knows both header layouts) or sgc/detail/xtensor_blas.hpp
# (xt::linalg). Fails naming any other header that includes them, and the containers header if
# it includes xtensor-blas.
file(GLOB_RECURSE headers "${INCLUDE_DIR}/sgc/*.hpp")
set(offenders "")
foreach(header ${headers})
  if(header STREQUAL "${INCLUDE_DIR}/sgc/detail/xtensor.hpp")
    file(STRINGS "${header}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]xtensor-blas")
  elseif(header STREQUAL "${INCLUDE_DIR}/sgc/detail/xtensor_blas.hpp")
    continue()
  else()
    file(STRINGS "${header}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]xtensor")
  endif()
  if(lines)
    list(APPEND offenders "${header}: ${lines}")
  endif()
endforeach()
if(offenders)
  string(REPLACE ";" "\n" offenders "${offenders}")
  message(FATAL_ERROR "include sgc/detail/xtensor.hpp (containers) or sgc/detail/xtensor_blas.hpp "
                      "(xt::linalg) instead of xtensor directly:\n${offenders}")
endif()
