// authkit/store/rate_limit_store.hpp: counters behind rate limiting and sign-in throttling.
//
// Thread safety: implementations must be safe to call from many threads at once.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace authkit {

/// The answer of RateLimitStore::hit() and RateLimitStore::begin_attempt().
struct RateLimitDecision {
  bool allowed = true;  ///< Whether this request may proceed.
  /// hit(): requests counted in the current window (after this one). begin_attempt():
  /// attempts counted on the key (after this one, if it was allowed).
  std::uint32_t count = 0;
  /// When denied: whole seconds until a retry can be allowed (>= 1).
  std::chrono::seconds retry_after{0};
};

/// Consecutive failed attempts against one key (an account).
struct FailureRecord {
  std::uint32_t count = 0;                               ///< Consecutive failures.
  std::chrono::system_clock::time_point last_failure{};  ///< Time of the latest.
};

/// Storage for rate-limit windows and failure counters. Keys are opaque strings made by
/// authkit: "rl:<client>|<path>" for RateLimiter windows (e.g. "rl:203.0.113.7|/sign-in/email")
/// "signin:<account>" for SignInThrottle records (e.g. "signin:alice@example.com"),
/// "signin:<account>|client:<id>" for the records of an account's known clients, and
/// "mail:<purpose>:<address>" for the per-address mail cap.
///
/// Atomicity contract: hit(), begin_attempt() and record_failure() are atomic
/// read-modify-writes, serialised per key with each other and with clear_failures(). With N
/// concurrent hit() calls on one key and max M, exactly min(N, M) are allowed; with N
/// concurrent begin_attempt() calls on a key whose delay has just elapsed, exactly one is
/// allowed (the others see its attempt and are denied).
///
/// Wall-clock steps: `now` comes from a wall clock shared between processes, so it may step
/// back. A window that starts after `now` is treated as over (a new one starts); a failure
/// record whose last entry is after `now` has its delay restart from `now`. Neither locks a
/// key for the length of the step.
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
  /// Counts one attempt (a sign-in, before its password is checked) on the failure record of
  /// `key`, atomically, so that concurrent attempts cannot all pass a check before any of them
  /// is counted. The record is ignored if its last entry is `reset_after` or more before
  /// `now`; let c be its count (0 if none or ignored) and L its last entry:
  /// - if c > 0 and now < L + delay_after(c): denied and not counted, with retry_after =
  ///   L + delay_after(c) - now rounded up to whole seconds (at least 1 s);
  /// - otherwise allowed and counted: the record becomes {c + 1 (saturating), now} and
  ///   count = c + 1.
  /// If L is after `now` (the clock stepped back), the attempt is denied with retry_after =
  /// delay_after(c) and L becomes `now` (count unchanged), so the delay runs from `now`; when
  /// delay_after(c) is zero the attempt is allowed as above. clear_failures() forgets the
  /// record after a success. `delay_after` is called with the lock or transaction held: it
  /// must be quick and must not call the store.
  [[nodiscard]] virtual Result<RateLimitDecision> begin_attempt(
      std::string_view key, std::chrono::system_clock::time_point now,
      std::chrono::seconds reset_after,
      const std::function<std::chrono::seconds(std::uint32_t)>& delay_after) = 0;
  /// Counts one more failure for `key` at `now` and returns the new record. A record whose
  /// last failure is `reset_after` or more before `now` starts again from 1. Counting after
  /// the fact cannot stop concurrent guesses; throttles use begin_attempt().
  [[nodiscard]] virtual Result<FailureRecord> record_failure(
      std::string_view key, std::chrono::system_clock::time_point now,
      std::chrono::seconds reset_after) = 0;
  /// The failure record of `key`, or nullopt.
  [[nodiscard]] virtual Result<std::optional<FailureRecord>> find_failures(
      std::string_view key) = 0;
  /// Forgets the failures (and attempts) of `key` (after a successful sign-in).
  [[nodiscard]] virtual Result<void> clear_failures(std::string_view key) = 0;
  /// Deletes windows and failure records last touched before `before`; returns how many.
  [[nodiscard]] virtual Result<std::size_t> delete_stale_rate_limits(
      std::chrono::system_clock::time_point before) = 0;
};

}  // namespace authkit
