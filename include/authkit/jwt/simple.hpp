// authkit/jwt/simple.hpp: the one-call JWT helpers: HS256 with a secret from AUTH_JWT_SECRET,
// a 15-minute lifetime and the payload {sub, email, name}.
//
// Thread safety: SimpleJwt is immutable and safe to share. The free functions read the
// environment on every call and are safe to call concurrently as long as nothing modifies
// the environment at the same time.
#pragma once

#include <authkit/clock.hpp>
#include <authkit/jwt/claims.hpp>
#include <authkit/jwt/issuer.hpp>
#include <authkit/jwt/verifier.hpp>
#include <authkit/secret.hpp>
#include <authkit/user.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace authkit {

/// The environment variable the helpers read their HMAC secret from.
inline constexpr const char* jwt_secret_env = "AUTH_JWT_SECRET";
/// The lifetime of tokens made by the helpers.
inline constexpr std::chrono::minutes simple_jwt_lifetime{15};

/// An HS256 issuer and verifier pair over one secret. Tokens carry {sub, email, name, iat,
/// exp}, typ "JWT", and live simple_jwt_lifetime.
class SimpleJwt {
 public:
  /// Errors: WEAK_KEY if the secret is shorter than 32 bytes.
  [[nodiscard]] static Result<SimpleJwt> create(const Secret& secret,
                                                std::shared_ptr<const Clock> clock = nullptr);
  /// Reads the secret from AUTH_JWT_SECRET. Errors: NOT_FOUND (unset), WEAK_KEY (< 32 bytes).
  [[nodiscard]] static Result<SimpleJwt> from_env(std::shared_ptr<const Clock> clock = nullptr);

  /// A token for `user` (sub = id, email, name). Errors: INVALID_ARGUMENT (empty id).
  [[nodiscard]] Result<std::string> issue(const User& user) const;
  /// Verifies a token made by issue(). Errors: the JWT_* codes of JwtVerifier::verify().
  [[nodiscard]] Result<VerifiedClaims> verify(std::string_view token) const;

 private:
  SimpleJwt(JwtIssuer issuer, JwtVerifier verifier) noexcept
      : issuer_(std::move(issuer)), verifier_(std::move(verifier)) {}
  JwtIssuer issuer_;
  JwtVerifier verifier_;
};

/// SimpleJwt::from_env() then issue(user). Errors: NOT_FOUND / WEAK_KEY (AUTH_JWT_SECRET unset
/// or shorter than 32 bytes), INVALID_ARGUMENT.
[[nodiscard]] Result<std::string> issue_simple_jwt(const User& user);
/// SimpleJwt::from_env() then verify(token). Errors: NOT_FOUND / WEAK_KEY as above, and the
/// JWT_* codes of JwtVerifier::verify(). Builds the key on every call: services that verify
/// many tokens should keep one SimpleJwt.
[[nodiscard]] Result<VerifiedClaims> verify_simple_jwt(std::string_view token);

}  // namespace authkit
