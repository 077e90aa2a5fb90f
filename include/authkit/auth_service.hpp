// authkit/auth_service.hpp: the account and session flows (sign-up, sign-in, sessions, email
// verification, password reset and change, the session -> JWT exchange), on any Store.
//
// Thread safety: one AuthService is meant to be shared by every request thread; all member
// functions are const and may be called concurrently. Password hashing is bounded by the
// hasher's semaphore; session lookups never wait for it.
#pragma once

#include <authkit/audit.hpp>
#include <authkit/clock.hpp>
#include <authkit/jwt/jwk_set.hpp>
#include <authkit/mail.hpp>
#include <authkit/mail_queue.hpp>
#include <authkit/password/hasher.hpp>
#include <authkit/password/policy.hpp>
#include <authkit/rate_limit.hpp>
#include <authkit/result.hpp>
#include <authkit/store/store.hpp>
#include <authkit/user.hpp>

#include <nlohmann/json_fwd.hpp>  // the JWKS and jwt.claims; JSON users include json.hpp

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

class JwtVerifier;     // <authkit/jwt/verifier.hpp>
struct VerifyOptions;  // <authkit/jwt/verifier.hpp>
namespace detail {
struct AuthServiceImpl;  // AuthService's state: private, defined in src/service/state.hpp
}

/// Who is asking: the transport fills it in (the client address should come from
/// TrustedProxies::client_address()). Both fields are recorded on sessions and audit events.
struct RequestContext {
  std::string ip_address{};  ///< Client address; empty if unknown (shares one rate bucket).
  std::string user_agent{};  ///< Client user agent; may be empty.
  /// Set by a transport that already counted this request for the same path with
  /// AuthService::check_rate_limit() (http::Handler does), so the flows do not count it twice.
  bool rate_limit_counted = false;
};

/// What a duplicate sign-up answers when no session would be returned anyway.
enum class DuplicateSignUp {
  /// better-auth's enumeration-safe answer: success with a synthetic user that is never
  /// stored, and an "existing-account" notice mailed to the real owner.
  conceal,
  /// USER_ALREADY_EXISTS, for products that prefer a clear message over enumeration safety.
  reject,
};

/// How long sessions live (AuthServiceOptions::sessions).
struct SessionOptions {
  /// Session lifetime (better-auth's expiresIn): 7 days.
  std::chrono::seconds expires_in{7 * 24 * 3600};
  /// A session is slid forward to now + expires_in once this much time has passed since it
  /// was created or last slid (better-auth's updateAge): 1 day. Zero slides on every
  /// get_session(); a value of expires_in or more turns sliding off.
  std::chrono::seconds update_age{24 * 3600};
  /// Absolute cap on a session's life: sliding never extends it past created_at + this
  /// (ASVS 3.3.2; better-auth has no cap). 30 days.
  std::chrono::seconds max_lifetime{30 * 24 * 3600};
  /// Lifetime of a remember_me=false session, which never slides: 1 day.
  std::chrono::seconds short_expires_in{24 * 3600};
};

/// Email verification (AuthServiceOptions::email_verification).
struct EmailVerificationOptions {
  /// Sign-in is refused with EMAIL_NOT_VERIFIED until the address is verified.
  bool required = true;
  /// Send a verification mail on sign-up (defaults to `required` when unset).
  std::optional<bool> send_on_sign_up{};
  /// Verification token lifetime: 1 hour.
  std::chrono::seconds expires_in{3600};
};

/// Sign-up behaviour (AuthServiceOptions::sign_up).
struct SignUpOptions {
  /// Start a session at sign-up when verification is not required.
  bool auto_sign_in = true;
  /// Duplicate sign-up behaviour when sign-up would return no session (verification required
  /// or auto_sign_in off); otherwise duplicates always get USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL.
  DuplicateSignUp on_duplicate = DuplicateSignUp::conceal;
};

