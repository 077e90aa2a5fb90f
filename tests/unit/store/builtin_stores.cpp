// Registers authkit's own stores with the store conformance suite (tests/store_conformance/,
// linked into authkit_tests as authkit_store_conformance), so every conformance test case runs
// on each of them, in this order.
#include "unit/store/store_conformance.hpp"

#include <stdexcept>

namespace authkit::test {

namespace {

/// A fresh `Factory` as a StoreUnderTest: the factory (and with it the file or schema) is the
/// keep-alive, dropped after the suite's reference to the store.
template <class Factory>
testing::StoreUnderTest make() {
  auto factory = std::make_shared<Factory>();
  std::shared_ptr<Store> store = factory->store;
  return testing::StoreUnderTest{std::move(store), std::move(factory)};
}

const testing::StoreRegistration kInMemory{"InMemoryStore", make<InMemoryFactory>};
const testing::StoreRegistration kSqliteMemory{"SqliteStore :memory:", make<SqliteMemoryFactory>};
const testing::StoreRegistration kSqliteFile{"SqliteStore file", make<SqliteFileFactory>};
const testing::StoreRegistration kPostgres{"PostgresStore", make<PostgresFactory>};

}  // namespace

TEST_CASE("Store conformance: the suite runs on each of authkit's stores", "[store]") {
  CHECK(testing::conformance::registered_store_names() ==
        std::vector<std::string>{"InMemoryStore", "SqliteStore :memory:", "SqliteStore file",
                                 "PostgresStore"});
}

TEST_CASE("Store conformance: register_store refuses an empty name or a taken one or no factory",
          "[store]") {
  const testing::StoreFactory factory = make<InMemoryFactory>;
  CHECK_THROWS_AS(testing::register_store("", factory), std::invalid_argument);
  CHECK_THROWS_AS(testing::register_store("InMemoryStore", factory), std::invalid_argument);
  CHECK_THROWS_AS(testing::register_store("no factory", testing::StoreFactory{}),
                  std::invalid_argument);
  // None of the refused calls registered anything.
  CHECK(testing::conformance::registered_store_names().size() == 4);
}

}  // namespace authkit::test
