# Runs the verify_only example for one test case and checks its exit code and output.
# Inputs: VERIFY_ONLY (the program), DIR (where jwt_quickstart wrote jwks.json and token.txt),
# CASE (accept | wrong_audience | usage).
cmake_minimum_required(VERSION 3.25)

set(_issuer "https://auth.example.com")
set(_audience "https://api.example.com")

if(CASE STREQUAL "usage")
  execute_process(COMMAND "${VERIFY_ONLY}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _err)
  set(_want_rc 2)
  set(_want_text "usage:")
else()
  file(READ "${DIR}/token.txt" _token)
  string(STRIP "${_token}" _token)
  if(CASE STREQUAL "accept")
    set(_want_rc 0)
    set(_want_text "\"sub\": \"user-123\"")
  elseif(CASE STREQUAL "wrong_audience")
    set(_audience "https://other.example.com")
    set(_want_rc 1)
    set(_want_text "error: JWT_CLAIM_MISMATCH")
  else()
    message(FATAL_ERROR "unknown CASE '${CASE}'")
  endif()
  execute_process(COMMAND "${VERIFY_ONLY}" "${DIR}/jwks.json" "${_token}" "${_issuer}"
                          "${_audience}"
                  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
endif()

if(NOT _rc STREQUAL "${_want_rc}")
  message(FATAL_ERROR "verify_only exited with '${_rc}', expected ${_want_rc}\n"
                      "stdout:\n${_out}\nstderr:\n${_err}")
endif()
string(FIND "${_out}${_err}" "${_want_text}" _pos)
if(_pos EQUAL -1)
  message(FATAL_ERROR "verify_only output lacks '${_want_text}'\n"
                      "stdout:\n${_out}\nstderr:\n${_err}")
endif()
message(STATUS "verify_only ${CASE}: exit ${_rc} as expected")
