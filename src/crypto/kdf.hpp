// Private: HKDF-SHA256 (RFC 5869), which turns one configured secret into independent keys
// for independent jobs (so the cookie-signing secret never directly keys the key vault).
#pragma once

#include <authkit/result.hpp>

#include <array>
#include <span>
#include <string_view>

namespace authkit::kdf {

/// HKDF-SHA256(ikm, salt, info) truncated to 32 bytes. Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<std::array<unsigned char, 32>> hkdf_sha256(std::span<const unsigned char> ikm,
                                                                std::string_view salt,
                                                                std::string_view info);

}  // namespace authkit::kdf
