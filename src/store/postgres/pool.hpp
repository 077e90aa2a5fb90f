// Private: a bounded pool of PostgreSQL connections, handed out one per unit of work through an
// RAII lease.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/connection.hpp"

namespace authkit::pg {

/// Up to `max_size` connections, opened on demand. Thread-safe.
///
/// Fair like SqliteStore's pool: callers that must wait are served first come, first served,
/// and a returned connection goes straight to the oldest waiter. A waiter gives up after
/// `acquire_timeout`. A connection is checked before it is handed out (Connection::healthy())
/// and one that was lost is closed and replaced by a new connection in its slot, so a server
/// restart costs reconnects, not failed calls; a connection that breaks while in use is closed
/// when it comes back.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  /// A pool that opens connections with `opener`, starting with `first` (already open).
  Pool(Opener opener, unsigned max_size, std::chrono::milliseconds acquire_timeout,
       std::unique_ptr<Connection> first);

  /// Exclusive use of one connection until destruction, then back to the pool.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> connection) noexcept
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const noexcept { return *connection_; }
    Connection* operator->() const noexcept { return connection_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  /// A healthy idle connection, a new one while fewer than max_size are open (or in place of
  /// a lost one), or else waits in arrival order for one to come back. Errors:
  /// STORAGE_FAILURE when opening a connection fails or no connection is free within
  /// acquire_timeout.
  [[nodiscard]] Result<Lease> acquire();

  /// How many callers are waiting for a connection (for tests and diagnostics).
  [[nodiscard]] std::size_t waiting() const;
  /// How many connections are open or being opened (for tests and diagnostics).
  [[nodiscard]] unsigned open_count() const;

 private:
  /// A caller queued in acquire(): give_back() hands it a connection, or the right to open
  /// one when a broken connection was closed.
  struct Waiter {
    std::condition_variable ready;
    std::unique_ptr<Connection> handed;
    bool may_open = false;
  };

  void give_back(std::unique_ptr<Connection> connection);
  /// Opens a connection for a slot already counted in open_count_; gives the slot on (or
  /// back) if that fails.
  Result<Lease> open_reserved();
  /// Passes a free slot (no connection) to the oldest waiter, or releases it. Holds mutex_.
  void release_slot_locked();

  Opener opener_;
  unsigned max_size_;
  std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::deque<Waiter*> waiters_;  ///< Oldest first; each lives on its caller's stack.
  unsigned open_count_;
};

}  // namespace authkit::pg
