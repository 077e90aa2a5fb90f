// The store conformance kit from the installed package, run on a store of the consumer's own
// (DelegatingStore): every conformance test case must pass. With --flawed as the first
// argument it registers the store with a flaw instead, and the package test expects that run
// to fail (the kit reaches the store and catches what is wrong). Other arguments go to Catch2.
#define CATCH_CONFIG_RUNNER
#include <authkit/testing/store_conformance.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string_view>

#include "delegating_store.hpp"

int main(int argc, char* argv[]) {
  const bool flawed = argc > 1 && std::string_view(argv[1]) == "--flawed";
  if (flawed) {
    argv[1] = argv[0];  // drop --flawed: Catch2 sees the program name, then the rest
    --argc;
    ++argv;
  }
  authkit::testing::register_store(
      flawed ? "DelegatingStore reversing list_sessions" : "DelegatingStore", [flawed] {
        return authkit::testing::StoreUnderTest{std::make_shared<DelegatingStore>(flawed)};
      });
  return Catch::Session().run(argc, argv);
}
