#include "store/counters.hpp"

#include <limits>

namespace authkit::store_detail {

HitOutcome apply_hit(const std::optional<RateWindow>& current, std::uint32_t max,
                     std::chrono::milliseconds window,
                     std::chrono::system_clock::time_point now) noexcept {
  if (!current || now - current->start >= window) {
    return HitOutcome{RateLimitDecision{true, 1, std::chrono::seconds{0}}, RateWindow{1, now}};
  }
  if (current->count < max) {
    const std::uint32_t count = current->count + 1;
    return HitOutcome{RateLimitDecision{true, count, std::chrono::seconds{0}},
                      RateWindow{count, current->start}};
  }
  // Denied: the rest of the window, rounded up so that a client retrying after exactly
  // retry_after seconds is never still inside the window; at least 1 s (HTTP Retry-After).
  const auto rest = current->start + window - now;
  auto seconds = std::chrono::ceil<std::chrono::seconds>(rest);
  if (seconds < std::chrono::seconds{1}) seconds = std::chrono::seconds{1};
  return HitOutcome{RateLimitDecision{false, current->count, seconds}, std::nullopt};
}

FailureRecord apply_failure(const std::optional<FailureRecord>& current,
                            std::chrono::system_clock::time_point now,
                            std::chrono::seconds reset_after) noexcept {
  if (!current || now - current->last_failure >= reset_after) return FailureRecord{1, now};
  const std::uint32_t count = current->count == std::numeric_limits<std::uint32_t>::max()
                                  ? current->count
                                  : current->count + 1;
  return FailureRecord{count, now};
}

}  // namespace authkit::store_detail
