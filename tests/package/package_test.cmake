# Driver for the package tests; run as `cmake -D... -DSTEP=<step> -P package_test.cmake` by ctest
# (see CMakeLists.txt next to this file for the variables it receives).
cmake_minimum_required(VERSION 3.25)

set(PREFIX "${WORK_DIR}/prefix")
unset(ENV{DESTDIR})
unset(ENV{CMAKE_PREFIX_PATH})

# Runs a command, echoing it, and stops the test on a non-zero exit status.
function(run)
  string(JOIN " " _shown ${ARGV})
  message(STATUS "+ ${_shown}")
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "command failed (${_rc}): ${_shown}")
  endif()
endfunction()

# The path of an executable built by a consumer (single- or multi-config generators).
function(find_built_executable out dir name)
  foreach(_candidate "${dir}/${name}" "${dir}/${CONFIG}/${name}")
    if(EXISTS "${_candidate}" AND NOT IS_DIRECTORY "${_candidate}")
      set(${out} "${_candidate}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "no ${name} built in ${dir}")
endfunction()

# Runs the consumer's store kit test (consumer/store_kit_test.cpp) from `build_dir`: on its
# store every conformance test case must run and pass; on the flawed store the run must fail in
# the test case that the flaw breaks; with no store registered every test case must fail.
function(run_store_kit_test build_dir)
  find_built_executable(_exe "${build_dir}" authkit_store_kit_test)
  # As many test cases as the installed suite has STORE_CASEs, so none was left out.
  file(GLOB _sources "${PREFIX}/share/authkit/store_conformance/*_test.cpp")
  set(_cases 0)
  foreach(_source IN LISTS _sources)
    file(STRINGS "${_source}" _lines REGEX "^STORE_CASE\\(")
    list(LENGTH _lines _count)
    math(EXPR _cases "${_cases} + ${_count}")
  endforeach()
  message(STATUS "+ ${_exe} (expecting ${_cases} test cases to pass)")
  execute_process(COMMAND "${_exe}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  message(STATUS "${_out}")
  if(NOT _rc EQUAL 0 OR _cases EQUAL 0
     OR NOT _out MATCHES "All tests passed \\([0-9]+ assertions in ${_cases} test cases\\)")
    message(FATAL_ERROR "the store conformance kit failed on the consumer's store (${_rc}), or "
                        "did not run all ${_cases} test cases")
  endif()

  message(STATUS "+ ${_exe} --flawed (expecting a failure)")
  execute_process(COMMAND "${_exe}" --flawed RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _out)
  message(STATUS "${_out}")
  set(_expected "SessionStore: list_sessions is newest first and skips expired")
  string(FIND "${_out}" "${_expected}" _pos)
  if(_rc EQUAL 0 OR _pos EQUAL -1
     OR NOT _out MATCHES "DelegatingStore reversing list_sessions")
    message(FATAL_ERROR "the store conformance kit passed a store whose list_sessions is "
                        "oldest first (${_rc}), or did not name '${_expected}' and the store")
  endif()

  message(STATUS "+ ${_exe} --no-store (expecting every test case to fail)")
  execute_process(COMMAND "${_exe}" --no-store RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _out)
  if(_rc EQUAL 0 OR NOT _out MATCHES "no store is registered for the conformance suite"
     OR NOT _out MATCHES "test cases: +${_cases} \\| +${_cases} failed")
    message(STATUS "${_out}")
    message(FATAL_ERROR "with no store registered the kit did not fail every test case (${_rc})")
  endif()
endfunction()

# Configures, builds and runs one consumer project.
function(build_and_run_consumer source_dir build_dir)
  file(REMOVE_RECURSE "${build_dir}")
  set(_args -S "${source_dir}" -B "${build_dir}" -G "${GENERATOR}"
            "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
  if(CONFIG)
    list(APPEND _args "-DCMAKE_BUILD_TYPE=${CONFIG}")
  endif()
  if(SANITIZER_FLAGS)
    list(APPEND _args "-DCMAKE_CXX_FLAGS=${SANITIZER_FLAGS}"
                      "-DCMAKE_EXE_LINKER_FLAGS=${SANITIZER_FLAGS}")
  endif()
  run("${CMAKE_COMMAND}" ${_args} ${ARGN})
  set(_build_args --build "${build_dir}" --parallel ${PARALLEL})
  if(CONFIG)
    list(APPEND _build_args --config "${CONFIG}")
  endif()
  run("${CMAKE_COMMAND}" ${_build_args})
  find_built_executable(_exe "${build_dir}" authkit_consumer)
  run("${_exe}")
endfunction()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  set(_args --install "${AUTHKIT_BINARY_DIR}" --prefix "${PREFIX}")
  if(CONFIG)
    list(APPEND _args --config "${CONFIG}")
  endif()
  run("${CMAKE_COMMAND}" ${_args})
  file(GLOB_RECURSE _configs "${PREFIX}/*/authkit-config.cmake")
  file(GLOB_RECURSE _pcs "${PREFIX}/*/authkit.pc")
  if(NOT _configs OR NOT _pcs OR NOT EXISTS "${PREFIX}/include/authkit/version.hpp")
    message(FATAL_ERROR "install is incomplete: config='${_configs}' pc='${_pcs}'")
  endif()
  # The store conformance kit: its public header, its sources and its export file.
  file(GLOB_RECURSE _kit_targets "${PREFIX}/*/authkit-store-conformance-targets.cmake")
  file(GLOB _kit_sources "${PREFIX}/share/authkit/store_conformance/*_test.cpp")
  if(NOT _kit_targets OR NOT _kit_sources
     OR NOT EXISTS "${PREFIX}/include/authkit/testing/store_conformance.hpp")
    message(FATAL_ERROR "the store conformance kit is not installed completely: "
                        "targets='${_kit_targets}' sources='${_kit_sources}'")
  endif()

elseif(STEP STREQUAL "find_package")
  build_and_run_consumer("${PACKAGE_SOURCE_DIR}/consumer" "${WORK_DIR}/find_package"
    "-DCMAKE_PREFIX_PATH=${PREFIX}"
    "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"
    "-DAUTHKIT_REQUIRED_VERSION=${AUTHKIT_VERSION}"
    "-DAUTHKIT_EXPECTED_PREFIX=${PREFIX}")
  run_store_kit_test("${WORK_DIR}/find_package")

elseif(STEP STREQUAL "pkg_config")
  if(NOT PKG_CONFIG_EXECUTABLE)
    message(FATAL_ERROR "pkg-config not found (Debian: pkg-config). Fix: bash scripts/install-deps.sh core, then reconfigure")
  endif()
  file(GLOB_RECURSE _pcs "${PREFIX}/*/authkit.pc")
  list(GET _pcs 0 _pc)
  get_filename_component(_pc_dir "${_pc}" DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} "${_pc_dir}")
  run("${PKG_CONFIG_EXECUTABLE}" --validate authkit)
  execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --modversion authkit
                  OUTPUT_VARIABLE _version OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _version STREQUAL AUTHKIT_VERSION)
    message(FATAL_ERROR "pkg-config reports version '${_version}', expected ${AUTHKIT_VERSION}")
  endif()
  # A static libauthkit needs its private dependencies on the link line: ask with --static.
  set(_pc_args --cflags --libs)
  if(AUTHKIT_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
    list(APPEND _pc_args --static)
  endif()
  execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" ${_pc_args} authkit
                  OUTPUT_VARIABLE _flags RESULT_VARIABLE _rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --variable=libdir authkit
                  OUTPUT_VARIABLE _libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "pkg-config ${_pc_args} authkit failed")
  endif()
  string(JOIN " " _shown ${_pc_args})
  message(STATUS "pkg-config ${_shown} authkit: ${_flags}")
  separate_arguments(_flags UNIX_COMMAND "${_flags}")
  separate_arguments(_san UNIX_COMMAND "${SANITIZER_FLAGS}")
  set(_out_dir "${WORK_DIR}/pkg_config")
  file(REMOVE_RECURSE "${_out_dir}")
  file(MAKE_DIRECTORY "${_out_dir}")
  run("${CXX_COMPILER}" -std=c++20 ${_san} "${PACKAGE_SOURCE_DIR}/consumer/main.cpp" ${_flags}
      "-Wl,-rpath,${_libdir}" -o "${_out_dir}/authkit_consumer")
  run("${_out_dir}/authkit_consumer")

elseif(STEP STREQUAL "add_subdirectory")
  # Build authkit the same way (static or shared) as the tree under test.
  if(AUTHKIT_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
    set(_shared ON)
  else()
    set(_shared OFF)
  endif()
  # This step compiles the whole library again. It proves that add_subdirectory() works, which
  # does not depend on optimisation or debug info, so it compiles without either (-O0): with
  # the tree's RelWithDebInfo flags it took about four minutes of CI on two cores.
  set(_fast_flags "")
  if(CONFIG)
    string(TOUPPER "${CONFIG}" _config_upper)
    set(_fast_flags "-DCMAKE_CXX_FLAGS_${_config_upper}=-O0")
  endif()
  build_and_run_consumer("${PACKAGE_SOURCE_DIR}/subdir_consumer" "${WORK_DIR}/add_subdirectory"
    "-DAUTHKIT_SOURCE_DIR=${AUTHKIT_SOURCE_DIR}" "-DBUILD_SHARED_LIBS=${_shared}" ${_fast_flags})

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
