// authkit/rate_limit.hpp: request rate limits (better-auth's rules by default), per-account
// sign-in throttling with escalating delays, and the client address behind trusted proxies.
//
// Thread safety: RateLimiter, SignInThrottle and TrustedProxies are immutable after create();
// their const member functions may be called concurrently (the counters live in a
// RateLimitStore, which is thread-safe).
#pragma once

#include <authkit/clock.hpp>
#include <authkit/result.hpp>
#include <authkit/store/rate_limit_store.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

/// At most `max` requests per `window`.
struct RateLimitRule {
  std::uint32_t max = 100;          ///< Requests allowed per window (>= 1).
  std::chrono::seconds window{10};  ///< Window length (>= 1 s).
};

/// A rule for some paths. `path` is exact ("/sign-in/email") or a prefix ending in '*'
/// ("/sign-in*"). A rule of nullopt means "no limit" for those paths.
struct RateLimitPathRule {
  std::string path{};                   ///< Exact path or prefix ending in '*'.
  std::optional<RateLimitRule> rule{};  ///< The limit, or nullopt for none.
};

/// Options for RateLimiter::create().
struct RateLimiterOptions {
  /// Off turns every check into "allowed" (for load tests and trusted internal callers).
  bool enabled = true;
  /// Applies to paths that no rule matches: 100 per 10 s, as better-auth.
  RateLimitRule default_rule{};
  /// Checked in order, first match wins. Put your own rules before the defaults.
  std::vector<RateLimitPathRule> rules = better_auth_rules();

  /// better-auth's special rules: "/sign-in*", "/sign-up*", "/change-password*",
  /// "/change-email*" 3 per 10 s; "/request-password-reset*", "/send-verification-email*",
  /// "/forget-password*" 3 per 60 s.
  [[nodiscard]] static std::vector<RateLimitPathRule> better_auth_rules();
};

/// Counts requests per (client, path) in a RateLimitStore.
class RateLimiter {
 public:
  /// Errors: INVALID_CONFIGURATION (no store, a rule with max 0 or a window under 1 s, an
  /// empty path pattern).
  [[nodiscard]] static Result<RateLimiter> create(std::shared_ptr<RateLimitStore> store,
                                                  RateLimiterOptions options = {},
                                                  std::shared_ptr<const Clock> clock = nullptr);

  /// Counts one request from `client` (an address from TrustedProxies::client_address(); an
  /// empty client shares one bucket) to `path`. Errors: TOO_MANY_REQUESTS with
  /// retry_after() set; STORAGE_FAILURE (the caller decides whether to fail open or closed;
  /// AuthService fails closed).
  [[nodiscard]] Result<void> check(std::string_view client, std::string_view path) const;

  /// The rule that applies to `path`, or nullopt if it is unlimited.
  [[nodiscard]] std::optional<RateLimitRule> rule_for(std::string_view path) const;

  /// The options in force.
  [[nodiscard]] const RateLimiterOptions& options() const noexcept { return options_; }

 private:
  RateLimiter(std::shared_ptr<RateLimitStore> store, RateLimiterOptions options,
              std::shared_ptr<const Clock> clock) noexcept;
  std::shared_ptr<RateLimitStore> store_;
  RateLimiterOptions options_;
  std::shared_ptr<const Clock> clock_;
};

/// Options for SignInThrottle: after `free_failures` consecutive failures on one account,
/// each further attempt must wait base_delay * 2^(failures - free_failures), capped at
/// max_delay. Never a permanent lock; a success or `reset_after` of quiet clears the count.
struct SignInThrottleOptions {
  bool enabled = true;                      ///< Off disables throttling.
  std::uint32_t free_failures = 5;          ///< Failures allowed before any delay.
  std::chrono::seconds base_delay{1};       ///< The first delay.
  std::chrono::seconds max_delay{900};      ///< The longest delay (15 min).
  std::chrono::seconds reset_after{86400};  ///< Quiet time after which the count restarts.
};

