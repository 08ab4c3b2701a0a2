# Offline check of the vcpkg port (ports/sgc), run with cmake -P. This is not a vcpkg run: no
# vcpkg binary can be installed here. It defines plain-CMake stand-ins for the vcpkg helpers the
# portfile calls, includes the real ports/sgc/portfile.cmake, and checks that the staging prefix
# is laid out as vcpkg's packages/<port>_<triplet> directory would be, then copies it to
# installed/<triplet> as vcpkg does. A consumer test builds against that prefix with find_package.
#
#   -DPORT_DIR=<ports/sgc> -DSTAGING=<dir> -DGENERATOR=<cmake generator> -DSGC_VERSION=<x.y.z>
#
# The stand-ins support what a header-only port needs: VCPKG_BUILD_TYPE release, one build
# tree, config files moved to share/<port>. A portfile calling any other vcpkg helper fails here
# with "Unknown CMake command", which is the point: only the steps checked are allowed.
cmake_minimum_required(VERSION 3.19) # string(JSON)

foreach(var PORT_DIR STAGING GENERATOR SGC_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "vcpkg_port.cmake: -D${var}=... is required")
  endif()
endforeach()

# The variables vcpkg defines for a portfile.
set(PORT sgc)
set(TARGET_TRIPLET x64-linux)
file(REMOVE_RECURSE "${STAGING}")
set(CURRENT_BUILDTREES_DIR "${STAGING}/buildtrees/${PORT}")
set(CURRENT_PACKAGES_DIR "${STAGING}/packages/${PORT}_${TARGET_TRIPLET}")
# Dependencies come from the system (Debian's xtensor 0.24), not from installed/.
set(CURRENT_INSTALLED_DIR "${STAGING}/installed/${TARGET_TRIPLET}")

function(run_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "port step failed (${result}): ${command}")
  endif()
endfunction()

# vcpkg_cmake_configure: a release tree configured like vcpkg does (install prefix = the
# package directory, GNU directories pinned, no package registries).
function(vcpkg_cmake_configure)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "SOURCE_PATH" "OPTIONS;OPTIONS_RELEASE;OPTIONS_DEBUG")
  if(NOT VCPKG_BUILD_TYPE STREQUAL "release")
    message(FATAL_ERROR "the offline check supports header-only ports: set(VCPKG_BUILD_TYPE release)")
  endif()
  set(tree "${CURRENT_BUILDTREES_DIR}/${TARGET_TRIPLET}-rel")
  run_step(${CMAKE_COMMAND} -S "${arg_SOURCE_PATH}" -B "${tree}" -G "${GENERATOR}"
           -DCMAKE_BUILD_TYPE=Release "-DCMAKE_INSTALL_PREFIX=${CURRENT_PACKAGES_DIR}"
           -DCMAKE_INSTALL_BINDIR=bin -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_INSTALL_INCLUDEDIR=include
           -DCMAKE_INSTALL_DATAROOTDIR=share
           -DCMAKE_EXPORT_NO_PACKAGE_REGISTRY=ON -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON
           ${arg_OPTIONS} ${arg_OPTIONS_RELEASE})
  set_property(GLOBAL PROPERTY sgc_port_build_tree "${tree}")
endfunction()

# vcpkg_cmake_install: build the install target of the configured tree.
function(vcpkg_cmake_install)
  get_property(tree GLOBAL PROPERTY sgc_port_build_tree)
  if(NOT tree)
    message(FATAL_ERROR "vcpkg_cmake_install called before vcpkg_cmake_configure")
  endif()
  run_step(${CMAKE_COMMAND} --build "${tree}" --target install)
endfunction()

# vcpkg_cmake_config_fixup: move CONFIG_PATH to share/<PACKAGE_NAME> and make the files compute
# the install prefix from their new depth, as vcpkg does.
function(vcpkg_cmake_config_fixup)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "CONFIG_PATH;PACKAGE_NAME" "")
  if(NOT arg_PACKAGE_NAME)
    set(arg_PACKAGE_NAME "${PORT}")
  endif()
  set(from "${CURRENT_PACKAGES_DIR}/${arg_CONFIG_PATH}")
  set(to "${CURRENT_PACKAGES_DIR}/share/${arg_PACKAGE_NAME}")
  if(NOT IS_DIRECTORY "${from}")
    message(FATAL_ERROR "vcpkg_cmake_config_fixup: '${from}' does not exist")
  endif()
  if(NOT from STREQUAL to)
    file(MAKE_DIRECTORY "${to}")
    file(GLOB files "${from}/*")
    foreach(f ${files})
      get_filename_component(name "${f}" NAME)
      file(RENAME "${f}" "${to}/${name}")
    endforeach()
    # Remove the emptied directories up to share/.
    while(NOT from STREQUAL "${CURRENT_PACKAGES_DIR}/share" AND IS_DIRECTORY "${from}")
      file(GLOB left "${from}/*")
      if(left)
        break()
      endif()
      file(REMOVE_RECURSE "${from}") # empty
      get_filename_component(from "${from}" DIRECTORY)
    endwhile()
  endif()
  # share/<name>/<file>: the file's directory, then two levels up is the prefix.
  set(import_prefix "get_filename_component(_IMPORT_PREFIX \"\${CMAKE_CURRENT_LIST_FILE}\" PATH)\n")
  string(APPEND import_prefix "get_filename_component(_IMPORT_PREFIX \"\${_IMPORT_PREFIX}\" PATH)\n")
  string(APPEND import_prefix "get_filename_component(_IMPORT_PREFIX \"\${_IMPORT_PREFIX}\" PATH)\n")
  file(GLOB configs "${to}/*.cmake")
  foreach(f ${configs})
    file(READ "${f}" text)
    string(REGEX REPLACE
           "get_filename_component\\(_IMPORT_PREFIX \"\\\${CMAKE_CURRENT_LIST_FILE}\" PATH\\)\n(get_filename_component\\(_IMPORT_PREFIX \"\\\${_IMPORT_PREFIX}\" PATH\\)\n)*"
           "${import_prefix}" text "${text}")
    string(REGEX REPLACE
           "get_filename_component\\(PACKAGE_PREFIX_DIR \"\\\${CMAKE_CURRENT_LIST_DIR}/[./]*\" ABSOLUTE\\)"
           "get_filename_component(PACKAGE_PREFIX_DIR \"\${CMAKE_CURRENT_LIST_DIR}/../../\" ABSOLUTE)"
           text "${text}")
    file(WRITE "${f}" "${text}")
  endforeach()
