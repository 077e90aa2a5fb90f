#include <authkit/clock.hpp>

namespace authkit {

Clock::time_point SystemClock::now() const noexcept { return std::chrono::system_clock::now(); }

std::shared_ptr<const Clock> SystemClock::instance() {
  static const std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  return clock;
}

ManualClock::ManualClock(time_point start) noexcept
    : ns_since_epoch_(
          std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count()) {}

ManualClock::ManualClock(std::int64_t unix_seconds) noexcept
    : ManualClock(from_unix_seconds(unix_seconds)) {}

Clock::time_point ManualClock::now() const noexcept {
  return time_point(std::chrono::duration_cast<time_point::duration>(
      std::chrono::nanoseconds(ns_since_epoch_.load(std::memory_order_acquire))));
}

void ManualClock::set(time_point t) noexcept {
  ns_since_epoch_.store(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count(),
      std::memory_order_release);
}

void ManualClock::advance(std::chrono::nanoseconds d) noexcept {
  ns_since_epoch_.fetch_add(d.count(), std::memory_order_acq_rel);
}

std::int64_t to_unix_seconds(Clock::time_point t) noexcept {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

Clock::time_point from_unix_seconds(std::int64_t s) noexcept {
  return Clock::time_point(std::chrono::seconds(s));
}

}  // namespace authkit
