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
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_size_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++open_count_;  // reserve the slot, then open outside the lock
  }
  auto opened = opener_();
  if (!opened) {
    const std::lock_guard lock(mutex_);
    --open_count_;
    returned_.notify_one();
    return opened.error();
  }
  return Lease(this, std::move(*opened));
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  // A connection still inside a transaction (a ROLLBACK that failed) would hold the write
  // lock forever; close it instead of reusing it.
  if (!connection->in_autocommit()) {
    if (auto st = connection->prepare("ROLLBACK")) (void)st->run();
  }
  const bool usable = connection->in_autocommit();
  if (!usable) connection.reset();
  const std::lock_guard lock(mutex_);
  if (usable) {
    idle_.push_back(std::move(connection));
  } else {
    --open_count_;
  }
  returned_.notify_one();
}

}  // namespace authkit::sqlite
