// The Catch2 v2 test runner. Every test file under tests/unit and tests/vectors is linked into
// the single authkit_tests binary together with this main().
//
// However the binary is run, nothing passes without checking something:
// - a test case (or leaf section) that makes no assertion fails, for instance one that
//   returned early because its data was missing (Catch's `--warn NoAssertions`, which ctest
//   also passes explicitly: tests/CMakeLists.txt);
// - a run whose test-name filter matches no test case fails (`--warn NoTests`), so a ctest
//   test registered under a name that is not exactly a test case's cannot pass by running
//   nothing. Catch2 v2 takes a single --warn option per command line, hence both here.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  Catch::ConfigData& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(
      config.warnings | Catch::WarnAbout::NoAssertions | Catch::WarnAbout::NoTests);
  return session.run();
}

// Hidden ([.]): never part of a normal run. The ctest test unit.no_assertions_fail runs it and
// passes only if Catch reports it as a test case without assertions.
TEST_CASE("probe: a test case without assertions fails", "[.][no-assertions-probe]") {}
