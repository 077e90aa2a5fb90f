// The store conformance suite's shared part: one factory type per Store implementation, the
// list the TEMPLATE_TEST_CASEs run over, and record builders. A new backend joins every
// conformance test by adding a factory here and naming it in AUTHKIT_STORE_TYPES.
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

#include "crypto/digest.hpp"
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

// Every implementation the conformance suite runs against.
#define AUTHKIT_STORE_TYPES                                           \
  authkit::test::InMemoryFactory, authkit::test::SqliteMemoryFactory, \
      authkit::test::SqliteFileFactory, authkit::test::PostgresFactory

using TimePoint = std::chrono::system_clock::time_point;
using std::chrono::milliseconds;
using std::chrono::seconds;

/// A millisecond-aligned instant (stores keep milliseconds), kNow + `offset`.
inline TimePoint at(milliseconds offset = milliseconds{0}) {
  return TimePoint{std::chrono::seconds{kNow}} + offset;
}

/// A user with id `id` and email "<id>@example.com".
inline User make_user(const std::string& id) {
  User u;
  u.id = id;
  u.email = id + "@example.com";
  u.name = "Name of " + id;
  u.created_at = at();
  u.updated_at = at();
  return u;
}

/// A credential of `user_id` with `hash`.
inline Credential make_credential(const std::string& user_id, const std::string& hash) {
  return Credential{user_id, hash, at(), at()};
}

/// A session `id` of `user_id`, its token hash derived from `id`, created at kNow + created
/// and expiring at kNow + expires.
inline Session make_session(const std::string& id, const std::string& user_id,
                            milliseconds created = milliseconds{0},
                            milliseconds expires = std::chrono::hours{1}) {
  Session s;
  s.id = id;
  s.user_id = user_id;
  s.token_hash = digest::sha256_hex("token of " + id);
  s.created_at = at(created);
  s.updated_at = at(created);
  s.expires_at = at(expires);
  s.ip_address = "203.0.113.7";
  s.user_agent = "test-agent/1.0";
  s.remember_me = true;
  return s;
}

/// A verification `id` for `purpose` and `user_id`, its token hash derived from `id`.
inline Verification make_verification(const std::string& id, std::string_view purpose,
                                      const std::string& user_id,
                                      milliseconds expires = std::chrono::hours{1}) {
  Verification v;
  v.id = id;
  v.purpose = std::string(purpose);
  v.token_hash = digest::sha256_hex("token of " + id);
  v.user_id = user_id;
  v.email = user_id + "@example.com";
  v.created_at = at();
  v.expires_at = at(expires);
  return v;
}

/// Creates `user` (without credential), which must succeed.
inline void add_user(Store& store, const User& user) {
  REQUIRE(code_of(store.create_user(user, std::nullopt)) == kOk);
}

/// Field-by-field equality with readable failures.
inline void check_same(const User& a, const User& b) {
  CHECK(a.id == b.id);
  CHECK(a.email == b.email);
  CHECK(a.name == b.name);
  CHECK(a.email_verified == b.email_verified);
  CHECK(a.image == b.image);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
}

inline void check_same(const Session& a, const Session& b) {
  CHECK(a.id == b.id);
  CHECK(a.user_id == b.user_id);
  CHECK(a.token_hash == b.token_hash);
  CHECK(a.expires_at == b.expires_at);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
  CHECK(a.ip_address == b.ip_address);
  CHECK(a.user_agent == b.user_agent);
  CHECK(a.remember_me == b.remember_me);
}

inline void check_same(const Credential& a, const Credential& b) {
  CHECK(a.user_id == b.user_id);
  CHECK(a.password_hash == b.password_hash);
  CHECK(a.created_at == b.created_at);
  CHECK(a.updated_at == b.updated_at);
}

inline void check_same(const Verification& a, const Verification& b) {
  CHECK(a.id == b.id);
  CHECK(a.purpose == b.purpose);
  CHECK(a.token_hash == b.token_hash);
  CHECK(a.user_id == b.user_id);
  CHECK(a.email == b.email);
  CHECK(a.expires_at == b.expires_at);
  CHECK(a.created_at == b.created_at);
  CHECK(a.consumed_at == b.consumed_at);
}

}  // namespace authkit::test
