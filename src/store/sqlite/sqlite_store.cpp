// SqliteStore: opening, migrating, and the readiness probe.
#include <authkit/store/sqlite_store.hpp>

#include <sqlite3.h>

#include "store/sqlite/file_mode.hpp"
#include "store/sqlite/impl.hpp"
#include "store/sqlite/schema.hpp"

namespace authkit {

namespace {
constexpr std::string_view kMemoryPath = ":memory:";
}  // namespace

Result<std::shared_ptr<SqliteStore>> SqliteStore::open(SqliteStoreOptions options) {
  if (options.pool_size == 0) {
    return Error(Errc::invalid_configuration, {}, "SqliteStoreOptions.pool_size must be >= 1");
  }
  if (options.path.empty()) {
    return Error(Errc::invalid_configuration, {}, "SqliteStoreOptions.path is empty");
  }
  // NOMUTEX connections still rely on SQLite's own global locks, absent in a
  // single-threaded build.
  if (sqlite3_threadsafe() == 0) {
    return Error(Errc::storage_failure, {}, "SQLite was built without thread support");
  }
  const bool in_memory = options.path == kMemoryPath;
  if (!in_memory && options.restrict_file_mode) {
    if (auto r = sqlite::restrict_database_file(options.path); !r) return r.error();
  }
  auto opener = [options] { return sqlite::Connection::open(options); };
  auto first = opener();
  if (!first) return first.error();
  if (auto r = sqlite::migrate(**first); !r) return r.error();
  if (auto r = sqlite::adopt_better_auth_rows(**first); !r) return r.error();
  // Each ":memory:" connection would be a separate, empty database.
  const unsigned pool_size = in_memory ? 1U : options.pool_size;
  return std::shared_ptr<SqliteStore>(
      new SqliteStore(std::make_unique<Impl>(std::move(opener), pool_size, std::move(*first))));
}

int SqliteStore::schema_version() noexcept { return sqlite::kSchemaVersion; }

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

SqliteStore::~SqliteStore() = default;

Result<void> SqliteStore::ping() {
  return impl_->with_connection([](sqlite::Connection& c) -> Result<void> {
    auto st = c.prepare("SELECT 1");
    if (!st) return st.error();
    return st->run();
  });
}

}  // namespace authkit