endfunction()

# vcpkg_install_copyright: share/<port>/copyright, the files concatenated.
function(vcpkg_install_copyright)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "COMMENT" "FILE_LIST")
  set(text "")
  if(arg_COMMENT)
    string(APPEND text "${arg_COMMENT}\n\n")
  endif()
  foreach(f ${arg_FILE_LIST})
    if(NOT EXISTS "${f}")
      message(FATAL_ERROR "vcpkg_install_copyright: '${f}' does not exist")
    endif()
    file(READ "${f}" part)
    string(APPEND text "${part}")
  endforeach()
  file(WRITE "${CURRENT_PACKAGES_DIR}/share/${PORT}/copyright" "${text}")
endfunction()

# The port itself, unmodified.
include("${PORT_DIR}/portfile.cmake")

# The manifest: named for the port, versioned like the project, with the documented dependencies.
file(READ "${PORT_DIR}/vcpkg.json" manifest)
string(JSON name GET "${manifest}" name)
string(JSON version GET "${manifest}" version)
if(NOT name STREQUAL PORT OR NOT version STREQUAL SGC_VERSION)
  message(FATAL_ERROR "vcpkg.json says ${name} ${version}, the project is ${PORT} ${SGC_VERSION}")
endif()
string(JSON count LENGTH "${manifest}" dependencies)
math(EXPR last "${count} - 1")
set(dependencies "")
foreach(i RANGE ${last})
  string(JSON type TYPE "${manifest}" dependencies ${i})
  if(type STREQUAL "OBJECT")
    string(JSON dependency GET "${manifest}" dependencies ${i} name)
  else()
    string(JSON dependency GET "${manifest}" dependencies ${i})
  endif()
  list(APPEND dependencies "${dependency}")
endforeach()
foreach(required xtensor xtensor-blas blas lapack vcpkg-cmake vcpkg-cmake-config)
  if(NOT required IN_LIST dependencies)
    message(FATAL_ERROR "vcpkg.json does not depend on ${required} (it lists: ${dependencies})")
  endif()
endforeach()

# The package directory, as vcpkg's post-build checks expect it for a header-only port.
set(p "${CURRENT_PACKAGES_DIR}")
foreach(required include/sgc/sgc.hpp include/sgc/detail/xtensor.hpp
        include/sgc/detail/xtensor_blas.hpp share/sgc/sgcConfig.cmake
        share/sgc/sgcConfigVersion.cmake share/sgc/sgcTargets.cmake share/sgc/sgcCoreTargets.cmake
        share/sgc/copyright share/sgc/usage)
  if(NOT EXISTS "${p}/${required}")
    message(FATAL_ERROR "the port did not install ${required}")
  endif()
endforeach()
foreach(absent share/cmake debug lib bin)
  if(EXISTS "${p}/${absent}")
    message(FATAL_ERROR "the port left ${absent}/ in the package (vcpkg rejects it)")
  endif()
endforeach()
# The usage text vcpkg prints after the install must show what the consumer test does.
file(READ "${p}/share/sgc/usage" usage)
foreach(line "find_package(sgc CONFIG REQUIRED)" "target_link_libraries(main PRIVATE sgc::sgc)"
        "find_package(sgc CONFIG REQUIRED COMPONENTS core)"
        "target_link_libraries(main PRIVATE sgc::core)")
  string(FIND "${usage}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "share/sgc/usage does not show: ${line}")
  endif()
endforeach()
file(GLOB_RECURSE configs "${p}/share/sgc/*.cmake")
foreach(f ${configs})
  file(READ "${f}" text)
  if(text MATCHES "${STAGING}|${CURRENT_BUILDTREES_DIR}")
    message(FATAL_ERROR "${f} hard-codes a build path; the package must be relocatable")
  endif()
endforeach()
# vcpkg then copies the package into installed/<triplet>, where consumers find it: the consumer
# test builds against that copy, which also proves the package config is relocatable.
file(COPY "${p}/" DESTINATION "${CURRENT_INSTALLED_DIR}")
message(STATUS "vcpkg port (offline check): ${PORT} ${version} installed in ${CURRENT_INSTALLED_DIR}")
