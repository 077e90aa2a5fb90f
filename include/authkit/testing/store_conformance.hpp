// authkit/testing/store_conformance.hpp: run authkit's store conformance suite against your own
// Store. Part of the CMake target authkit::store_conformance, not of authkit::authkit:
//
//   find_package(authkit CONFIG REQUIRED COMPONENTS store_conformance)  # also finds Catch2 v2
//   add_executable(my_store_test my_store_test.cpp)    # a Catch2 v2 test program
//   target_link_libraries(my_store_test PRIVATE authkit::store_conformance my_store)
//
// and in my_store_test.cpp:
//
//   #define CATCH_CONFIG_MAIN
//   #include <catch2/catch.hpp>
//   #include <authkit/testing/store_conformance.hpp>
//
//   static const authkit::testing::StoreRegistration my_store{
//       "MyStore", [] { return authkit::testing::StoreUnderTest{MyStore::open_for_test()}; }};
//
// Every conformance test case then runs once on each registered store, in a Catch2 section
// named after it (`-c MyStore` runs one store only). The test cases are compiled into the
// program that links authkit::store_conformance (link it into one target only), so they are
// built with that program's Catch2 v2 and compiler flags. See docs/storage.md, "Testing your
// own store".
//
// Thread safety: register stores before the tests run (at static initialisation or in main()
// before Catch::Session::run()); registration is not synchronised with running tests. The
// stores themselves are called from many threads at once by the race tests, as AuthService
// would.
#pragma once

#include <authkit/store/store.hpp>

#include <functional>
#include <memory>
#include <string>

namespace authkit::testing {

/// One fresh store for one test case, plus whatever it needs to live (a temporary file, a
/// database schema, a server connection). The suite drops `store` before `keep_alive`, so a
/// keep-alive whose destructor removes the file or drops the schema runs after the store closed.
struct StoreUnderTest {
  /// A store on `store`; `keep_alive` (any object, or nothing) is destroyed after it.
  explicit StoreUnderTest(std::shared_ptr<Store> store, std::shared_ptr<void> keep_alive = {})
      : keep_alive(std::move(keep_alive)), store(std::move(store)) {}

  std::shared_ptr<void> keep_alive;  ///< Declared first: destroyed after `store`.
  std::shared_ptr<Store> store;      ///< The store the test case runs on; must not be null.
};

/// Makes a fresh, empty store. Called once per test case and store, on the test thread; it may
/// use Catch2 assertions (e.g. FAIL when the database is unreachable), which fail that case.
using StoreFactory = std::function<StoreUnderTest()>;

/// Adds a store for every conformance test case to run on, under `name` (the Catch2 section
/// name). Stores run in registration order. Throws std::invalid_argument if `name` is empty or
/// already registered, or if `make` is empty. With no store registered, every conformance test
/// case fails and says how to register one.
void register_store(std::string name, StoreFactory make);

/// register_store() from a constructor, for registering at namespace scope next to the factory.
struct StoreRegistration {
  /// Calls register_store(std::move(name), std::move(make)).
  StoreRegistration(std::string name, StoreFactory make) {
    register_store(std::move(name), std::move(make));
  }
};

}  // namespace authkit::testing
