// InMemoryStore: rate-limit windows and failure records.
#include <mutex>
#include <shared_mutex>

#include "store/memory/memory_impl.hpp"

namespace authkit {

Result<RateLimitDecision> InMemoryStore::hit(std::string_view key, std::uint32_t max,
                                             std::chrono::milliseconds window,
                                             std::chrono::system_clock::time_point now) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->windows.find(key);
  std::optional<store_detail::RateWindow> current;
  if (it != impl_->windows.end()) current = it->second;
  store_detail::HitOutcome outcome = store_detail::apply_hit(current, max, window, now);
  if (outcome.store) {
    if (it != impl_->windows.end()) {
      it->second = *outcome.store;
    } else {
      impl_->windows.emplace(std::string(key), *outcome.store);
    }
  }
  return outcome.decision;
}

Result<RateLimitDecision> InMemoryStore::begin_attempt(
    std::string_view key, std::chrono::system_clock::time_point now,
    std::chrono::seconds reset_after,
    const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->failures.find(key);
  std::optional<FailureRecord> current;
  if (it != impl_->failures.end()) current = it->second;
  const store_detail::AttemptOutcome outcome =
      store_detail::apply_attempt(current, now, reset_after, delay_after);
  if (outcome.store) {
    if (it != impl_->failures.end()) {
      it->second = *outcome.store;
    } else {
      impl_->failures.emplace(std::string(key), *outcome.store);
    }
  }
  return outcome.decision;
}

Result<FailureRecord> InMemoryStore::record_failure(std::string_view key,
                                                    std::chrono::system_clock::time_point now,
                                                    std::chrono::seconds reset_after) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->failures.find(key);
  std::optional<FailureRecord> current;
  if (it != impl_->failures.end()) current = it->second;
  const FailureRecord next = store_detail::apply_failure(current, now, reset_after);
  if (it != impl_->failures.end()) {
    it->second = next;
  } else {
    impl_->failures.emplace(std::string(key), next);
  }
  return next;
}

Result<std::optional<FailureRecord>> InMemoryStore::find_failures(std::string_view key) {
  const std::shared_lock lock(impl_->mutex);
  const auto it = impl_->failures.find(key);
  if (it == impl_->failures.end()) return std::optional<FailureRecord>{};
  return std::optional<FailureRecord>{it->second};
}

Result<void> InMemoryStore::clear_failures(std::string_view key) {
  const std::unique_lock lock(impl_->mutex);
  const auto it = impl_->failures.find(key);
  if (it != impl_->failures.end()) impl_->failures.erase(it);
  return {};
}

Result<std::size_t> InMemoryStore::delete_stale_rate_limits(
    std::chrono::system_clock::time_point before) {
  const std::unique_lock lock(impl_->mutex);
  const std::size_t deleted =
      std::erase_if(impl_->windows, [&](const auto& w) { return w.second.start < before; }) +
      std::erase_if(impl_->failures, [&](const auto& f) { return f.second.last_failure < before; });
  return deleted;
}

}  // namespace authkit
