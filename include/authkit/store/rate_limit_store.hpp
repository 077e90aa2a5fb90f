// authkit/store/rate_limit_store.hpp: counters behind rate limiting and sign-in throttling.
//
// Thread safety: implementations must be safe to call from many threads at once.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace authkit {

/// The answer of RateLimitStore::hit().
struct RateLimitDecision {
  bool allowed = true;      ///< Whether this request may proceed.
  std::uint32_t count = 0;  ///< Requests counted in the current window (after this one).
  std::chrono::seconds retry_after{0};  ///< When denied: seconds until the window resets (>= 1).
};

/// Consecutive failed attempts against one key (an account).
struct FailureRecord {
  std::uint32_t count = 0;                               ///< Consecutive failures.
  std::chrono::system_clock::time_point last_failure{};  ///< Time of the latest.
};

/// Storage for rate-limit windows and failure counters. Keys are opaque strings made by
/// authkit (e.g. "ip:203.0.113.7|/sign-in/email", "account:alice@example.com").
///
/// Atomicity contract: hit() and record_failure() are atomic read-modify-writes; with N
/// concurrent hit() calls on one key and max M, exactly min(N, M) are allowed.
/// Errors: STORAGE_FAILURE.
class RateLimitStore {
 public:
  virtual ~RateLimitStore() = default;

  /// Fixed-window counting (better-auth's algorithm): when the key has no window or its
  /// window began at least `window` ago, a new window starts at `now` with count 1 (allowed);
  /// otherwise the request is allowed and counted if count < max, else denied and not counted,
  /// with retry_after = the rest of the window rounded up to whole seconds.
  [[nodiscard]] virtual Result<RateLimitDecision> hit(
      std::string_view key, std::uint32_t max, std::chrono::milliseconds window,
      std::chrono::system_clock::time_point now) = 0;
  /// Counts one more failure for `key` at `now` and returns the new record. A record whose
  /// last failure is `reset_after` or more before `now` starts again from 1.
  [[nodiscard]] virtual Result<FailureRecord> record_failure(
      std::string_view key, std::chrono::system_clock::time_point now,
      std::chrono::seconds reset_after) = 0;
  /// The failure record of `key`, or nullopt.
  [[nodiscard]] virtual Result<std::optional<FailureRecord>> find_failures(
      std::string_view key) = 0;
  /// Forgets the failures of `key` (after a successful sign-in).
  [[nodiscard]] virtual Result<void> clear_failures(std::string_view key) = 0;
  /// Deletes windows and failure records last touched before `before`; returns how many.
  [[nodiscard]] virtual Result<std::size_t> delete_stale_rate_limits(
      std::chrono::system_clock::time_point before) = 0;
};

}  // namespace authkit
