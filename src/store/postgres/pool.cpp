#include "store/postgres/pool.hpp"

namespace authkit::pg {

bool PoolPolicy::usable(Connection& connection) noexcept { return connection.healthy(); }

bool PoolPolicy::reclaim(Connection& connection) noexcept {
  // A transaction left open (an error path whose ROLLBACK did not run) would hold its locks;
  // a lost connection is useless. Either is closed, and its slot passed on.
  if (connection.broken()) connection.rollback();
  return !connection.broken();
}

}  // namespace authkit::pg

template class authkit::store_detail::ConnectionPool<authkit::pg::Connection,
                                                     authkit::pg::PoolPolicy>;
