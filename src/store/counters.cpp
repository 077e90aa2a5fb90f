#include "store/counters.hpp"

#include <limits>

namespace authkit::store_detail {

HitOutcome apply_hit(const std::optional<RateWindow>& current, std::uint32_t max,
                     std::chrono::milliseconds window,
                     std::chrono::system_clock::time_point now) noexcept {
  // A window that starts after `now` means the wall clock stepped back: starting a new one
  // costs at most one extra window, where keeping it would deny for the whole step.
  if (!current || now < current->start || now - current->start >= window) {
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

namespace {

std::uint32_t plus_one(std::uint32_t count) noexcept {
  return count == std::numeric_limits<std::uint32_t>::max() ? count : count + 1;
}

// Whole seconds elapsed from `since` to `now`, rounded down. Comparing whole seconds with a
// whole-second limit gives the exact answer (elapsed < limit iff floor(elapsed) < limit) and,
// unlike converting the limit to the clock's nanoseconds, cannot overflow for any limit.
std::chrono::seconds whole_seconds_since(std::chrono::system_clock::time_point since,
                                         std::chrono::system_clock::time_point now) noexcept {
  return std::chrono::floor<std::chrono::seconds>(now - since);
}

}  // namespace

FailureRecord apply_failure(const std::optional<FailureRecord>& current,
                            std::chrono::system_clock::time_point now,
                            std::chrono::seconds reset_after) noexcept {
  if (!current || whole_seconds_since(current->last_failure, now) >= reset_after) {
    return FailureRecord{1, now};
  }
  return FailureRecord{plus_one(current->count), now};
}

AttemptOutcome apply_attempt(
    const std::optional<FailureRecord>& current, std::chrono::system_clock::time_point now,
    std::chrono::seconds reset_after,
    const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) {
  const auto allow = [now](std::uint32_t counted) {
    const std::uint32_t count = plus_one(counted);
    return AttemptOutcome{RateLimitDecision{true, count, std::chrono::seconds{0}},
                          FailureRecord{count, now}};
  };
  if (!current || current->count == 0) return allow(0);
  const auto elapsed = whole_seconds_since(current->last_failure, now);
  if (elapsed >= reset_after) return allow(0);  // quiet long enough: the record is ignored
  const std::uint32_t count = current->count;
  const std::chrono::seconds delay = delay_after(count);
  if (delay <= std::chrono::seconds{0}) return allow(count);
  if (now < current->last_failure) {
    // The wall clock stepped back. Allowing would hand out an extra attempt per step, and
    // waiting for the clock to pass the old time again would lock the key for the whole
    // step: instead the delay restarts from now (the count stays).
    return AttemptOutcome{RateLimitDecision{false, count, delay}, FailureRecord{count, now}};
  }
  if (elapsed >= delay) return allow(count);
  // delay - floor(elapsed) = ceil(delay - elapsed), since delay is whole seconds: a client that
  // retries after exactly retry_after is never still inside the delay; it is >= 1 s here.
  return AttemptOutcome{RateLimitDecision{false, count, delay - elapsed}, std::nullopt};
}

}  // namespace authkit::store_detail
