// Private: the counting semaphore that bounds how many password hashes run at once
// (checklist K1). Each Argon2id call allocates its full memory cost, so peak hashing memory is
// about capacity x m; a burst of sign-ins queues here instead of exhausting memory, and a
// caller that waits longer than the queue timeout gets SERVICE_UNAVAILABLE.
//
// Thread safety: acquire() and the Slot destructor may be called from any thread.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace authkit::password {

class HashingSlots {
 public:
  /// A held slot; released when destroyed (on every path, including errors). Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->release();
    }

   private:
    friend class HashingSlots;
    explicit Slot(HashingSlots* owner) noexcept : owner_(owner) {}
    HashingSlots* owner_;
  };

  /// `capacity` slots (at least 1); callers wait at most `queue_timeout` for one.
  HashingSlots(unsigned capacity, std::chrono::milliseconds queue_timeout) noexcept;
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
  void release() noexcept;

  const unsigned capacity_;
  const std::chrono::milliseconds queue_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  unsigned in_use_ = 0;
};

}  // namespace authkit::password
