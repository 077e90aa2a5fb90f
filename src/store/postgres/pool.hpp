// Private: the bounded pool of PostgreSQL connections (store/connection_pool.hpp), handed out
// one per unit of work through an RAII lease.
#pragma once

#include "store/connection_pool.hpp"
#include "store/postgres/connection.hpp"

namespace authkit::pg {

/// How the pool checks PostgreSQL connections. A connection is checked before it is handed
/// out (Connection::healthy()), and one that was lost is closed and replaced by a new
/// connection in its slot, so a server restart costs reconnects, not failed calls; a
/// connection that breaks while in use is closed when it comes back.
struct PoolPolicy {
  static constexpr const char* kName = "PostgreSQL";
  static bool usable(Connection& connection) noexcept;
  static bool reclaim(Connection& connection) noexcept;
};

/// Up to `max_size` connections, opened on demand; a waiter gives up after `acquire_timeout`.
/// Thread-safe and fair (see store_detail::ConnectionPool).
using Pool = store_detail::ConnectionPool<Connection, PoolPolicy>;

}  // namespace authkit::pg

extern template class authkit::store_detail::ConnectionPool<authkit::pg::Connection,
                                                            authkit::pg::PoolPolicy>;
