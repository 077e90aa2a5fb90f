// Private: the bounded pool of SQLite connections (store/connection_pool.hpp), handed out one
// per call through an RAII lease.
#pragma once

#include "store/connection_pool.hpp"
#include "store/sqlite/connection.hpp"

namespace authkit::sqlite {

/// How the pool checks SQLite connections: an idle one is always usable; one that comes back
/// still inside a transaction is rolled back, and closed if that fails.
struct PoolPolicy {
  static constexpr const char* kName = "SQLite";
  static bool usable(Connection& /*connection*/) noexcept { return true; }
  static bool reclaim(Connection& connection);
};

/// Up to `max_size` connections, opened on demand; a waiter waits as long as it takes.
/// Thread-safe and fair (see store_detail::ConnectionPool).
using Pool = store_detail::ConnectionPool<Connection, PoolPolicy>;

}  // namespace authkit::sqlite

extern template class authkit::store_detail::ConnectionPool<authkit::sqlite::Connection,
                                                            authkit::sqlite::PoolPolicy>;
