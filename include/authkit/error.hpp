// authkit/error.hpp: the error model shared by every part of authkit.
//
// Thread safety: all types here are values; distinct objects may be used from any thread.
// error_category() returns a singleton that is safe to use concurrently.
#pragma once

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace authkit {

/// Stable error codes. The UPPER_SNAKE name returned by errc_name() is part of the API and
/// never changes meaning; where better-auth has a code for the same failure we use its name,
/// so HTTP clients written for better-auth can branch on it.
enum class Errc : int {
  // --- account and request errors (better-auth names) ---
  invalid_email_or_password = 1,  ///< INVALID_EMAIL_OR_PASSWORD: sign-in failed (never says which)
  email_not_verified,             ///< EMAIL_NOT_VERIFIED
  invalid_email,                  ///< INVALID_EMAIL
  user_already_exists,            ///< USER_ALREADY_EXISTS
  user_not_found,                 ///< USER_NOT_FOUND
  password_too_short,             ///< PASSWORD_TOO_SHORT
  password_too_long,              ///< PASSWORD_TOO_LONG
  invalid_password,               ///< INVALID_PASSWORD
  invalid_token,                  ///< INVALID_TOKEN: a one-time or session token is not valid
  token_expired,                  ///< TOKEN_EXPIRED
  unauthorized,                   ///< UNAUTHORIZED
  session_expired,                ///< SESSION_EXPIRED
  session_not_fresh,              ///< SESSION_NOT_FRESH
  email_already_verified,         ///< EMAIL_ALREADY_VERIFIED
  email_mismatch,                 ///< EMAIL_MISMATCH
  invalid_origin,                 ///< INVALID_ORIGIN
  missing_or_null_origin,         ///< MISSING_OR_NULL_ORIGIN
  validation_error,               ///< VALIDATION_ERROR
  bad_request,                    ///< BAD_REQUEST
  too_many_requests,              ///< TOO_MANY_REQUESTS (better-auth sends 429 without a code)
  internal_server_error,          ///< INTERNAL_SERVER_ERROR
  password_too_weak,              ///< PASSWORD_TOO_WEAK: blocklisted, equals the email, or rules
  user_already_exists_use_another_email,  ///< USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL (HTTP 422)
  credential_account_not_found,           ///< CREDENTIAL_ACCOUNT_NOT_FOUND: user has no password
  email_can_not_be_updated,               ///< EMAIL_CAN_NOT_BE_UPDATED
  service_unavailable,   ///< SERVICE_UNAVAILABLE: password hashing queue full; retry later
  invalid_callback_url,  ///< INVALID_CALLBACK_URL: a callbackURL outside the trusted origins
  invalid_redirect_url,  ///< INVALID_REDIRECT_URL: a redirectTo outside the trusted origins
  forbidden,             ///< FORBIDDEN (HTTP 403): refused by the host's policy, e.g. a hook

  // --- JWT verification failures: distinguishable for logs and callers ---
  jwt_malformed = 100,  ///< JWT_MALFORMED: not a strict compact JWS / JSON object
  jwt_bad_signature,    ///< JWT_BAD_SIGNATURE: signature or MAC does not verify
  jwt_unknown_key,      ///< JWT_UNKNOWN_KEY: no key in the set matches kid/alg
  jwt_expired,          ///< JWT_EXPIRED: now >= exp + leeway
  jwt_not_yet_valid,    ///< JWT_NOT_YET_VALID: nbf or iat lies in the future
  jwt_claim_mismatch,   ///< JWT_CLAIM_MISMATCH: iss/aud/typ/... differ; Error::claim() names it
  jwt_claim_missing,    ///< JWT_CLAIM_MISSING: a required claim is absent; claim() names it
  jwt_unsupported_algorithm,  ///< JWT_UNSUPPORTED_ALGORITHM: alg unknown, "none", or not the key's
  jwt_unsupported_header,     ///< JWT_UNSUPPORTED_HEADER: crit, b64, jku, x5u, jwk, x5c, cty:JWT...
  jwt_too_large,              ///< JWT_TOO_LARGE: token exceeds max_token_bytes or nesting caps

  // --- configuration and infrastructure ---
  invalid_key = 200,      ///< INVALID_KEY: key material is malformed, inconsistent or unsupported
  weak_key,               ///< WEAK_KEY: key is below policy (short HMAC key, small RSA modulus)
  invalid_argument,       ///< INVALID_ARGUMENT: a caller-supplied value is out of range
  invalid_configuration,  ///< INVALID_CONFIGURATION: contradictory or unsafe options
  crypto_failure,         ///< CRYPTO_FAILURE: OpenSSL or the RNG failed; we fail closed
  storage_failure,        ///< STORAGE_FAILURE
  mail_failure,           ///< MAIL_FAILURE
  not_found,              ///< NOT_FOUND: a named item (file, environment variable) is absent
};

/// The stable UPPER_SNAKE name of `code`, e.g. "JWT_EXPIRED". Never fails; unknown values
/// give "UNKNOWN_ERROR".
[[nodiscard]] std::string_view errc_name(Errc code) noexcept;

/// Parses an UPPER_SNAKE name back to its code; nullopt if the name is unknown.
[[nodiscard]] std::optional<Errc> errc_from_name(std::string_view name) noexcept;

/// The code an HTTP response or an untrusted party may see. Every JWT_* code maps to
/// INVALID_TOKEN so a client cannot probe which check failed (no padding/format oracle);
/// configuration and infrastructure codes (INVALID_KEY ... NOT_FOUND) map to
/// INTERNAL_SERVER_ERROR; account and request codes map to themselves.
[[nodiscard]] Errc public_code(Errc code) noexcept;

/// The category for std::error_code interoperability; name() is "authkit".
[[nodiscard]] const std::error_category& error_category() noexcept;

/// Makes a std::error_code from an Errc (found by ADL).
[[nodiscard]] inline std::error_code make_error_code(Errc code) noexcept {
  return {static_cast<int>(code), error_category()};
}

/// A failure: a stable code, a message that is safe to show to end users, an optional
/// log-only detail (never secrets, but may name internal causes), and for claim failures the
/// name of the claim.
class Error {
 public:
  /// Builds an error; `message` defaults to a generic text for the code.
  explicit Error(Errc code, std::string message = {}, std::string detail = {});

  /// The stable code.
  [[nodiscard]] Errc code() const noexcept { return code_; }
  /// The code's UPPER_SNAKE name.
  [[nodiscard]] std::string_view name() const noexcept { return errc_name(code_); }
  /// A message that is safe to show to an end user.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// Extra context for logs only; may be empty. Never contains secrets or raw tokens.
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
  /// For JWT_CLAIM_MISMATCH / JWT_CLAIM_MISSING: the claim or header name ("aud", "typ").
  [[nodiscard]] const std::string& claim() const noexcept { return claim_; }
  /// Returns a copy of this error naming `claim`.
  [[nodiscard]] Error with_claim(std::string claim) const;
  /// For TOO_MANY_REQUESTS and SERVICE_UNAVAILABLE: how long the caller should wait before
  /// retrying (an HTTP adapter sends it as Retry-After); zero when not applicable.
  [[nodiscard]] std::chrono::seconds retry_after() const noexcept { return retry_after_; }
  /// Returns a copy of this error carrying `retry_after`.
  [[nodiscard]] Error with_retry_after(std::chrono::seconds retry_after) const;
  /// The code as a std::error_code.
  [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code_); }

  friend bool operator==(const Error& a, Errc b) noexcept { return a.code_ == b; }

 private:
  Errc code_;
  std::string message_;
  std::string detail_;
  std::string claim_;
  std::chrono::seconds retry_after_{0};
};

/// Thrown only by Result<T>::value() on an error (and by nothing else in authkit).
class Exception : public std::exception {
 public:
  explicit Exception(Error error);
  /// The carried error.
  [[nodiscard]] const Error& error() const noexcept { return error_; }
  /// "<NAME>: <message>", then " (<detail>)" when the error has a detail: an uncaught
  /// exception, or a log of what(), then says what went wrong, not only which kind of error.
  /// The detail is log-safe by contract (it never holds secrets), but it is not for clients.
  [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }

 private:
  Error error_;
  std::string what_;
};

}  // namespace authkit

template <>
struct std::is_error_code_enum<authkit::Errc> : std::true_type {};