/// Passwords: hashing, policy, reset (AuthServiceOptions::passwords).
struct PasswordOptions {
  /// Argon2id parameters, pepper, concurrency bound.
  PasswordHasherOptions hashing{};
  /// Which new passwords are accepted.
  PasswordPolicyOptions policy{};
  /// Password reset token lifetime: 1 hour.
  std::chrono::seconds reset_expires_in{3600};
  /// Mail a "password changed" notice after a change or reset.
  bool notify_on_change = true;
};

/// Mail delivery (AuthServiceOptions::mail).
struct MailOptions {
  /// Delivers verification and reset mails (ConsoleMailService for development). Required.
  std::shared_ptr<MailService> service{};
  /// Where the mail work of anonymous requests runs: sign-up's verification mail or
  /// existing-account notice, send_verification_email() without a session, and
  /// request_password_reset(). With a queue, the request only counts the per-address mail cap
  /// and posts the rest (finding the account, making the token, sending), so it takes the same
  /// time whether or not the address has an account; failures are then audited (mail_failed)
  /// instead of returned. Without one (the default) that work runs inline, its errors are
  /// returned as documented on each flow, and its duration shows in the answer. Servers
  /// should set one; close it at shutdown so queued mail is sent.
  std::shared_ptr<MailQueue> queue{};
  /// Subjects and bodies.
  MailTemplates templates{};
};

/// Request limits and sign-in throttling (AuthServiceOptions::rate_limits).
struct RateLimitOptions {
  /// Request limits per client and operation; see RateLimiterOptions.
  RateLimiterOptions requests{};
  /// Failed sign-in throttling per account and per known device.
  SignInThrottleOptions sign_in_throttle{};
  /// Lifetime of the device token a successful sign-in hands out (SignInResult::device_token;
  /// http::Handler keeps it in the device cookie): 30 days. While it lives, sign-ins that
  /// present it are throttled only by their own failures, not by the account's.
  std::chrono::seconds device_token_expires_in{30 * 24 * 3600};
  /// Verification and reset mails per address (whatever the client address), so rotating
  /// clients cannot flood one mailbox: 3 per hour. Requests over it are answered as usual
  /// but send nothing.
  RateLimitRule mail_per_address{.max = 3, .window = std::chrono::seconds(3600)};
};

/// The session -> JWT exchange and its keys (AuthServiceOptions::jwt).
struct JwtOptions {
  /// The private key that signs issue_jwt() tokens. When unset, the key comes from
  /// stores.signing_keys (see key_secret) or, without one, is generated for this process
  /// only (tokens then stop verifying when it restarts).
  std::optional<Jwk> signing_key{};
  /// Retired keys still published by jwks() next to signing_key, so tokens they signed
  /// verify until they expire (manual key rotation). Only their public halves are used.
  std::vector<Jwk> previous_keys{};
  /// Keeps the signing key in stores.signing_keys, its private half sealed (AES-256-GCM)
  /// under a key derived from this secret (HKDF-SHA256), so every process and restart signs
  /// with the same key and the JWKS stays stable. Pass the secret that signs your cookies;
  /// the derivation keeps the two uses apart (authkit::Auth does this for you). When the
  /// stored key does not open under the secret (it was rotated), a new key is made and the
  /// old public key stays in the JWKS for expires_in. Ignored when signing_key is set.
  std::shared_ptr<const Secret> key_secret{};
  /// The algorithm of keys the service generates: EdDSA (Ed25519), as better-auth. ES256,
  /// ES384, ES512, RS256..PS512 work too; HS* is refused (its key would be in the JWKS).
  Algorithm algorithm = Algorithm::EdDSA;
  /// `iss` of issued JWTs; the origin of base_url when empty.
  std::string issuer{};
  /// `aud` of issued JWTs; the origin of base_url when empty.
  std::string audience{};
  /// Lifetime of issued JWTs: 15 minutes.
  std::chrono::seconds expires_in{15 * 60};
  /// Extra claims for issue_jwt(); called with the session's user. Must not return the
  /// registered claims (sub, iss, aud, exp, nbf, iat, jti), which are refused.
  std::function<nlohmann::json(const User&)> claims{};
};

