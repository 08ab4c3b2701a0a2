# The include graph of include/sgc follows the layer order: a header includes only headers of
# its own layer and of the layers listed for it below. Run as
#   cmake -DINCLUDE_DIR=<repo>/include -P check_layers.cmake
# and fails listing every offending #include line as file:line.
#
# The layers, each with the layers it stands on (what it may include):
#
#   core                                        rational, worker_set, errors, thread pool
#   codes      core                             gradient codes, decode plans
#   models     core                             straggler models, the round rule
#   gradient   core codes                       kernels; applies codes' plans and tasks
#   schemes    core codes models                sans-I/O schemes (no gradient kernels)
#   protocol   core codes models gradient schemes          messages, transport interface, worker
#   runtime    core codes models gradient schemes protocol the master
#   transport  core codes models gradient schemes protocol in-process and MPI transports
#   sim        core codes models schemes                   traces, replay, tuner
#
# A layer's detail/ folder is its own: other layers include its public headers only. Two
# internal folders serve every layer: core/detail (library-wide helpers) and the top-level
# detail/ (the one xtensor include), as do the top-level config.hpp and version.hpp. The
# umbrella sgc.hpp includes public headers only. Exceptions, each with its reason, are listed
# in detail_allowances as layer:folder.
#
# A second rule keeps contracts public: no whole-line comment of a public header (one outside
# any detail/ folder) names a detail/ file or a detail:: entity as the place to read it.
cmake_minimum_required(VERSION 3.16)

set(layer_core "")
set(layer_codes core)
set(layer_models core)
set(layer_gradient core codes)
set(layer_schemes core codes models)
set(layer_protocol core codes models gradient schemes)
set(layer_runtime core codes models gradient schemes protocol)
set(layer_transport core codes models gradient schemes protocol)
set(layer_sim core codes models schemes)
set(layers core codes models gradient schemes protocol runtime transport sim)
set(shared_folders "core/detail" "detail" ".")
# schemes:codes/detail: sgc::gc checks its parameters with the codes' own rules
# (detail::code_rules), the same n and s as its code's.
set(detail_allowances "schemes:codes/detail")

if(NOT INCLUDE_DIR)
  message(FATAL_ERROR "usage: cmake -DINCLUDE_DIR=<repo>/include -P check_layers.cmake")
endif()
set(root "${INCLUDE_DIR}/sgc")
file(GLOB_RECURSE headers RELATIVE "${root}" "${root}/*.hpp")
if(NOT headers)
  message(FATAL_ERROR "no headers under ${root}")
endif()

# The folder of a header path relative to ${root} ("." for the top level), and its layer.
function(folder_of path out)
  get_filename_component(dir "${path}" DIRECTORY)
  if(dir STREQUAL "")
    set(dir ".")
  endif()
  set(${out} "${dir}" PARENT_SCOPE)
endfunction()
function(layer_of folder out)
  string(REGEX REPLACE "/.*" "" first "${folder}")
  set(${out} "${first}" PARENT_SCOPE)
endfunction()

string(ASCII 1 semicolon)
string(ASCII 2 open_bracket)
string(ASCII 3 close_bracket)
string(ASCII 4 backslash)
set(offences "")
foreach(header ${headers})
  folder_of("${header}" from_folder)
  layer_of("${from_folder}" from_layer)
  set(umbrella OFF)
  if(header STREQUAL "sgc.hpp")
    set(umbrella ON)
  elseif(from_folder STREQUAL "." OR from_folder STREQUAL "detail")
    set(allowed "")
  elseif(from_layer IN_LIST layers)
    set(allowed ${layer_${from_layer}})
  else()
    list(APPEND offences "${root}/${header}: the folder ${from_folder} is not in the layer order of tests/layers/check_layers.cmake: add it there")
    continue()
  endif()
  get_filename_component(header_dir "${root}/${header}" DIRECTORY)
  # One list element per line: the characters CMake's lists treat specially are swapped for
  # placeholders first, and put back in the report.
  file(READ "${root}/${header}" content)
  string(REPLACE ";" "${semicolon}" content "${content}")
  string(REPLACE "[" "${open_bracket}" content "${content}")
  string(REPLACE "]" "${close_bracket}" content "${content}")
  string(REPLACE "\\" "${backslash}" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    if(line MATCHES "^[ \t]*//" AND NOT from_folder MATCHES "(^|/)detail$"
       AND line MATCHES "detail(::|/)")
      list(APPEND offences "${root}/${header}:${number}: a public header's comment names an internal (detail) place: ${line}")
      continue()
    endif()
    if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*([<\"])([^>\"]+)[>\"]")
      continue()
    endif()
    set(quote "${CMAKE_MATCH_1}")
    set(target "${CMAKE_MATCH_2}")
    if(quote STREQUAL "\"")
      get_filename_component(target_path "${header_dir}/${target}" ABSOLUTE)
    elseif(target MATCHES "^sgc/")
      get_filename_component(target_path "${INCLUDE_DIR}/${target}" ABSOLUTE)
    else()
      continue() # the standard library, xtensor, MPI
    endif()
    file(RELATIVE_PATH target_rel "${root}" "${target_path}")
    if(target_rel MATCHES "^\\.\\./")
      list(APPEND offences "${root}/${header}:${number}: includes a file outside include/sgc: ${line}")
      continue()
    endif()
    folder_of("${target_rel}" to_folder)
    layer_of("${to_folder}" to_layer)
    set(ok OFF)
    if(to_folder IN_LIST shared_folders)
      set(ok ON)
    elseif(umbrella)
      if(NOT to_folder MATCHES "(^|/)detail$")
        set(ok ON)
      endif()
    elseif(to_layer STREQUAL from_layer)
      set(ok ON)
    elseif(to_layer IN_LIST allowed AND to_folder STREQUAL to_layer)
      set(ok ON)
    elseif("${from_layer}:${to_folder}" IN_LIST detail_allowances)
      set(ok ON)
    endif()
    if(NOT ok)
      if(umbrella)
        set(why "the umbrella header includes public headers only")
      elseif(to_layer IN_LIST allowed)
        set(why "${to_folder} is internal to ${to_layer}: include a public ${to_layer} header")
      else()
        string(REPLACE ";" " " stands_on "${allowed}")
        set(why "${from_layer} stands on ${stands_on} only")
      endif()
      list(APPEND offences "${root}/${header}:${number}: ${from_folder} may not include ${target_rel} (${why}): ${line}")
    endif()
  endforeach()
endforeach()

if(offences)
  list(LENGTH offences count)
  foreach(offence IN LISTS offences)
    string(REPLACE "${semicolon}" ";" offence "${offence}")
    string(REPLACE "${open_bracket}" "[" offence "${offence}")
    string(REPLACE "${close_bracket}" "]" offence "${offence}")
    string(REPLACE "${backslash}" "\\" offence "${offence}")
    message("${offence}")
  endforeach()
  message(FATAL_ERROR "${count} line(s) break the layer rules above")
endif()
list(LENGTH headers count)
message(STATUS "${count} headers follow the layer order")
