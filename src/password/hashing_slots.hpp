// Private: the counting semaphore that bounds how many password hashes run at once
// (checklist K1). Each Argon2id call allocates its full memory cost, so peak hashing memory is
// about capacity x m; a burst of sign-ins queues here instead of exhausting memory, and a
// caller that waits longer than the queue timeout gets SERVICE_UNAVAILABLE. Each slot carries
// an Argon2Arena, so that memory is allocated once per slot rather than once per hash.
//
// Thread safety: acquire() and the Slot destructor may be called from any thread.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "password/argon2_arena.hpp"

namespace authkit::password {

class HashingSlots {
 public:
  /// A held slot; released when destroyed (on every path, including errors). Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(other.owner_), arena_(std::move(other.arena_)) {
      other.owner_ = nullptr;
    }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->release(std::move(arena_));
    }

    /// The working memory reused by the Argon2 hashes run under this slot.
    [[nodiscard]] Argon2Arena& arena() noexcept { return *arena_; }

   private:
    friend class HashingSlots;
    Slot(HashingSlots* owner, std::unique_ptr<Argon2Arena> arena) noexcept
        : owner_(owner), arena_(std::move(arena)) {}
    HashingSlots* owner_;
    std::unique_ptr<Argon2Arena> arena_;
  };

  /// `capacity` slots (at least 1); callers wait at most `queue_timeout` for one. Each slot's
  /// arena retains blocks of up to `arena_bytes` (the configured Argon2 memory cost).
  HashingSlots(unsigned capacity, std::chrono::milliseconds queue_timeout, std::size_t arena_bytes);
  HashingSlots(const HashingSlots&) = delete;
  HashingSlots& operator=(const HashingSlots&) = delete;

  /// Takes a slot, waiting up to the queue timeout. Errors: SERVICE_UNAVAILABLE (with
  /// retry_after() of 1 s) when none became free in time. The HashingSlots must outlive the
  /// returned Slot.
  [[nodiscard]] Result<Slot> acquire();

  /// The number of slots.
  [[nodiscard]] unsigned capacity() const noexcept { return capacity_; }
  /// The number of slots held right now (a snapshot, for tests and monitoring).
  [[nodiscard]] unsigned in_use() const;

 private:
  void release(std::unique_ptr<Argon2Arena> arena) noexcept;

  const unsigned capacity_;
  const std::chrono::milliseconds queue_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  unsigned in_use_ = 0;
  const std::size_t arena_bytes_;
  /// Arenas of free slots. Reserved to `capacity_` up front, so release() never allocates.
  std::vector<std::unique_ptr<Argon2Arena>> idle_arenas_;
};

}  // namespace authkit::password
