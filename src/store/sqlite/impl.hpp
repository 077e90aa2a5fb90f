// Private: SqliteStore's state (its connection pool) and the helper every operation uses.
#pragma once

#include <authkit/store/sqlite_store.hpp>

#include <type_traits>
#include <utility>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/pool.hpp"

namespace authkit {

struct SqliteStore::Impl {
  explicit Impl(sqlite::Pool::Opener opener, unsigned pool_size,
                std::unique_ptr<sqlite::Connection> first)
      : pool(std::move(opener), pool_size, std::move(first)) {}

  /// Runs `f(connection)` (which returns a Result) on a leased connection.
  template <class F>
  auto with_connection(F&& f) -> std::invoke_result_t<F, sqlite::Connection&> {
    auto lease = pool.acquire();
    if (!lease) return lease.error();
    return std::forward<F>(f)(**lease);
  }

  sqlite::Pool pool;
};

}  // namespace authkit
