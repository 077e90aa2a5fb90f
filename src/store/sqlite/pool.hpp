// Private: a bounded pool of connections, handed out one per call through an RAII lease.
#pragma once

#include <authkit/result.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace authkit::sqlite {

/// Up to `max_size` connections, opened on demand. Thread-safe.
///
/// Fair: callers that must wait are served first come, first served. A returned connection is
/// handed straight to the oldest waiter instead of going back on the shelf, where the thread
/// that just returned it (or any newcomer) could take it again before the woken waiter runs.
/// Under a load with more threads than connections that barging let some callers wait for
/// hundreds of milliseconds while others were served over and over.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  /// A pool that opens connections with `opener`, starting with `first` (already open).
  Pool(Opener opener, unsigned max_size, std::unique_ptr<Connection> first);

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

  /// An idle connection, a new one while fewer than max_size are open, or else waits (in
  /// arrival order) for one to come back. Errors: STORAGE_FAILURE when opening a new
  /// connection fails.
  [[nodiscard]] Result<Lease> acquire();

  /// How many callers are waiting for a connection (for tests and diagnostics).
  [[nodiscard]] std::size_t waiting() const;

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
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::deque<Waiter*> waiters_;  ///< Oldest first; each lives on its caller's stack.
  unsigned open_count_;
};

}  // namespace authkit::sqlite
