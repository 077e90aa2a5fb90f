// Private: PostgresStore's state (its options and connection pool) and the two ways every
// operation runs: as autocommitted statements, or as one transaction.
#pragma once

#include <authkit/store/postgres_store.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

#include "store/postgres/connection.hpp"
#include "store/postgres/pool.hpp"

namespace authkit {

struct PostgresStore::Impl {
  Impl(PostgresStoreOptions store_options, std::unique_ptr<pg::Connection> first)
      : options(std::move(store_options)),
        pool([o = options] { return pg::Connection::open(o); }, options.pool_size,
             options.acquire_timeout, std::move(first)) {}

  /// Runs `f(connection)` (which returns a Result) on a leased connection, each statement
  /// committing on its own. See attempt() for when it runs again.
  template <class F>
  auto statements(F&& f) -> std::invoke_result_t<F&, pg::Connection&> {
    return attempt(false, f);
  }

  /// Runs `f(connection)` inside BEGIN ... COMMIT, rolling back when it fails. See attempt()
  /// for when it runs again, so `f` must not have effects outside the database.
  template <class F>
  auto transaction(F&& f) -> std::invoke_result_t<F&, pg::Connection&> {
    return attempt(true, f);
  }

  /// Runs one statement, committing on its own (as statements() runs it), and returns how
  /// many rows it inserted, updated or deleted.
  Result<std::size_t> changed_rows(const pg::Query& query, const pg::Params& params) {
    return statements([&](pg::Connection& c) -> Result<std::size_t> {
      auto r = c.run(query, params);
      if (!r) return r.error();
      return r->affected();
    });
  }

  /// As changed_rows(): whether the statement changed exactly one row.
  Result<bool> changed_one(const pg::Query& query, const pg::Params& params) {
    return changed_rows(query, params).transform([](std::size_t n) { return n == 1; });
  }

  PostgresStoreOptions options;
  pg::Pool pool;

 private:
  /// Runs the unit of work, and again when that is safe and may help:
  /// - after a serialization failure or a deadlock (the server rolled everything back), up to
  ///   options.transaction_retries times;
  /// - once after the connection was lost, unless a write may have committed before the loss
  ///   (an autocommitted write or a COMMIT was in flight): reads, and transactions lost before
  ///   their COMMIT, provably changed nothing.
  template <class F>
  auto attempt(bool in_transaction, F& f) -> std::invoke_result_t<F&, pg::Connection&> {
    using R = std::invoke_result_t<F&, pg::Connection&>;
    unsigned retries = 0;
    bool reconnected = false;
    for (;;) {
      auto lease = pool.acquire();
      if (!lease) return lease.error();
      pg::Connection& c = **lease;
      c.start_unit();
      R result = in_transaction ? run_transaction(c, f) : f(c);
      if (result) return result;
      if (c.failure() == pg::Failure::retryable && retries < options.transaction_retries) {
        ++retries;
        continue;
      }
      if (c.failure() == pg::Failure::connection_lost && !c.in_doubt() && !reconnected) {
        reconnected = true;  // the lease returns the dead connection, which the pool closes
        continue;
      }
      return result;
    }
  }

  template <class F>
  static auto run_transaction(pg::Connection& c, F& f)
      -> std::invoke_result_t<F&, pg::Connection&> {
    if (auto begun = c.begin(); !begun) return begun.error();
    auto result = f(c);
    if (!result) {
      c.rollback();
      return result;
    }
    if (auto committed = c.commit(); !committed) return committed.error();
    return result;
  }
};

}  // namespace authkit
