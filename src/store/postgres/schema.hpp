// Private: the PostgreSQL schema and its versioned migrations.
#pragma once

#include <authkit/result.hpp>

#include "store/postgres/connection.hpp"

namespace authkit::pg {

/// The newest schema version this build knows.
inline constexpr int kSchemaVersion = 1;

/// Brings the database up to kSchemaVersion, recording each applied version in the table
/// authkit_schema_migrations (in the first schema of the search path). A database already there is
/// only read (no DDL, no lock, so a role without CREATE privilege can open it). Otherwise the
/// migrations run in one transaction under a transaction-level advisory lock, re-reading the
/// version once the lock is held, so that instances starting together migrate once. Errors:
/// STORAGE_FAILURE, including for a database whose version is newer than kSchemaVersion.
[[nodiscard]] Result<void> migrate(Connection& connection);

}  // namespace authkit::pg