/// The JSON type of an extra user field.
enum class FieldType {
  string,   ///< A UTF-8 string (at most 2048 bytes, no control or bidi-override characters).
  number,   ///< A finite JSON number (held as a double).
  boolean,  ///< true or false.
};

/// An extra user field (better-auth's `user.additionalFields`): stored with the user, returned
/// as a top-level property of the user JSON, optionally set at sign-up and update-user, and
/// optionally a JWT claim. Declared in AuthServiceOptions::user_fields; changing the
/// declarations never needs a schema change (the stores keep every field in one JSON column).
struct UserField {
  /// The JSON property name: [A-Za-z_][A-Za-z0-9_]*, at most 64 bytes, none of the user
  /// object's own keys (id, email, name, image, emailVerified, createdAt, updatedAt).
  std::string name{};
  /// The type every value must have (null is allowed unless `required`).
  FieldType type = FieldType::string;
  /// The value a sign-up that does not give the field stores, and what the field reads as for
  /// users stored before it was declared. nullptr: no default.
  FieldValue default_value = nullptr;
  /// A sign-up must give a non-null value when there is no default, and no one may set it
  /// to null.
  bool required = false;
  /// Whether clients may set it (sign-up and update-user). false: only the default is stored
  /// and a request that gives it is refused (better-auth's `input: false`), e.g. a role.
  bool input = true;
  /// Put the field in issue_jwt() tokens as a claim of the same name (when not null). The
  /// name must then not be a claim the service sets (sub, iss, aud, exp, nbf, iat, jti, email,
  /// name).
  bool in_jwt = false;
};

/// What a before_sign_up hook sees of a sign-up: everything but the password.
struct SignUpAttempt {
  std::string email{};                 ///< Normalised (trimmed, lower-case).
  std::string name{};                  ///< Display name, as requested.
  std::optional<std::string> image{};  ///< Avatar URL, as requested.
  UserFields fields{};                 ///< Extra fields, checked, with defaults applied.
};

/// The host's code around the flows (better-auth's hooks and databaseHooks), in
/// AuthServiceOptions::hooks. Each is optional and runs on the calling thread, possibly on
/// many threads at once, so it must be thread-safe; it must not throw (http::Handler would
/// answer 500). A before hook refuses by returning an Error: the flow stops, answers that
/// error (its code picks the HTTP status; FORBIDDEN gives 403), and audits the refusal with the
/// reason REFUSED_BY_HOOK. After hooks only observe. No hook ever sees a password or a token.
struct HookOptions {
  /// Before an account is created, after the input was validated and before the password is
  /// hashed (a refusal costs no hashing). E.g. invitation-only sign-up, blocked domains.
  std::function<Result<void>(const SignUpAttempt&, const RequestContext&)> before_sign_up{};
  /// After an account was created and its verification mail handed on (not for a concealed
  /// duplicate sign-up, which creates nothing).
  std::function<void(const User&, const RequestContext&)> after_sign_up{};
  /// Before a sign-in looks at the password, with the normalised email.
  std::function<Result<void>(std::string_view email, const RequestContext&)> before_sign_in{};
  /// After a successful sign-in, with the new session.
  std::function<void(const User&, const Session&, const RequestContext&)> after_sign_in{};
  /// Before any session is created for `user`: at sign-in, at sign-up's auto sign-in (the
  /// account then exists without a session), and for change-password's replacement session.
  /// E.g. refuse suspended users.
  std::function<Result<void>(const User&, const RequestContext&)> before_session_create{};
  /// After a session was stored.
  std::function<void(const Session&, const User&, const RequestContext&)> after_session_create{};
};

