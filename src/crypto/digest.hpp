// Private: SHA-256, the hash under which session and one-time tokens are stored, and
// HMAC-SHA256.
#pragma once

#include <authkit/result.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace authkit::digest {

/// SHA-256 of `data`. Never fails (EVP_Digest on SHA-256 cannot fail without a broken
/// OpenSSL; if it does, the process aborts rather than storing a wrong hash).
[[nodiscard]] std::array<unsigned char, 32> sha256(std::span<const unsigned char> data);
/// Lowercase hex SHA-256 of the bytes of `text` (64 characters): how tokens are stored.
[[nodiscard]] std::string sha256_hex(std::string_view text);
/// HMAC-SHA256(key, data): the pepper and the cookie signatures. Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<std::array<unsigned char, 32>> hmac_sha256(std::span<const unsigned char> key,
                                                                std::string_view data);

}  // namespace authkit::digest
