// Where the test vectors live (AUTHKIT_VECTORS_DIR, by default tests/vectors/data in the
// source tree) and what a test says when they are not there. Shared by the vector suites
// (tests/vectors/vectors.hpp) and the unit tests that read single vector files
// (tests/unit/test_support.hpp). A missing vector file fails the test that needs it; nothing
// is skipped.
#pragma once

#include <filesystem>
#include <string>

#ifndef AUTHKIT_VECTORS_DIR
#error "AUTHKIT_VECTORS_DIR must be defined by the build (see tests/CMakeLists.txt)"
#endif
#ifndef AUTHKIT_SOURCE_DIR
#error "AUTHKIT_SOURCE_DIR must be defined by the build (see tests/CMakeLists.txt)"
#endif

namespace authkit::testvec {

/// The vectors directory the build was configured with (AUTHKIT_VECTORS_DIR).
inline std::filesystem::path vectors_dir() { return std::filesystem::path(AUTHKIT_VECTORS_DIR); }

/// The failure message for a vector file (`relative` to the vectors directory; empty for the
/// directory itself) that is missing: what is missing and how to get it.
inline std::string missing_vectors_message(const std::string& relative = {}) {
  const std::filesystem::path in_repo =
      std::filesystem::path(AUTHKIT_SOURCE_DIR) / "tests" / "vectors" / "data";
  std::string what =
      relative.empty()
          ? "the test-vector directory " + vectors_dir().string() + " is missing"
          : "the vector file " + (vectors_dir() / relative).string() + " is missing or unreadable";
  return what + ". The vectors ship with the repository in " + in_repo.string() +
         " (tests/vectors/data/README.md lists them): restore that folder with `git checkout -- "
         "tests/vectors/data`, or point the build at a complete copy with `cmake -B <build> "
         "-DAUTHKIT_VECTORS_DIR=<dir with rfc/, wycheproof/ and better-auth/>` and rebuild";
}

}  // namespace authkit::testvec
