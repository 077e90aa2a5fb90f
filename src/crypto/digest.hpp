// Private: SHA-256, the hash under which session and one-time tokens are stored.
#pragma once

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

}  // namespace authkit::digest
