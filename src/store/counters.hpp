// Private: the arithmetic of rate-limit windows and failure counters, shared by every store so
// that each backend only has to make the read-modify-write atomic, never re-derive the rules.
#pragma once

#include <authkit/store/rate_limit_store.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace authkit::store_detail {

/// A fixed rate-limit window as stored: its start and the requests counted in it.
struct RateWindow {
  std::uint32_t count = 0;
  std::chrono::system_clock::time_point start{};
};

/// What one hit() does: the answer, and the window to store (nullopt: leave it unchanged,
/// which is what a denied request does because denied requests are not counted).
struct HitOutcome {
  RateLimitDecision decision{};
  std::optional<RateWindow> store{};
};

/// What one begin_attempt() does: the answer, and the record to store (nullopt: leave it
/// unchanged, which is what a denied attempt does unless the clock stepped back).
struct AttemptOutcome {
  RateLimitDecision decision{};
  std::optional<FailureRecord> store{};
};

/// Applies one request at `now` to the window `current` (nullopt: none yet), per the contract
/// of RateLimitStore::hit(). A window that starts after `now` (the clock stepped back) is over.
[[nodiscard]] HitOutcome apply_hit(const std::optional<RateWindow>& current, std::uint32_t max,
                                   std::chrono::milliseconds window,
                                   std::chrono::system_clock::time_point now) noexcept;

/// The failure record after one more failure at `now`, per RateLimitStore::record_failure().
[[nodiscard]] FailureRecord apply_failure(const std::optional<FailureRecord>& current,
                                          std::chrono::system_clock::time_point now,
                                          std::chrono::seconds reset_after) noexcept;

/// Applies one sign-in attempt at `now` to the failure record `current` (nullopt: none), per
/// the contract of RateLimitStore::begin_attempt().
[[nodiscard]] AttemptOutcome apply_attempt(
    const std::optional<FailureRecord>& current, std::chrono::system_clock::time_point now,
    std::chrono::seconds reset_after,
    const std::function<std::chrono::seconds(std::uint32_t)>& delay_after);

}  // namespace authkit::store_detail
