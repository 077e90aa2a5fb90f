#include "store/sqlite/pool.hpp"

namespace authkit::sqlite {

bool PoolPolicy::reclaim(Connection& connection) {
  // A connection still inside a transaction (a ROLLBACK that failed) would hold the write
  // lock forever; close it instead of reusing it.
  if (!connection.in_autocommit()) {
    if (auto st = connection.prepare("ROLLBACK")) (void)st->run();
  }
  return connection.in_autocommit();
}

}  // namespace authkit::sqlite

template class authkit::store_detail::ConnectionPool<authkit::sqlite::Connection,
                                                     authkit::sqlite::PoolPolicy>;
