// Private: the bounded, fair pool of connections that SqliteStore and PostgresStore share,
// handed out one per unit of work through an RAII lease. The waiting and leasing is the same
// for both; a backend supplies only how to check its connections (see ConnectionPolicy).
// Each backend's pool.hpp names its pool, and its pool.cpp instantiates it once.
#pragma once

#include <authkit/result.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authkit::store_detail {

/// What a backend tells the pool about its connections.
template <class P, class Connection>
concept ConnectionPolicy = requires(Connection& c) {
  /// Names the database in errors.
  { P::kName } -> std::convertible_to<std::string_view>;
  /// Whether an idle connection may be handed out; one that may not is closed and a new one
  /// opened in its slot. Called outside the pool's lock.
  { P::usable(c) } -> std::same_as<bool>;
  /// Makes a returned connection ready for the next user (e.g. rolls back a transaction left
  /// open); false: it cannot be reused, and is closed. Called outside the pool's lock.
  { P::reclaim(c) } -> std::same_as<bool>;
};

/// Up to `max_size` connections, opened on demand. Thread-safe.
///
/// Fair: callers that must wait are served first come, first served. A returned connection is
/// handed straight to the oldest waiter instead of going back on the shelf, where the thread
/// that just returned it (or any newcomer) could take it again before the woken waiter runs.
/// Under a load with more threads than connections that barging let some callers wait for
/// hundreds of milliseconds while others were served over and over. A returned connection that
/// cannot be reused is closed, and its slot passed to the oldest waiter (which opens a new
/// one). Without an acquire timeout a waiter waits as long as it takes.
template <class Connection, ConnectionPolicy<Connection> Policy>
class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  /// A pool that opens connections with `opener`, starting with `first` (already open), whose
  /// callers wait for a connection as long as it takes.
  ConnectionPool(Opener opener, unsigned max_size, std::unique_ptr<Connection> first)
      : opener_(std::move(opener)), max_size_(max_size), open_count_(1) {
    idle_.push_back(std::move(first));
  }

  /// As above, but a caller gives up waiting after `acquire_timeout`.
  ConnectionPool(Opener opener, unsigned max_size, std::chrono::milliseconds acquire_timeout,
                 std::unique_ptr<Connection> first)
      : ConnectionPool(std::move(opener), max_size, std::move(first)) {
    acquire_timeout_ = acquire_timeout;
  }

  /// Exclusive use of one connection until destruction, then back to the pool.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection) noexcept
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() {
      if (connection_) pool_->give_back(std::move(connection_));
    }
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const noexcept { return *connection_; }
    Connection* operator->() const noexcept { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  /// A usable idle connection, a new one while fewer than max_size are open (or in place of
  /// an unusable one), or else waits in arrival order for one to come back. Errors:
  /// STORAGE_FAILURE when opening a connection fails or no connection is free within the
  /// acquire timeout.
  [[nodiscard]] Result<Lease> acquire();

  /// How many callers are waiting for a connection (for tests and diagnostics).
  [[nodiscard]] std::size_t waiting() const {
    const std::lock_guard lock(mutex_);
    return waiters_.size();
  }
  /// How many connections are open or being opened (for tests and diagnostics).
  [[nodiscard]] unsigned open_count() const {
    const std::lock_guard lock(mutex_);
    return open_count_;
  }

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
  std::optional<std::chrono::milliseconds> acquire_timeout_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::deque<Waiter*> waiters_;  ///< Oldest first; each lives on its caller's stack.
  unsigned open_count_;
};

template <class Connection, ConnectionPolicy<Connection> Policy>
auto ConnectionPool<Connection, Policy>::acquire() -> Result<Lease> {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (acquire_timeout_) deadline = std::chrono::steady_clock::now() + *acquire_timeout_;
  std::unique_lock lock(mutex_);
  std::unique_ptr<Connection> connection;
  bool own_slot = false;
  // Only when nobody is queued may a caller help itself; otherwise it joins the queue.
  if (waiters_.empty()) {
    if (!idle_.empty()) {
      connection = std::move(idle_.back());  // the most recently used: likely still warm
      idle_.pop_back();
    } else if (open_count_ < max_size_) {
      ++open_count_;  // reserve the slot, then open outside the lock
      own_slot = true;
    }
  }
  if (!connection && !own_slot) {
    Waiter self;
    waiters_.push_back(&self);
    const auto served = [&] { return self.handed != nullptr || self.may_open; };
    if (!deadline) {
      self.ready.wait(lock, served);
    } else if (!self.ready.wait_until(lock, *deadline, served)) {
      // Still queued (whoever serves a waiter removes it first, under this lock).
      waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &self));
      return Error(Errc::storage_failure, {},
                   "no free " + std::string(Policy::kName) + " connection within " +
                       std::to_string(acquire_timeout_->count()) + " ms (pool_size " +
                       std::to_string(max_size_) + ")");
    }
    // give_back() or release_slot_locked() removed us from waiters_ before signalling.
    connection = std::move(self.handed);
    own_slot = self.may_open;
  }
  lock.unlock();
  if (connection) {
    if (Policy::usable(*connection)) return Lease(this, std::move(connection));
    // Unusable while idle (e.g. lost): nothing was sent on it, so the caller loses nothing by
    // getting a new connection in its slot instead.
    connection.reset();
  }
  return open_reserved();
}

template <class Connection, ConnectionPolicy<Connection> Policy>
auto ConnectionPool<Connection, Policy>::open_reserved() -> Result<Lease> {
  auto opened = opener_();
  if (!opened) {
    const std::lock_guard lock(mutex_);
    release_slot_locked();
    return opened.error();
  }
  return Lease(this, std::move(*opened));
}

template <class Connection, ConnectionPolicy<Connection> Policy>
void ConnectionPool<Connection, Policy>::release_slot_locked() {
  if (waiters_.empty()) {
    --open_count_;
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->may_open = true;
  next->ready.notify_one();
}

template <class Connection, ConnectionPolicy<Connection> Policy>
void ConnectionPool<Connection, Policy>::give_back(std::unique_ptr<Connection> connection) {
  if (!Policy::reclaim(*connection)) connection.reset();
  const std::lock_guard lock(mutex_);
  if (!connection) {
    release_slot_locked();
    return;
  }
  if (waiters_.empty()) {
    idle_.push_back(std::move(connection));
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->handed = std::move(connection);
  next->ready.notify_one();
}

}  // namespace authkit::store_detail
