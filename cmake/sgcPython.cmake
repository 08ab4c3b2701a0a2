# What the Python module needs: an interpreter with its development files, pybind11 and the
# DLPack header. Sets SGC_PYTHON_DEPENDENCIES_FOUND; the Python targets and Python_EXECUTABLE are
# visible to the whole project (the examples' ctests run the interpreter too).

# Debian's python3-numpy, python3-pytest and python3-torch belong to /usr/bin/python3; a
# python3 earlier on PATH (pyenv, say) would get a module they cannot be imported with. Outside
# a virtualenv the system interpreter is used unless -DPython_EXECUTABLE=... says otherwise.
if(NOT DEFINED Python_EXECUTABLE AND NOT DEFINED ENV{VIRTUAL_ENV} AND EXISTS /usr/bin/python3)
  set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python interpreter the sgc module is built for")
endif()
find_package(Python 3.7 COMPONENTS Interpreter Development.Module QUIET)
if(Python_FOUND)
  find_package(pybind11 2.6 CONFIG QUIET)
endif()
find_path(SGC_DLPACK_INCLUDE_DIR dlpack/dlpack.h DOC "Directory holding dlpack/dlpack.h (Debian libdlpack-dev)")

set(SGC_PYTHON_DEPENDENCIES_FOUND OFF)
if(Python_FOUND AND pybind11_FOUND AND SGC_DLPACK_INCLUDE_DIR)
  set(SGC_PYTHON_DEPENDENCIES_FOUND ON)
else()
  set(missing "")
  if(NOT Python_FOUND)
    list(APPEND missing "python3-dev")
  endif()
  if(NOT pybind11_FOUND)
    list(APPEND missing "pybind11-dev")
  endif()
  if(NOT SGC_DLPACK_INCLUDE_DIR)
    list(APPEND missing "libdlpack-dev")
  endif()
  list(JOIN missing ", " missing)
  message(STATUS "sgc: no Python module (missing ${missing}; ./scripts/dev.sh installs them)")
endif()