/// Options for AuthService::create(). Only `stores`, `mail.service` and `base_url` are
/// required; authkit::Auth (<authkit/auth.hpp>) fills in `stores` from a URL.
struct AuthServiceOptions {
  /// Where users, sessions, tokens and counters live (Stores::of(open_store(url).value())...).
  Stores stores{};
  /// Audit events go here; none when null.
  std::shared_ptr<AuditSink> audit{};
  /// Time source; SystemClock when null.
  std::shared_ptr<const Clock> clock{};

  /// The absolute URL the auth API is served at, e.g. "https://app.example.com/api/v1/auth".
  /// Every link in a mail is built from it, never from request headers. Must be http(s)
  /// with a host, no query or fragment; a trailing '/' is dropped.
  std::string base_url{};

  /// Origins (besides base_url's) that callbackURL / redirectTo links may point to, e.g.
  /// "https://app.example.com", or with a wildcard label "https://*.example.com". Relative
  /// paths ("/welcome") are always allowed; anything else is refused, so a genuine mail can
  /// never redirect (or leak its token) to a foreign site.
  std::vector<std::string> trusted_origins{};

  SessionOptions sessions{};                      ///< Session lifetimes and sliding.
  EmailVerificationOptions email_verification{};  ///< Whether and how addresses are verified.
  SignUpOptions sign_up{};                        ///< Auto sign-in, duplicate answers.
  PasswordOptions passwords{};                    ///< Hashing, policy, resets.
  MailOptions mail{};                             ///< The mail service, queue, templates.
  RateLimitOptions rate_limits{};                 ///< Request limits, sign-in throttle.
  JwtOptions jwt{};                               ///< Keys and claims of issue_jwt().
  HookOptions hooks{};                            ///< Your code before and after the flows.
  /// Extra user fields (better-auth's user.additionalFields); none by default.
  std::vector<UserField> user_fields{};
};

/// Input of sign_up().
struct SignUpRequest {
  std::string email{};                 ///< Address; trimmed and lower-cased.
  std::string password{};              ///< UTF-8 password.
  std::string name{};                  ///< Display name (may be empty; at most 256 bytes).
  std::optional<std::string> image{};  ///< Avatar URL.
  bool remember_me = true;             ///< For the auto sign-in session.
  std::string callback_url{};          ///< Where the verification link should lead afterwards.
  /// Extra fields (see AuthServiceOptions::user_fields); those left out get their default.
  UserFields fields{};
};

/// A session together with its user; what get_session() returns.
struct SessionView {
  Session session{};       ///< The session row (token_hash, never the token).
  User user{};             ///< Its user.
  bool refreshed = false;  ///< True when this call slid the expiry (re-send the cookie).
};

/// A new session: the raw token is handed out exactly once, here.
struct NewSession {
  std::string token{};  ///< The raw session token (>= 256 bits, base64url). Secret.
  Session session{};    ///< The stored row.
};

/// Result of sign_up().
struct SignUpResult {
  User user{};                          ///< The new (or, when concealed, a synthetic) user.
  std::optional<NewSession> session{};  ///< Set when auto sign-in started a session.
};

/// Result of sign_in().
struct SignInResult {
  User user{};           ///< The signed-in user.
  NewSession session{};  ///< The new session.
  /// A fresh device token for this account (raw, secret; only its hash is stored), to present
  /// as SignInRequest::device_token on this device's next sign-in. It replaces the one the
  /// request presented. Empty if it could not be stored (the sign-in still succeeded).
  std::string device_token{};
};

/// Input of sign_in().
struct SignInRequest {
  std::string email{};      ///< Address (normalised like sign-up).
  std::string password{};   ///< Password.
  bool remember_me = true;  ///< false: a short session that never slides.
  /// The device token this device received from its last successful sign-in, if any. When it
  /// is valid for this account, the attempt is throttled only by this device's own failures,
  /// so strangers guessing the password cannot lock the owner out. Anything else (empty,
  /// malformed, expired, revoked, another account's) is ignored: the account-wide throttle
  /// applies, as for any new device.
  std::string device_token{};
};

