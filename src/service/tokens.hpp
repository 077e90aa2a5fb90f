// Private: identifiers and opaque tokens made by the account flows.
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace authkit::tokens {

/// Raw bytes behind every session and one-time token: 256 bits (issue 3; ASVS asks >= 64).
inline constexpr std::size_t token_bytes = 32;

/// A fresh opaque token: token_bytes from RAND_bytes, base64url without padding (43 chars).
/// Errors: CRYPTO_FAILURE (fails closed).
[[nodiscard]] Result<std::string> new_token();

/// A fresh 32-character [A-Za-z0-9] identifier, better-auth's id shape (about 190 bits).
/// Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<std::string> new_id();

/// Whether `token` has the shape new_token() makes (43 base64url characters), or better-auth's
/// (32 of them; see docs/migrating-from-better-auth.md). Tokens of any other shape are refused
/// before they are hashed or looked up.
[[nodiscard]] bool looks_like_token(std::string_view token) noexcept;

/// What is stored for a token: lowercase hex SHA-256.
[[nodiscard]] std::string storage_hash(std::string_view token);

}  // namespace authkit::tokens
