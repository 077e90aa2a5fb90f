// Private: the SQLite schema and its versioned migrations (PRAGMA user_version).
#pragma once

#include <authkit/result.hpp>

#include "store/sqlite/connection.hpp"

namespace authkit::sqlite {

/// The newest schema version this build knows.
inline constexpr int kSchemaVersion = 4;

/// Brings the database up to kSchemaVersion, one migration per transaction (BEGIN IMMEDIATE,
/// re-reading user_version inside it so concurrent openers do not both migrate). Errors:
/// STORAGE_FAILURE, including for a database whose version is newer than kSchemaVersion.
[[nodiscard]] Result<void> migrate(Connection& connection);

/// Takes over the rows better-auth wrote (run after migrate(), at every open, since better-auth
/// may have run on the file in between): moves authkit's sealed keys out of "jwks", replaces
/// better-auth's raw session tokens with their hashes, and deletes the one-time tokens authkit
/// cannot use (better-auth's, kept in plain text). Each change recognises its rows by shape
/// (store/better_auth_rows.hpp), so running it again, or in several processes, changes nothing
/// twice. Reads only, unless there is something to change; then one BEGIN IMMEDIATE
/// transaction. Errors: STORAGE_FAILURE.
[[nodiscard]] Result<void> adopt_better_auth_rows(Connection& connection);

}  // namespace authkit::sqlite
