// authkit-server's --db: a SQLite file path (the default, ./authkit.db), a PostgreSQL URL
// (postgresql://... or postgres://...), or any URL authkit::open_store() reads.
//
// Thread safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>

namespace authkit_server {

/// Whether --db names a PostgreSQL database rather than a SQLite file.
[[nodiscard]] bool is_postgres_url(std::string_view db);

/// The open_store() URL of --db: a bare path becomes "sqlite:PATH"; URLs stay as they are.
[[nodiscard]] std::string database_url(std::string_view db);

}  // namespace authkit_server
