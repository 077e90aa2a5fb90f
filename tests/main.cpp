// The Catch2 v2 test runner. Every test file under tests/unit and tests/vectors is linked into
// the single authkit_tests binary together with this main().
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
