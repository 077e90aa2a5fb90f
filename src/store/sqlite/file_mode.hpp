// Private: creates the database file with mode 0600 before SQLite opens it (SQLite would
// create it 0644 minus the umask), and tightens an existing file and its WAL/SHM companions.
#pragma once

#include <authkit/result.hpp>

#include <string>

namespace authkit::sqlite {

/// Creates `path` with mode 0600 if absent, and sets 0600 on it and on existing "-wal" and
/// "-shm" files. SQLite creates later WAL/SHM files with the main file's mode. Errors:
/// STORAGE_FAILURE.
[[nodiscard]] Result<void> restrict_database_file(const std::string& path);

}  // namespace authkit::sqlite