/// Per-account failed sign-in throttling (NIST 800-63B §5.2.2: escalating delay, at most 100
/// consecutive failures per account, no hard lockout). Keys are the normalised email, whether
/// or not an account exists, so throttling reveals nothing.
///
/// Known clients (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): failures are
/// counted per account and per (account, client). An attempt from a client that has proven
/// itself before passes its id as `client_id`: AuthService passes the id of a valid device
/// token (one the account's sign-ins hand out) and, for change_password(), the caller's session
/// id. It is then counted on that client's own record, "signin:<account>|client:<client_id>",
/// with the same delays, and the account-wide record is neither checked nor counted: however
/// many strangers fail on the account, its owner's known clients are limited only by their own
/// failures.
class SignInThrottle {
 public:
  /// Errors: INVALID_CONFIGURATION (no store, base_delay < 1 s, max_delay < base_delay).
  [[nodiscard]] static Result<SignInThrottle> create(std::shared_ptr<RateLimitStore> store,
                                                     SignInThrottleOptions options = {},
                                                     std::shared_ptr<const Clock> clock = nullptr);
  /// Counts this sign-in attempt for `account` atomically before the password is checked
  /// (RateLimitStore::begin_attempt(), key "signin:<account>", or the client's own record when
  /// `client_id` is set), so concurrent attempts cannot all slip through one elapsed delay:
  /// every attempt counts as a failure until record_success() clears the count. Does nothing
  /// when disabled.
  /// Errors: TOO_MANY_REQUESTS with retry_after() = the rest of the delay, rounded up (the
  /// attempt is not counted); STORAGE_FAILURE.
  [[nodiscard]] Result<void> begin_attempt(std::string_view account,
                                           std::string_view client_id = {}) const;
  /// Clears the count of `account` (or of its client `client_id`) after a success, or after a
  /// completed password reset. Errors: STORAGE_FAILURE.
  [[nodiscard]] Result<void> record_success(std::string_view account,
                                            std::string_view client_id = {}) const;
  /// The delay that applies after `failures` consecutive failed (or uncleared) attempts: zero
  /// below free_failures, then base_delay * 2^(failures - free_failures) capped at max_delay.
  [[nodiscard]] std::chrono::seconds delay_after(std::uint32_t failures) const noexcept;

 private:
  SignInThrottle(std::shared_ptr<RateLimitStore> store, SignInThrottleOptions options,
                 std::shared_ptr<const Clock> clock) noexcept;
  std::shared_ptr<RateLimitStore> store_;
  SignInThrottleOptions options_;
  std::shared_ptr<const Clock> clock_;
};

/// Which peers are proxies whose X-Forwarded-For may be believed. Without any, the peer
/// address is the client, always: a client cannot pick its own bucket by sending the header.
class TrustedProxies {
 public:
  /// Parses CIDRs or single addresses ("10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8").
  /// Errors: INVALID_CONFIGURATION naming the bad entry.
  [[nodiscard]] static Result<TrustedProxies> parse(const std::vector<std::string>& cidrs);
  /// No proxies: client_address() returns the peer.
  TrustedProxies() = default;

  /// The client for rate limiting: the peer, unless the peer is trusted; then X-Forwarded-For
  /// is walked from the right past trusted addresses and the first untrusted one is the
  /// client (a malformed entry stops the walk at the last good address). IPv6 clients are
  /// reduced to their /64, since one host commonly holds a whole /64. Returns the canonical
  /// text form; an unparsable peer gives "unknown".
  [[nodiscard]] std::string client_address(std::string_view peer,
                                           std::string_view x_forwarded_for = {}) const;
  /// Whether `address` lies in a trusted range.
  [[nodiscard]] bool is_trusted(std::string_view address) const noexcept;

 private:
  struct Range {
    std::array<unsigned char, 16> network{};  // IPv4 is stored IPv4-mapped (::ffff:a.b.c.d)
    unsigned prefix_bits = 0;
  };
  std::vector<Range> ranges_;
};

}  // namespace authkit
