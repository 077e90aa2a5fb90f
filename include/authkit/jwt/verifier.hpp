// authkit/jwt/verifier.hpp: verifies compact JWS tokens and their claims.
//
// Thread safety: JwtVerifier is immutable after create() and safe to share; verify() may be
// called from any number of threads concurrently. OpenSSL contexts are reused per thread.
#pragma once

#include <authkit/clock.hpp>
#include <authkit/jwt/claims.hpp>
#include <authkit/jwt/jwk_set.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

/// The default cap on a compact token's size: what VerifyOptions::max_token_bytes starts at,
/// what unsafe_decode_unverified() accepts, and what JwtIssuer keeps its tokens under, so that
/// a token authkit issues is one authkit's defaults accept. 8 KiB also fits an HTTP header.
inline constexpr std::size_t default_max_token_bytes = 8 * 1024;

/// What a token must satisfy. Names follow panva/jose. Strict by default: `exp` is required,
/// a token carrying `aud` is rejected unless `audience` is set, and setting an expectation
/// makes that claim required.
struct VerifyOptions {
  /// Expected `iss` (exact, case-sensitive). When set, `iss` is required.
  std::optional<std::string> issuer{};
  /// Accepted audiences: the token's `aud` (string or array) must contain one of them. When
  /// empty, a token that carries `aud` is rejected (RFC 7519 §4.1.3).
  std::vector<std::string> audience{};
  /// Expected `typ` header, compared case-insensitively with an "application/" prefix ignored
  /// (RFC 7515 §4.1.9). When set, `typ` is required.
  std::optional<std::string> typ{};
  /// Expected `sub`. When set, `sub` is required.
  std::optional<std::string> subject{};
  /// Clock tolerance for exp/nbf/iat. At most max_leeway.
  std::chrono::seconds leeway{30};
  /// Tokens older than this (by `iat`) are rejected; requires `iat`.
  std::optional<std::chrono::seconds> max_token_age{};
  /// Claims that must be present (any JSON type).
  std::vector<std::string> required_claims{};
  /// Accepted algorithms. Empty means "the algorithms of the keys in the set". The header's
  /// alg must also equal the selected key's algorithm.
  std::vector<Algorithm> algorithms{};
  /// Tokens longer than this many bytes are rejected before any decoding.
  std::size_t max_token_bytes = default_max_token_bytes;
  /// `exp` is required unless this is set to false: an explicit, visible waiver.
  bool require_expiration = true;
  /// Time source; the system clock when null.
  std::shared_ptr<const Clock> clock{};

  /// The largest accepted leeway.
  static constexpr std::chrono::seconds max_leeway{300};
};

/// Verifies tokens against a key set. Checks, in order: size cap, exactly three segments,
/// strict base64url, header is a duplicate-free UTF-8 JSON object with a known `alg`, no
/// `crit`/`b64`/`jku`/`x5u`/`jwk`/`x5c`/`x5t`/`cty:JWT`, key by `kid` (or the single key for
/// the alg when there is no kid), alg equals the key's, signature (constant-time for MACs),
/// and only then the claims JSON and the claim rules.
class JwtVerifier {
 public:
  /// Errors: INVALID_CONFIGURATION (leeway negative or above max_leeway, non-positive
  /// max_token_age or max_token_bytes, an algorithm allowlist no key can satisfy, empty
  /// issuer/typ/subject/audience strings).
  [[nodiscard]] static Result<JwtVerifier> create(JwkSet keys, VerifyOptions options = {});

  /// Verifies `token`. On failure the Error's code says why: JWT_MALFORMED, JWT_TOO_LARGE,
  /// JWT_UNSUPPORTED_ALGORITHM, JWT_UNSUPPORTED_HEADER, JWT_UNKNOWN_KEY, JWT_BAD_SIGNATURE,
  /// JWT_EXPIRED, JWT_NOT_YET_VALID, JWT_CLAIM_MISMATCH / JWT_CLAIM_MISSING (claim() names
  /// the claim). An internal OpenSSL failure during the signature check is reported as
  /// JWT_BAD_SIGNATURE (fail closed). Use public_code() before showing a code to a client.
  [[nodiscard]] Result<VerifiedClaims> verify(std::string_view token) const;

  /// The key set.
  [[nodiscard]] const JwkSet& keys() const noexcept;
  /// The options in force.
  [[nodiscard]] const VerifyOptions& options() const noexcept;

 private:
  struct Impl;
  explicit JwtVerifier(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace authkit