/// Input of change_password().
struct ChangePasswordRequest {
  std::string current_password{};  ///< Must verify.
  std::string new_password{};      ///< Checked against the policy.
  /// End every session and start a new one for the caller (better-auth's revokeOtherSessions).
  bool revoke_other_sessions = false;
};

/// Result of change_password(); `session` is set when other sessions were revoked.
struct ChangePasswordResult {
  User user{};                          ///< The user.
  std::optional<NewSession> session{};  ///< The replacement session, if any.
};

/// Input of update_user(): fields left unset stay as they are.
struct UserUpdate {
  std::optional<std::string> name{};                  ///< New display name.
  std::optional<std::optional<std::string>> image{};  ///< New image URL, or nullopt to clear.
  /// Extra fields to set (input fields only); the others keep their values.
  UserFields fields{};
};

/// Input of send_verification_email().
struct VerificationEmailRequest {
  std::string email{};         ///< The address to verify.
  std::string callback_url{};  ///< Where the link leads after verifying (see trusted_origins).
  /// The caller's session token when signed in: the address must then be the session user's,
  /// and failures are reported instead of concealed. Empty for anonymous callers.
  std::string session_token{};
};

/// Input of request_password_reset().
struct PasswordResetRequest {
  std::string email{};        ///< The account's address.
  std::string redirect_to{};  ///< Carried in the link as callbackURL (see trusted_origins).
};

/// Input of reset_password().
struct ResetPasswordRequest {
  std::string token{};         ///< The raw token from the reset link. Secret.
  std::string new_password{};  ///< Checked against the policy.
};

/// The account and session flows. Create one per application and share it.
///
/// Error conventions for every flow: STORAGE_FAILURE / MAIL_FAILURE / CRYPTO_FAILURE when a
/// dependency fails (nothing half-done is left: e.g. a reset token whose mail failed is
/// revoked), TOO_MANY_REQUESTS (with retry_after) when a rate limit refuses, SERVICE_UNAVAILABLE
/// when password hashing is saturated. Raw tokens and passwords never appear in errors, logs
/// or audit events.
class AuthService {
 public:
  /// Validates the options and builds the service. Errors: INVALID_CONFIGURATION (missing
  /// stores or mail, bad base_url, invalid password or rate-limit options, a JWT signing key
  /// without its private half, previous keys whose kids clash, a user field with a bad or
  /// duplicate name, a default of the wrong type, or an in_jwt name the JWT sets itself: the
  /// message names the field).
  [[nodiscard]] static Result<AuthService> create(AuthServiceOptions options);

  /// Creates an account. Errors: INVALID_EMAIL, PASSWORD_TOO_SHORT/LONG/WEAK,
  /// VALIDATION_ERROR (name or image too long; an extra field that is not declared, not an
  /// input field, of the wrong type, too long, or required and missing: the message names
  /// it), INVALID_CALLBACK_URL (see trusted_origins),
  /// USER_ALREADY_EXISTS (sign_up.on_duplicate reject) or USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL
  /// (duplicate with auto sign-in), MAIL_FAILURE (the account is not created).
  [[nodiscard]] Result<SignUpResult> sign_up(const SignUpRequest& request,
                                             const RequestContext& context = {}) const;

  /// Checks email and password and starts a session. Unknown email and wrong password are
  /// indistinguishable (same error, same hashing work). A sign-in that races a password reset
  /// or change never leaves a session behind. A legacy or outdated hash is replaced
  /// by a current Argon2id hash. Errors: INVALID_EMAIL_OR_PASSWORD, EMAIL_NOT_VERIFIED (the
  /// password was right, so only someone who knows it learns the account is unverified; a
  /// fresh verification mail is not sent), INVALID_EMAIL,
  /// PASSWORD_TOO_LONG, TOO_MANY_REQUESTS (rate limit or account throttle).
  [[nodiscard]] Result<SignInResult> sign_in(const SignInRequest& request,
                                             const RequestContext& context = {}) const;

