# Installs the configured build tree into a fresh, empty prefix.
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
if(NOT EXISTS ${PREFIX}/include/sgc/sgc.hpp OR NOT EXISTS ${PREFIX}/share/cmake/sgc/sgcConfig.cmake)
  message(FATAL_ERROR "install is missing the headers or the package config")
endif()
