// Private: every cap jwt puts on its inputs, named once (security checklist A9, B4). The
// token size cap is public: authkit::default_max_token_bytes in <authkit/jwt/verifier.hpp>.
#pragma once

#include "json/strict_json.hpp"

#include <cstddef>

namespace authkit::detail {

/// JSON caps for a token's header and claims, also enforced when issuing extra claims and
/// when decoding unverified tokens: the strict parser's defaults (json::Limits).
inline constexpr json::Limits kTokenJsonLimits{};

/// A single JWK's text (Jwk::parse) and its JSON caps.
inline constexpr std::size_t kMaxJwkBytes = 64 * 1024;
inline constexpr json::Limits kJwkJsonLimits = kTokenJsonLimits;

/// A PEM key (Jwk::from_pem).
inline constexpr std::size_t kMaxPemBytes = 64 * 1024;

/// A JWKS document (JwkSet::parse_public/parse_private): 1 MiB and 1024 keys.
inline constexpr std::size_t kMaxJwksBytes = 1024 * 1024;
inline constexpr json::Limits kJwksJsonLimits{.max_depth = kTokenJsonLimits.max_depth,
                                              .max_members = kTokenJsonLimits.max_members,
                                              .max_elements = 1024};

/// RSA modulus sizes accepted on import and offered by Jwk::generate (bits).
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 8192;

}  // namespace authkit::detail
