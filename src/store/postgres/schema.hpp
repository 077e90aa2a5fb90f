// Private: the PostgreSQL schema and its versioned migrations.
#pragma once

#include <authkit/result.hpp>

#include "store/postgres/connection.hpp"

namespace authkit::pg {

/// The newest schema version this build knows.
inline constexpr int kSchemaVersion = 3;

/// Brings the database up to kSchemaVersion, recording each applied version in the table
/// authkit_schema_migrations (in the first schema of the search path). A database already there is
/// only read (no DDL, no lock, so a role without CREATE privilege can open it). Otherwise the
/// migrations run in one transaction under a transaction-level advisory lock, re-reading the
/// version once the lock is held, so that instances starting together migrate once. Errors:
/// STORAGE_FAILURE, including for a database whose version is newer than kSchemaVersion.
[[nodiscard]] Result<void> migrate(Connection& connection);

/// Inside an open transaction: lifts the statement timeout for it and takes the advisory lock
/// migrations run under (released at its end). Errors: STORAGE_FAILURE.
[[nodiscard]] Result<void> lock_for_migration(Connection& connection);

/// Takes over the rows better-auth wrote (run after migrate(), at every open, since better-auth
/// may have run on the database in between): moves authkit's sealed keys out of "jwks",
/// replaces better-auth's raw session tokens with their hashes, and deletes the one-time tokens
/// authkit cannot use (better-auth's, kept in plain text). Each change recognises its rows by
/// shape (store/better_auth_rows.hpp), so running it again changes nothing twice. Only reads
/// when there is nothing to change (as migrate() does); otherwise one transaction under the
/// migration lock, so instances starting together take turns. Errors: STORAGE_FAILURE.
[[nodiscard]] Result<void> adopt_better_auth_rows(Connection& connection);

}  // namespace authkit::pg