  /// Ends the session of `session_token` (idempotent: an unknown token is a success).
  [[nodiscard]] Result<void> sign_out(std::string_view session_token,
                                      const RequestContext& context = {}) const;

  /// The live session of `session_token` and its user, or nullopt when the token is unknown,
  /// expired or malformed. Slides the expiry as sessions.update_age says. Never hashes a
  /// password and never waits for one.
  [[nodiscard]] Result<std::optional<SessionView>> get_session(
      std::string_view session_token, const RequestContext& context = {}) const;

  /// The live sessions of the caller's user, newest first. Errors: UNAUTHORIZED.
  [[nodiscard]] Result<std::vector<Session>> list_sessions(std::string_view session_token) const;

  /// Ends the caller's session with id `session_id` (one of list_sessions()). A session that
  /// does not exist or belongs to someone else is ignored (success). Errors: UNAUTHORIZED.
  [[nodiscard]] Result<void> revoke_session(std::string_view session_token,
                                            std::string_view session_id,
                                            const RequestContext& context = {}) const;
  /// Ends every session of the caller, including this one. Errors: UNAUTHORIZED.
  [[nodiscard]] Result<void> revoke_sessions(std::string_view session_token,
                                             const RequestContext& context = {}) const;
  /// Ends every session of the caller except this one. Errors: UNAUTHORIZED.
  [[nodiscard]] Result<void> revoke_other_sessions(std::string_view session_token,
                                                   const RequestContext& context = {}) const;

  /// Mails a new verification link to `request.email` if it names an unverified account;
  /// answers the same (success) for unknown and verified addresses, so it reveals nothing.
  /// With a `request.session_token`, the email must be the session user's: EMAIL_MISMATCH,
  /// EMAIL_ALREADY_VERIFIED and MAIL_FAILURE are then reported; without one, a failed mail is
  /// only audited. Errors also: INVALID_EMAIL, INVALID_CALLBACK_URL, TOO_MANY_REQUESTS.
  [[nodiscard]] Result<void> send_verification_email(const VerificationEmailRequest& request,
                                                     const RequestContext& context = {}) const;

  /// Redeems a verification token (single use) and marks the address verified. Returns the
  /// user. Errors: INVALID_TOKEN (unknown, spent, or the address changed), TOKEN_EXPIRED,
  /// USER_NOT_FOUND.
  [[nodiscard]] Result<User> verify_email(std::string_view token,
                                          const RequestContext& context = {}) const;

  /// Mails a reset link when `request.email` has an account; otherwise does comparable work
  /// and answers the same, also when the mail fails (the failure is audited and the token
  /// revoked). Never changes or locks the account. `request.redirect_to` is carried in the link as
  /// callbackURL. Errors: INVALID_EMAIL, INVALID_REDIRECT_URL, TOO_MANY_REQUESTS.
  [[nodiscard]] Result<void> request_password_reset(const PasswordResetRequest& request,
                                                    const RequestContext& context = {}) const;

  /// Checks a reset token without spending it (for the GET link that leads to the form).
  /// Errors: INVALID_TOKEN, TOKEN_EXPIRED.
  [[nodiscard]] Result<void> check_reset_token(std::string_view token) const;

  /// Sets a new password with a reset token (single use). Revokes every session of the user
  /// and every other outstanding reset token, and mails a notice. Does not sign in.
  /// Errors: INVALID_TOKEN (unknown, spent, expired), PASSWORD_TOO_SHORT/LONG/WEAK (the token
  /// is not spent then).
  [[nodiscard]] Result<void> reset_password(const ResetPasswordRequest& request,
                                            const RequestContext& context = {}) const;

