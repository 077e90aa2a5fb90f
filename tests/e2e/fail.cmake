# A test that fails with AUTHKIT_FAIL_MESSAGE: registered in place of a test that cannot run
# here, so that ctest reports it instead of leaving it out.
#   cmake -DAUTHKIT_FAIL_MESSAGE=... -P fail.cmake
message(FATAL_ERROR "${AUTHKIT_FAIL_MESSAGE}")
