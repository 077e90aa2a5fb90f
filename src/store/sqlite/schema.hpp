// Private: the SQLite schema and its versioned migrations (PRAGMA user_version).
#pragma once

#include <authkit/result.hpp>

#include "store/sqlite/connection.hpp"

namespace authkit::sqlite {

/// The newest schema version this build knows.
inline constexpr int kSchemaVersion = 2;

/// Brings the database up to kSchemaVersion, one migration per transaction (BEGIN IMMEDIATE,
/// re-reading user_version inside it so concurrent openers do not both migrate). Errors:
/// STORAGE_FAILURE, including for a database whose version is newer than kSchemaVersion.
[[nodiscard]] Result<void> migrate(Connection& connection);

}  // namespace authkit::sqlite
