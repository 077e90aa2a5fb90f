// Private: the state behind AuthService, and the steps its flows share.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/jwt/issuer.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace authkit {

/// Everything an AuthService holds. Built once by create(); immutable afterwards, so the
/// flows (one .cpp file each) may use it from any thread.
struct detail::AuthServiceImpl {
  AuthServiceOptions options;
  std::shared_ptr<const Clock> clock;
  PasswordHasher hasher;
  PasswordPolicy policy;
  RateLimiter limiter;
  SignInThrottle throttle;
  JwkSet jwt_keys;
  JwtIssuer jwt_signer;  ///< signs issue_jwt() tokens
  nlohmann::json jwks;
  std::string base_origin;                   ///< scheme://host[:port] of base_url
  std::vector<std::string> trusted_origins;  ///< normalised options.trusted_origins

  [[nodiscard]] Clock::time_point now() const { return clock->now(); }

  /// Applies the rate limit of `path` (better-auth's route name) to the caller; audits a
  /// refusal. Errors: TOO_MANY_REQUESTS, STORAGE_FAILURE.
  [[nodiscard]] Result<void> limit(const RequestContext& context, std::string_view path) const;

  /// Sends an audit event (no-op without a sink). Fields left empty are omitted.
  void audit(AuditEventType type, const RequestContext& context, std::string_view user_id = {},
             std::string_view email = {}, std::string_view session_id = {},
             std::string_view reason = {}) const noexcept;

  /// Creates and stores a new session for `user`. Errors: CRYPTO_FAILURE, STORAGE_FAILURE.
  [[nodiscard]] Result<NewSession> start_session(const User& user, bool remember_me,
                                                 const RequestContext& context) const;

  /// The live session of `token`, or nullopt. Slides the expiry when `slide` is set.
  [[nodiscard]] Result<std::optional<SessionView>> find_live_session(std::string_view token,
                                                                     bool slide) const;

  /// As find_live_session(), without sliding, but UNAUTHORIZED when there is none.
  [[nodiscard]] Result<SessionView> require_session(std::string_view token) const;

  /// Creates a one-time token for `user`, stores its hash and mails the link built by
  /// `make_link` from the raw token. If the mail fails, the token is spent again so no unsent
  /// token stays valid. Errors: CRYPTO_FAILURE, STORAGE_FAILURE, MAIL_FAILURE.
  [[nodiscard]] Result<void> send_token_mail(const User& user, std::string_view purpose,
                                             std::chrono::seconds lifetime, MailKind kind,
                                             const std::string& link_prefix,
                                             const std::string& link_suffix) const;

  /// Spends every unspent token of `user_id` with `purpose` (older reset links, device
  /// tokens, ...). Errors: STORAGE_FAILURE.
  [[nodiscard]] Result<void> revoke_tokens(std::string_view user_id,
                                           std::string_view purpose) const;

  /// Best-effort notice mail (password changed, existing account): failures are audited by
  /// the caller's event reason, never surfaced.
  [[nodiscard]] bool send_notice(const User& user, MailKind kind) const noexcept;

  /// Errors: `code` unless `target` is empty, a relative path, or on a trusted origin.
  [[nodiscard]] Result<void> check_redirect(std::string_view target, Errc code) const;

  /// Counts one mail to `email` for `purpose` against options.rate_limits.mail_per_address; false
  /// (and a rate_limited audit event) when the address had its share: the caller then answers as
  /// usual and sends nothing. Errors: STORAGE_FAILURE.
  [[nodiscard]] Result<bool> mail_allowed(std::string_view purpose, std::string_view email,
                                          const RequestContext& context) const;

  /// The absolute link `<base_url><route>`.
  [[nodiscard]] std::string link(std::string_view route) const;
};

}  // namespace authkit
