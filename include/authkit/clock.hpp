// authkit/clock.hpp: injectable time source, so every time-based rule can be tested with a
// fake clock instead of sleeps.
//
// Thread safety: SystemClock is stateless; ManualClock uses an atomic and may be read and
// advanced concurrently. Custom Clock implementations must make now() thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace authkit {

/// Wall-clock time source used for exp/nbf/iat and other expiry rules.
class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  /// The current wall-clock time. Must be thread-safe.
  [[nodiscard]] virtual time_point now() const noexcept = 0;
};

/// The real clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  [[nodiscard]] time_point now() const noexcept override;
  /// A shared instance; the default wherever a clock is optional.
  [[nodiscard]] static std::shared_ptr<const Clock> instance();
};

/// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  /// Starts at `start`.
  explicit ManualClock(time_point start) noexcept;
  /// Starts at the given Unix time in seconds.
  explicit ManualClock(std::int64_t unix_seconds) noexcept;
  [[nodiscard]] time_point now() const noexcept override;
  /// Sets the current time.
  void set(time_point t) noexcept;
  /// Moves the clock forward (or back, for a negative duration).
  void advance(std::chrono::nanoseconds d) noexcept;

 private:
  std::atomic<std::int64_t> ns_since_epoch_;
};

/// Seconds since the Unix epoch of `t` (floor).
[[nodiscard]] std::int64_t to_unix_seconds(Clock::time_point t) noexcept;
/// The time point `s` seconds after the Unix epoch.
[[nodiscard]] Clock::time_point from_unix_seconds(std::int64_t s) noexcept;

}  // namespace authkit
