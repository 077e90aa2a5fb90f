// The stores the conformance suite runs on (register_store) and the loop that runs one test
// case on each of them.
#include <stdexcept>
#include <utility>
#include <vector>

#include "conformance.hpp"

namespace authkit::testing {

namespace {

struct NamedStore {
  std::string name;
  StoreFactory make;
};

// A function-local static: registrations may run during static initialisation, in any order
// relative to this translation unit's.
std::vector<NamedStore>& registry() {
  static std::vector<NamedStore> stores;
  return stores;
}

}  // namespace

void register_store(std::string name, StoreFactory make) {
  if (name.empty()) throw std::invalid_argument("authkit::testing::register_store: empty name");
  if (!make) {
    throw std::invalid_argument("authkit::testing::register_store: no factory for " + name);
  }
  for (const NamedStore& s : registry()) {
    if (s.name == name) {
      throw std::invalid_argument("authkit::testing::register_store: " + name +
                                  " is registered twice");
    }
  }
  registry().push_back(NamedStore{std::move(name), std::move(make)});
}

namespace conformance {

std::vector<std::string> registered_store_names() {
  std::vector<std::string> names;
  for (const NamedStore& s : registry()) names.push_back(s.name);
  return names;
}

void run_on_every_store(void (*body)(StoreUnderTest&)) {
  const std::vector<NamedStore>& stores = registry();
  if (stores.empty()) {
    FAIL(
        "no store is registered for the conformance suite: call "
        "authkit::testing::register_store(name, factory) before the tests run (see "
        "authkit/testing/store_conformance.hpp)");
  }
  // Catch2 runs the test case again for each section not yet run, so each run enters one
  // store's section and makes that store afresh.
  for (const NamedStore& s : stores) {
    DYNAMIC_SECTION(s.name) {
      StoreUnderTest f = s.make();
      REQUIRE(f.store != nullptr);
      body(f);
    }
  }
}

}  // namespace conformance

}  // namespace authkit::testing
