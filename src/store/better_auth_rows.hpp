// Private: how the SQL stores tell better-auth's rows from authkit's in the tables both use,
// for the adoption pass every open runs (sqlite/adopt.cpp, postgres/adopt.cpp; the why is in
// docs/migrating-from-better-auth.md). Each test is on the shape of the value alone, so the pass
// is idempotent by construction: what it writes never matches what it rewrites.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace authkit::store_detail {

/// A session token as better-auth 1.x stores it in "session"."token": its generateId(32), 32
/// characters of [A-Za-z0-9], in plain text. authkit stores hex(SHA-256(token)) there instead
/// (64 characters), so a value of this shape is never one of authkit's hashes.
[[nodiscard]] inline bool is_better_auth_session_token(std::string_view token) noexcept {
  constexpr std::size_t kLength = 32;
  return token.size() == kLength && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
         });
}

/// The start of every private key authkit seals (service/signing_keys.cpp's seal version,
/// "v1." + base64url). better-auth's "privateKey" is JSON: a quoted hex string, or a JWK object.
inline constexpr std::string_view kSealedKeyPrefix = "v1.";

/// The table of authkit's sealed signing keys, apart from better-auth's "jwks": better-auth's
/// /token signs with the newest "jwks" row and cannot parse an authkit one.
#define AUTHKIT_SIGNING_KEY_TABLE "authkit_signing_keys"

}  // namespace authkit::store_detail
