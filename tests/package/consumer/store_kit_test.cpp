// The store conformance kit from the installed package, run on a store of the consumer's own
// (DelegatingStore): every conformance test case must pass. The package test also runs it with
// a first argument that makes it fail, to show that failures reach the exit status:
//   --flawed    registers the store with a flaw instead (list_sessions oldest first);
//   --no-store  registers nothing (every case must fail and say how to register a store).
// Other arguments go to Catch2.
#define CATCH_CONFIG_RUNNER
#include <authkit/testing/store_conformance.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string_view>

#include "delegating_store.hpp"

int main(int argc, char* argv[]) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "--flawed" || mode == "--no-store") {
    argv[1] = argv[0];  // drop the mode: Catch2 sees the program name, then the rest
    --argc;
    ++argv;
  }
  if (mode != "--no-store") {
    const bool flawed = mode == "--flawed";
    authkit::testing::register_store(
        flawed ? "DelegatingStore reversing list_sessions" : "DelegatingStore", [flawed] {
          return authkit::testing::StoreUnderTest{std::make_shared<DelegatingStore>(flawed)};
        });
  }
  return Catch::Session().run(argc, argv);
}
