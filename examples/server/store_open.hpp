// authkit-server's --db: a SQLite file path (the default, ./authkit.db) or a PostgreSQL URL
// (postgresql://... or postgres://...), opened as the matching Store.
//
// Thread safety: free functions without shared state.
#pragma once

#include <authkit/store/store.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace authkit_server {

/// Whether --db names a PostgreSQL database rather than a SQLite file.
[[nodiscard]] bool is_postgres_url(std::string_view db);

/// --db fit to print: a URL's password is replaced by "***".
[[nodiscard]] std::string redact_db(std::string_view db);

/// Opens (and migrates) the store --db names, with `pool_size` connections. nullptr with a
/// sentence in `error` when it cannot.
[[nodiscard]] std::shared_ptr<authkit::Store> open_store(const std::string& db, unsigned pool_size,
                                                         std::string& error);

}  // namespace authkit_server
