// PostgresStore: opening, migrating, and the readiness probe.
#include <authkit/store/postgres_store.hpp>

#include "store/postgres/impl.hpp"
#include "store/postgres/schema.hpp"

namespace authkit {

namespace {

constexpr pg::Query kPing{"ping", "SELECT 1", false};

}  // namespace

Result<std::shared_ptr<PostgresStore>> PostgresStore::open(PostgresStoreOptions options) {
  if (options.conninfo.empty()) {
    return Error(Errc::invalid_configuration, {}, "PostgresStoreOptions.conninfo is empty");
  }
  if (options.pool_size == 0) {
    return Error(Errc::invalid_configuration, {}, "PostgresStoreOptions.pool_size must be >= 1");
  }
  auto first = pg::Connection::open(options);
  if (!first) return first.error();
  if (auto r = pg::migrate(**first); !r) return r.error();
  if (auto r = pg::adopt_better_auth_rows(**first); !r) return r.error();
  return std::shared_ptr<PostgresStore>(
      new PostgresStore(std::make_unique<Impl>(std::move(options), std::move(*first))));
}

int PostgresStore::schema_version() noexcept { return pg::kSchemaVersion; }

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

PostgresStore::~PostgresStore() = default;

Result<void> PostgresStore::ping() {
  return impl_->statements([](pg::Connection& c) -> Result<void> {
    if (auto r = c.run(kPing); !r) return r.error();
    return {};
  });
}

}  // namespace authkit
