// authkit's own stores for the store conformance suite (tests/store_conformance/, which runs
// on every store registered with authkit::testing::register_store; builtin_stores.cpp
// registers these), and the suite's helpers for the tests of one backend (sqlite_store_test.cpp,
// postgres_store_test.cpp).
//
// A factory is default-constructible, owns whatever the store needs (a temporary file, a
// PostgreSQL schema) for its lifetime, and exposes `std::shared_ptr<Store> store`.
#pragma once

#include <unistd.h>

#include <atomic>
#include <authkit/store/memory_store.hpp>
#include <authkit/store/postgres_store.hpp>
#include <authkit/store/sqlite_store.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store_conformance/conformance.hpp"
#include "unit/postgres_cluster.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {

/// A new InMemoryStore.
struct InMemoryFactory {
  std::shared_ptr<Store> store = InMemoryStore::create();
};

/// A SqliteStore on ":memory:".
struct SqliteMemoryFactory {
  std::shared_ptr<Store> store = open();

  static std::shared_ptr<Store> open() {
    SqliteStoreOptions options;
    options.path = ":memory:";
    auto s = SqliteStore::open(options);
    REQUIRE(s.has_value());
    return *s;
  }
};

/// A unique path in the temporary directory; the file, its -wal and -shm are removed on
/// destruction.
class TempDbPath {
 public:
  TempDbPath() {
    static std::atomic<unsigned> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("authkit-store-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter.fetch_add(1)) + ".db"))
                .string();
    remove_all();
  }
  ~TempDbPath() { remove_all(); }
  TempDbPath(const TempDbPath&) = delete;
  TempDbPath& operator=(const TempDbPath&) = delete;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  void remove_all() noexcept {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }
  std::string path_;
};

/// A SqliteStore on a temporary file (pool of 4), deleted afterwards.
struct SqliteFileFactory {
  TempDbPath file;  // declared first: destroyed after the store closes
  std::shared_ptr<Store> store = open(file.path());

  static std::shared_ptr<Store> open(const std::string& path) {
    SqliteStoreOptions options;
    options.path = path;
    options.pool_size = 4;
    auto s = SqliteStore::open(options);
    REQUIRE(s.has_value());
    return *s;
  }
};

/// A PostgresStore (pool of 4) on a fresh schema of the test cluster, dropped afterwards.
struct PostgresFactory {
  PostgresSchema schema;  // declared first: dropped after the store closes
  std::shared_ptr<Store> store = open(schema.conninfo());

  static std::shared_ptr<Store> open(const std::string& conninfo) {
    PostgresStoreOptions options;
    options.conninfo = conninfo;
    options.pool_size = 4;
    auto s = PostgresStore::open(options);
    if (!s) FAIL("PostgresStore::open: " << s.error().detail());
    return *s;
  }
};

// The suite's record builders and comparisons, for the backend-specific tests. (Its code_of,
// kOk and Outcome are not brought in: unit/test_support.hpp has the ones these tests use.)
using ::authkit::testing::conformance::add_user;
using ::authkit::testing::conformance::at;
using ::authkit::testing::conformance::check_same;
using ::authkit::testing::conformance::make_credential;
using ::authkit::testing::conformance::make_session;
using ::authkit::testing::conformance::make_signing_key;
using ::authkit::testing::conformance::make_user;
using ::authkit::testing::conformance::make_verification;
using ::authkit::testing::conformance::TimePoint;
using ::authkit::testing::conformance::token_hash_of;
using std::chrono::milliseconds;
using std::chrono::seconds;

}  // namespace authkit::test