  /// Changes the caller's password after checking the current one. Errors: UNAUTHORIZED,
  /// INVALID_PASSWORD, PASSWORD_TOO_SHORT/LONG/WEAK, CREDENTIAL_ACCOUNT_NOT_FOUND,
  /// TOO_MANY_REQUESTS.
  [[nodiscard]] Result<ChangePasswordResult> change_password(
      std::string_view session_token, const ChangePasswordRequest& request,
      const RequestContext& context = {}) const;

  /// Updates name, image and/or extra input fields. Errors: UNAUTHORIZED, VALIDATION_ERROR
  /// (nothing to update, a value too long, or an extra field refused as for sign_up()).
  [[nodiscard]] Result<User> update_user(std::string_view session_token,
                                         const UserUpdate& update) const;

  /// Exchanges a live session for a short-lived JWT: `sub` = user id, `email`, `name`, `iss`,
  /// `aud`, `iat`, `exp` (jwt.expires_in), the non-null user fields marked in_jwt, plus
  /// jwt.claims() (which wins over a user field of the same name). Errors: UNAUTHORIZED.
  [[nodiscard]] Result<std::string> issue_jwt(std::string_view session_token) const;

  /// The public JWKS document of the JWT keys ({"keys":[...]}), for a /jwks endpoint.
  [[nodiscard]] const nlohmann::json& jwks() const noexcept;
  /// The public JWT verification keys (signing key first, then jwt.previous_keys), e.g. to
  /// build a JwtVerifier in-process.
  [[nodiscard]] const JwkSet& jwt_keys() const noexcept;

  /// A verifier for the JWTs issue_jwt() hands out (include <authkit/jwt/verifier.hpp> to use
  /// it), for JWT-protected routes in this process:
  /// jwt_keys(), the service's clock, and `iss` and `aud` as jwt.issuer and jwt.audience
  /// unless `options` sets them (every other VerifyOptions rule applies as given). A service
  /// elsewhere fetches the JWKS instead (docs/protecting-routes.md). Errors:
  /// INVALID_CONFIGURATION, as JwtVerifier::create().
  [[nodiscard]] Result<JwtVerifier> jwt_verifier(VerifyOptions options) const;
  /// jwt_verifier() with default VerifyOptions.
  [[nodiscard]] Result<JwtVerifier> jwt_verifier() const;

  /// Counts one request from `context`'s client to `path` (e.g. "/sign-in/email") against
  /// the rate limits and audits a refusal (rate_limited). For transports: http::Handler calls
  /// it for every request, then sets RequestContext::rate_limit_counted before calling a flow.
  /// Errors: TOO_MANY_REQUESTS (retry_after set), STORAGE_FAILURE.
  [[nodiscard]] Result<void> check_rate_limit(std::string_view path,
                                              const RequestContext& context) const;

  /// The rate limiter, so a transport can apply the same limits to its other routes.
  [[nodiscard]] const RateLimiter& rate_limiter() const noexcept;
  /// The options in force (with defaults filled in).
  [[nodiscard]] const AuthServiceOptions& options() const noexcept;

  /// Deletes expired sessions, stale tokens and idle counters (call it now and then).
  /// Errors: STORAGE_FAILURE.
  [[nodiscard]] Result<void> purge_expired() const;

 private:
  using Impl = detail::AuthServiceImpl;
  explicit AuthService(std::shared_ptr<const Impl> state) noexcept : impl_(std::move(state)) {}
  std::shared_ptr<const Impl> impl_;
};

/// Normalises an email address for storage and lookup: trims ASCII blanks and lower-cases it.
/// Errors: INVALID_EMAIL unless it has one '@', a non-empty local part of at most 64 bytes, a
/// domain with a dot, only printable ASCII without blanks or control characters, and at most
/// 254 bytes in all.
[[nodiscard]] Result<std::string> normalize_email(std::string_view email);

}  // namespace authkit
