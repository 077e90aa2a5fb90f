#include "store/sqlite/pool.hpp"

#include <utility>

namespace authkit::sqlite {

Pool::Pool(Opener opener, unsigned max_size, std::unique_ptr<Connection> first)
    : opener_(std::move(opener)), max_size_(max_size), open_count_(1) {
  idle_.push_back(std::move(first));
}

Pool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock lock(mutex_);
  // Only when nobody is queued may a caller help itself; otherwise it joins the queue.
  if (waiters_.empty()) {
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    if (open_count_ < max_size_) {
      ++open_count_;  // reserve the slot, then open outside the lock
      lock.unlock();
      return open_reserved();
    }
  }
  Waiter self;
  waiters_.push_back(&self);
  self.ready.wait(lock, [&] { return self.handed != nullptr || self.may_open; });
  // give_back() or release_slot_locked() removed us from waiters_ before signalling.
  if (self.handed) return Lease(this, std::move(self.handed));
  lock.unlock();
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
  // A connection still inside a transaction (a ROLLBACK that failed) would hold the write
  // lock forever; close it instead of reusing it.
  if (!connection->in_autocommit()) {
    if (auto st = connection->prepare("ROLLBACK")) (void)st->run();
  }
  if (!connection->in_autocommit()) connection.reset();
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

}  // namespace authkit::sqlite
