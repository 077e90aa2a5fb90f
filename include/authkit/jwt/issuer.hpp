// authkit/jwt/issuer.hpp: signs JWTs with one active key.
//
// Thread safety: JwtIssuer is immutable after create() and safe to share; issue() may be
// called from any number of threads concurrently.
#pragma once

#include <authkit/clock.hpp>
#include <authkit/jwt/claims.hpp>
#include <authkit/jwt/jwk.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace authkit {

/// How a JwtIssuer stamps tokens. `lifetime` has no default on purpose: a token that lives
/// too long is a choice the caller must make visibly.
struct IssuerOptions {
  /// Token lifetime (exp = iat + lifetime). Required; must be positive.
  std::optional<std::chrono::seconds> lifetime{};
  /// `iss` claim; omitted when empty.
  std::string issuer{};
  /// `aud` claim: omitted when empty, a string for one entry, an array for several.
  std::vector<std::string> audience{};
  /// The `typ` header; "JWT" by default (use e.g. "at+jwt" for access tokens, RFC 9068).
  /// Empty omits the header.
  std::string typ = "JWT";
  /// Add a random 128-bit `jti` to each token.
  bool include_jti = false;
  /// Time source for iat/exp; the system clock when null.
  std::shared_ptr<const Clock> clock{};

  /// The longest accepted lifetime (10 years), which keeps exp a safe NumericDate.
  static constexpr std::chrono::seconds max_lifetime{10LL * 366 * 24 * 3600};
};

/// Signs tokens with its key: header `{alg, kid, typ}`, claims
/// `{iss?, sub, aud?, iat, exp, jti?, email?, name?, ...extra}`.
class JwtIssuer {
 public:
  /// Errors: INVALID_CONFIGURATION (no, non-positive or above max_lifetime lifetime, control
  /// characters in typ, non-UTF-8 issuer, empty audience entries),
  /// INVALID_KEY (key cannot sign).
  [[nodiscard]] static Result<JwtIssuer> create(Jwk signing_key, IssuerOptions options);

  /// Signs a token with the configured lifetime.
  /// Errors: INVALID_ARGUMENT (empty subject, invalid UTF-8, a registered or typed claim in
  /// `extra`, `extra` not an object or beyond the JSON caps, a token over 8 KiB),
  /// CRYPTO_FAILURE.
  [[nodiscard]] Result<std::string> issue(const TokenClaims& claims) const;
  /// As issue(), with a per-token lifetime. Errors additionally: INVALID_ARGUMENT if
  /// `lifetime` is not positive or exceeds IssuerOptions::max_lifetime.
  [[nodiscard]] Result<std::string> issue(const TokenClaims& claims,
                                          std::chrono::seconds lifetime) const;

  /// The signing key.
  [[nodiscard]] const Jwk& key() const noexcept;

 private:
  struct Impl;
  explicit JwtIssuer(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace authkit
