#include "password/hashing_slots.hpp"

#include <algorithm>

namespace authkit::password {

HashingSlots::HashingSlots(unsigned capacity, std::chrono::milliseconds queue_timeout,
                           std::size_t arena_bytes)
    : capacity_(std::max(capacity, 1U)),
      queue_timeout_(std::max(queue_timeout, std::chrono::milliseconds(0))),
      arena_bytes_(arena_bytes) {
  idle_arenas_.reserve(capacity_);
}

Result<HashingSlots::Slot> HashingSlots::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  // wait_for with a predicate re-checks after spurious wake-ups and measures the timeout on
  // the steady clock, so a wall-clock jump cannot stretch or cut the wait.
  if (!freed_.wait_for(lock, queue_timeout_, [this] { return in_use_ < capacity_; })) {
    return Error(Errc::service_unavailable,
                 "The server is busy verifying passwords; please retry shortly",
                 "no password hashing slot became free within the queue timeout")
        .with_retry_after(std::chrono::seconds(1));
  }
  std::unique_ptr<Argon2Arena> arena;
  if (idle_arenas_.empty()) {
    arena = std::make_unique<Argon2Arena>(arena_bytes_);  // its block is allocated on first use
  } else {
    arena = std::move(idle_arenas_.back());
    idle_arenas_.pop_back();
  }
  ++in_use_;
  return Slot(this, std::move(arena));
}

unsigned HashingSlots::in_use() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return in_use_;
}

void HashingSlots::release(std::unique_ptr<Argon2Arena> arena) noexcept {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (arena) idle_arenas_.push_back(std::move(arena));
    --in_use_;
  }
  freed_.notify_one();
}

}  // namespace authkit::password
