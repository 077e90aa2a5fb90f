// A small in-memory RateLimitStore for the rate-limit tests, written straight from the
// interface contract (one mutex, two maps) so that these tests do not depend on the real
// stores. set_failing() makes every call fail with STORAGE_FAILURE.
#pragma once

#include <authkit/store/rate_limit_store.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace authkit::test {

class FakeRateLimitStore final : public RateLimitStore {
 public:
  Result<RateLimitDecision> hit(std::string_view key, std::uint32_t max,
                                std::chrono::milliseconds window,
                                std::chrono::system_clock::time_point now) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) return storage_failure();
    ++hits_;
    auto [it, fresh] = windows_.try_emplace(std::string(key), Window{now, 0});
    Window& w = it->second;
    if (fresh || now - w.start >= window) w = Window{now, 0};
    if (w.count >= max) {
      const auto rest = std::chrono::ceil<std::chrono::seconds>(w.start + window - now);
      return RateLimitDecision{false, w.count, std::max(rest, std::chrono::seconds(1))};
    }
    ++w.count;
    return RateLimitDecision{true, w.count, std::chrono::seconds(0)};
  }

  Result<FailureRecord> record_failure(std::string_view key,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds reset_after) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) return storage_failure();
    auto [it, fresh] = failures_.try_emplace(std::string(key), FailureRecord{0, now});
    FailureRecord& r = it->second;
    if (!fresh && now - r.last_failure >= reset_after) r.count = 0;
    ++r.count;
    r.last_failure = now;
    return r;
  }

  Result<std::optional<FailureRecord>> find_failures(std::string_view key) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) return storage_failure();
    const auto it = failures_.find(key);
    if (it == failures_.end()) return std::optional<FailureRecord>();
    return std::optional<FailureRecord>(it->second);
  }

  Result<void> clear_failures(std::string_view key) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) return storage_failure();
    const auto it = failures_.find(key);
    if (it != failures_.end()) failures_.erase(it);
    return {};
  }

  Result<std::size_t> delete_stale_rate_limits(
      std::chrono::system_clock::time_point before) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) return storage_failure();
    const std::size_t removed =
        std::erase_if(windows_,
                      [before](const auto& entry) { return entry.second.start < before; }) +
        std::erase_if(failures_,
                      [before](const auto& entry) { return entry.second.last_failure < before; });
    return removed;
  }

  /// While true, every call fails with STORAGE_FAILURE.
  void set_failing(bool failing) {
    const std::lock_guard<std::mutex> lock(mutex_);
    failing_ = failing;
  }
  /// The keys that have a window, to check how authkit builds them.
  std::vector<std::string> window_keys() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> keys;
    for (const auto& entry : windows_) keys.push_back(entry.first);
    return keys;
  }
  /// How many hit() calls were answered.
  int hits() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return hits_;
  }

 private:
  struct Window {
    std::chrono::system_clock::time_point start;
    std::uint32_t count;
  };
  static Error storage_failure() { return Error(Errc::storage_failure); }

  mutable std::mutex mutex_;
  std::map<std::string, Window, std::less<>> windows_;
  std::map<std::string, FailureRecord, std::less<>> failures_;
  bool failing_ = false;
  int hits_ = 0;
};

}  // namespace authkit::test
