// authkit/jwt/unverified.hpp: decoding a token WITHOUT verifying it, for debugging only.
//
// Thread safety: a pure function; the result is a plain value.
#pragma once

#include <authkit/result.hpp>

#include <nlohmann/json.hpp>
#include <string_view>

namespace authkit {

/// The header and claims of a token that has NOT been verified. Nothing in it can be trusted:
/// anyone can write any claims. It is a different type from VerifiedClaims and does not
/// convert to it.
struct UnverifiedToken {
  nlohmann::json header{};  ///< The protected header, as sent.
  nlohmann::json claims{};  ///< The payload, as sent (it must be a JSON object).
};

/// Splits and decodes a compact JWS without checking its signature or claims. Strict
/// base64url and strict JSON (no duplicate members) still apply.
/// Errors: JWT_MALFORMED (not three segments, bad base64url, header or payload not a strict
/// JSON object), JWT_TOO_LARGE (over 8 KiB, or over the JSON depth/member caps).
[[nodiscard]] Result<UnverifiedToken> unsafe_decode_unverified(std::string_view token);

}  // namespace authkit
