// A RateLimitStore for the rate-limit tests: the real InMemoryStore (so the counting rules are
// the stores' own, tested by the store conformance suite) plus what these tests need to see
// and provoke: set_failing() makes every call fail with STORAGE_FAILURE, hits() and
// window_keys() show how RateLimiter uses the store.
#pragma once

#include <authkit/store/memory_store.hpp>
#include <authkit/store/rate_limit_store.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace authkit::test {

class FakeRateLimitStore final : public RateLimitStore {
 public:
  Result<RateLimitDecision> hit(std::string_view key, std::uint32_t max,
                                std::chrono::milliseconds window,
                                std::chrono::system_clock::time_point now) override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (failing_) return storage_failure();
      ++hits_;
      window_keys_.emplace(key);
    }
    return real_->hit(key, max, window, now);
  }

  Result<RateLimitDecision> begin_attempt(
      std::string_view key, std::chrono::system_clock::time_point now,
      std::chrono::seconds reset_after,
      const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) override {
    if (failing()) return storage_failure();
    return real_->begin_attempt(key, now, reset_after, delay_after);
  }

  Result<FailureRecord> record_failure(std::string_view key,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds reset_after) override {
    if (failing()) return storage_failure();
    return real_->record_failure(key, now, reset_after);
  }

  Result<std::optional<FailureRecord>> find_failures(std::string_view key) override {
    if (failing()) return storage_failure();
    return real_->find_failures(key);
  }

  Result<void> clear_failures(std::string_view key) override {
    if (failing()) return storage_failure();
    return real_->clear_failures(key);
  }

  Result<std::size_t> delete_stale_rate_limits(
      std::chrono::system_clock::time_point before) override {
    if (failing()) return storage_failure();
    return real_->delete_stale_rate_limits(before);
  }

  /// While true, every call fails with STORAGE_FAILURE.
  void set_failing(bool failing) {
    const std::lock_guard<std::mutex> lock(mutex_);
    failing_ = failing;
  }
  /// The keys hit() was called with, to check how authkit builds them.
  std::vector<std::string> window_keys() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return {window_keys_.begin(), window_keys_.end()};
  }
  /// How many hit() calls were answered.
  int hits() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return hits_;
  }

 private:
  static Error storage_failure() { return Error(Errc::storage_failure); }
  bool failing() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return failing_;
  }

  std::shared_ptr<InMemoryStore> real_ = InMemoryStore::create();
  mutable std::mutex mutex_;
  bool failing_ = false;
  int hits_ = 0;
  std::set<std::string, std::less<>> window_keys_;
};

}  // namespace authkit::test
