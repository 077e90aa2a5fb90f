// From an Authorization header to "who is calling", or to the 401 that says why not. The
// token itself is checked by authkit's JwtVerifier (directly, or through JwksCache); this
// file only reads the header and maps the verifier's error codes onto the API's:
//
//   no Authorization header                          MISSING_TOKEN
//   not "Bearer <token>", or not a compact JWS        MALFORMED_TOKEN  (JWT_MALFORMED)
//   exp has passed (after a valid signature)          TOKEN_EXPIRED    (JWT_EXPIRED)
//   anything else: signature, key, alg, iss, aud ...  INVALID_TOKEN
//
// A finer split (bad signature vs wrong audience) would tell an attacker which check failed;
// the log line keeps the exact authkit code for the operator.
#pragma once

#include <authkit/jwt.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace resource_server {

/// Verifies a compact JWS. Errors: the JWT_* codes of authkit::JwtVerifier::verify().
using VerifyToken = std::function<authkit::Result<authkit::VerifiedClaims>(std::string_view)>;

/// The outcome of authenticate(): a subject, or a 401 with its code and message.
struct Authentication {
  std::optional<std::string> subject{};  ///< set on success
  std::string code{};                    ///< MISSING_TOKEN, MALFORMED_TOKEN, ...
  std::string message{};                 ///< for the client
  std::string log_reason{};              ///< authkit's code (and claim), for the log only
  /// The WWW-Authenticate value (RFC 6750 §3): no error attribute when no token was sent.
  [[nodiscard]] std::string challenge() const;
};

/// `authorization` is the header's value, nullopt when absent, and `header_count` how often
/// it was sent (twice is malformed: which one would count?). A token without `sub` is
/// INVALID_TOKEN: it names nobody.
[[nodiscard]] Authentication authenticate(std::optional<std::string_view> authorization,
                                          std::size_t header_count, const VerifyToken& verify);

}  // namespace resource_server
