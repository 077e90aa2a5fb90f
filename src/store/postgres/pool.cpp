#include "store/postgres/pool.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace authkit::pg {

Pool::Pool(Opener opener, unsigned max_size, std::chrono::milliseconds acquire_timeout,
           std::unique_ptr<Connection> first)
    : opener_(std::move(opener)),
      max_size_(max_size),
      acquire_timeout_(acquire_timeout),
      open_count_(1) {
  idle_.push_back(std::move(first));
}

Pool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Result<Pool::Lease> Pool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
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
    const bool served = self.ready.wait_until(
        lock, deadline, [&] { return self.handed != nullptr || self.may_open; });
    if (!served) {
      // Still queued (whoever serves a waiter removes it first, under this lock).
      waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &self));
      return Error(Errc::storage_failure, {},
                   "no free PostgreSQL connection within " +
                       std::to_string(acquire_timeout_.count()) + " ms (pool_size " +
                       std::to_string(max_size_) + ")");
    }
    connection = std::move(self.handed);
    own_slot = self.may_open;
  }
  lock.unlock();
  if (connection) {
    if (connection->healthy()) return Lease(this, std::move(connection));
    // Lost while idle (a server restart, pg_terminate_backend): nothing was sent on it, so the
    // caller loses nothing by getting a new connection in its slot instead.
    connection.reset();
  }
  return open_reserved();
}

Result<Pool::Lease> Pool::open_reserved() {
  auto opened = opener_();
  if (!opened) {
    const std::lock_guard lock(mutex_);
    release_slot_locked();
    return opened.error();
  }
  return Lease(this, std::move(*opened));
}

void Pool::release_slot_locked() {
  if (waiters_.empty()) {
    --open_count_;
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->may_open = true;
  next->ready.notify_one();
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  // A transaction left open (an error path whose ROLLBACK did not run) would hold its locks;
  // a lost connection is useless. Either is closed, and its slot passed on.
  if (connection->broken()) connection->rollback();
  if (connection->broken()) connection.reset();
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

std::size_t Pool::waiting() const {
  const std::lock_guard lock(mutex_);
  return waiters_.size();
}

unsigned Pool::open_count() const {
  const std::lock_guard lock(mutex_);
  return open_count_;
}

}  // namespace authkit::pg
