// authkit/store/open_store.hpp: opens the store a database URL names, so configuration can
// choose the backend with one string.
//
// Thread safety: free functions without shared state; the stores they return are safe to
// share between threads.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/store.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace authkit {

/// Opens (and migrates) the store `url` names:
///   - "sqlite:PATH": a SqliteStore on the file PATH (created 0600, WAL), e.g.
///     "sqlite:authkit.db" or "sqlite:/var/lib/app/auth.db";
///   - "sqlite::memory:": a SqliteStore on a private in-memory database;
///   - "memory:": an InMemoryStore (tests, demos: nothing survives the process);
///   - "postgresql://..." or "postgres://...": a PostgresStore (libpq's URL: user, password,
///     host, port, database, and parameters such as sslmode=verify-full).
/// `pool_size` is the number of connections of an SQL store; 0 keeps the store's default.
/// Errors: INVALID_CONFIGURATION (an empty URL or one of no form above; the message lists the
/// forms), STORAGE_FAILURE (the database cannot be opened or migrated; the detail says why,
/// with any password in the URL replaced by "***").
[[nodiscard]] Result<std::shared_ptr<Store>> open_store(std::string_view url,
                                                        unsigned pool_size = 0);

/// `url` fit for a log line: the password of a PostgreSQL URL is replaced by "***"; other
/// forms are returned as they are.
[[nodiscard]] std::string redact_store_url(std::string_view url);

}  // namespace authkit
