// open_store(): a database URL to the Store it names.
#include <authkit/store/memory_store.hpp>
#include <authkit/store/open_store.hpp>
#include <authkit/store/postgres_store.hpp>
#include <authkit/store/sqlite_store.hpp>

namespace authkit {
namespace {

constexpr std::string_view sqlite_scheme = "sqlite:";
constexpr std::string_view sqlite_memory = "sqlite::memory:";
constexpr std::string_view memory_url = "memory:";

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

/// A failed open as STORAGE_FAILURE, naming the database without its password.
template <class T>
Result<std::shared_ptr<Store>> opened(Result<std::shared_ptr<T>> store, std::string_view url) {
  if (!store) {
    return Error(Errc::storage_failure, "the database cannot be opened",
                 redact_store_url(url) + ": " + store.error().detail());
  }
  return std::shared_ptr<Store>(std::move(*store));
}

}  // namespace

std::string redact_store_url(std::string_view url) {
  if (!is_postgres_url(url)) return std::string(url);
  // scheme://user:password@host...: the password is everything between the first ':' after
  // the scheme and the '@' that ends the user information.
  const auto authority = url.find("://") + 3;
  const auto at = url.find('@', authority);
  const auto slash = url.find('/', authority);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) {
    return std::string(url);
  }
  const auto colon = url.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

Result<std::shared_ptr<Store>> open_store(std::string_view url, unsigned pool_size) {
  if (url == memory_url) return std::shared_ptr<Store>(InMemoryStore::create());
  if (is_postgres_url(url)) {
    PostgresStoreOptions options;
    options.conninfo = std::string(url);
    if (pool_size != 0) options.pool_size = pool_size;
    return opened(PostgresStore::open(options), url);
  }
  if (url.starts_with(sqlite_scheme) && url.size() > sqlite_scheme.size()) {
    SqliteStoreOptions options;
    options.path = url == sqlite_memory ? std::string(":memory:")
                                        : std::string(url.substr(sqlite_scheme.size()));
    if (pool_size != 0) options.pool_size = pool_size;
    return opened(SqliteStore::open(options), url);
  }
  return Error(Errc::invalid_configuration, "unknown database URL",
               "\"" + redact_store_url(url) +
                   "\" is none of sqlite:PATH, sqlite::memory:, memory:, postgresql://...");
}

}  // namespace authkit
