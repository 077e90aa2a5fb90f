// Private: the compact JWS layer (RFC 7515) shared by JwtVerifier, the unverified decoder and
// the vector tests: strict splitting and decoding, header policy, key selection, signature.
#pragma once

#include <authkit/jwt/jwk_set.hpp>
#include <authkit/jwt/verifier.hpp>

#include "json/strict_json.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authkit::jws {

/// The three segments of a compact JWS.
struct Segments {
  std::string_view header_b64;
  std::string_view payload_b64;
  std::string_view signature_b64;
  std::string_view signing_input;  ///< header_b64 "." payload_b64
};

/// The protected header members authkit acts on.
struct Header {
  Algorithm alg;
  std::optional<std::string> kid;
  std::optional<std::string> typ;
};

/// Splits `token` into exactly three segments. Errors: JWT_TOO_LARGE (over max_bytes),
/// JWT_MALFORMED (not three segments, empty header or signature).
Result<Segments> split(std::string_view token, std::size_t max_bytes);

/// Decodes and checks the header: strict base64url, strict JSON object, `alg` a supported
/// string (never "none"), `kid`/`typ` strings, and none of crit, b64, jku, x5u, jwk, x5c, x5t,
/// x5t#S256, zip, enc, or cty "JWT". Errors: JWT_MALFORMED, JWT_TOO_LARGE (JSON nesting or
/// member caps), JWT_UNSUPPORTED_ALGORITHM, JWT_UNSUPPORTED_HEADER.
Result<Header> parse_header(std::string_view header_b64);

/// Picks the key for a header: by kid if present, else the single key whose algorithm equals
/// the header's. The header's alg must equal the key's and be in `allowed` (when non-empty).
/// Errors: JWT_UNKNOWN_KEY, JWT_UNSUPPORTED_ALGORITHM.
Result<const Jwk*> select_key(const JwkSet& keys, const Header& header,
                              std::span<const Algorithm> allowed);

/// Checks the signature segment against `key`. Errors: JWT_MALFORMED (bad base64url),
/// JWT_BAD_SIGNATURE.
Result<void> check_signature(const Jwk& key, const Segments& segments);

/// The full JWS layer: split, header, key, signature; returns the decoded payload bytes
/// (any content). Errors: as the steps above.
Result<std::string> verify_compact(const JwkSet& keys, std::string_view token,
                                   std::size_t max_bytes = default_max_token_bytes,
                                   std::span<const Algorithm> allowed = {});

}  // namespace authkit::jws
