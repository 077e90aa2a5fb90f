#include "store_open.hpp"

#include <authkit/store/postgres_store.hpp>
#include <authkit/store/sqlite_store.hpp>

namespace authkit_server {

bool is_postgres_url(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string redact_db(std::string_view db) {
  if (!is_postgres_url(db)) return std::string(db);
  // scheme://user:password@host...: the password is everything between the first ':' after
  // the scheme and the '@' that ends the user information.
  const auto authority = db.find("://") + 3;
  const auto at = db.find('@', authority);
  const auto slash = db.find('/', authority);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) {
    return std::string(db);
  }
  const auto colon = db.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return std::string(db);
  return std::string(db.substr(0, colon + 1)) + "***" + std::string(db.substr(at));
}

std::shared_ptr<authkit::Store> open_store(const std::string& db, unsigned pool_size,
                                           std::string& error) {
  if (is_postgres_url(db)) {
    auto store = authkit::PostgresStore::open({.conninfo = db, .pool_size = pool_size});
    if (!store) {
      error = "cannot open " + redact_db(db) + ": " + store.error().detail();
      return nullptr;
    }
    return *store;
  }
  auto store = authkit::SqliteStore::open({.path = db, .pool_size = pool_size});
  if (!store) {
    error = "cannot open " + db + ": " + store.error().detail();
    return nullptr;
  }
  return *store;
}

}  // namespace authkit_server
