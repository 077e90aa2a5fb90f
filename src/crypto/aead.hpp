// Private: AES-256-GCM sealing of small secrets at rest (the JWT signing key's private half).
// A sealed box is nonce (12 random bytes) || ciphertext || tag (16 bytes); the associated data
// binds it to its context, so a box moved to another row does not open.
#pragma once

#include <authkit/result.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace authkit::aead {

/// An AES-256 key.
using Key = std::array<unsigned char, 32>;

/// Encrypts `plaintext` under `key` with a fresh random nonce. Errors: CRYPTO_FAILURE
/// (including a failing random generator: it never seals with a predictable nonce).
[[nodiscard]] Result<std::string> seal(const Key& key, std::string_view associated_data,
                                       std::string_view plaintext);
/// Decrypts and authenticates a box made by seal(). Errors: CRYPTO_FAILURE for a box that is
/// too short, was altered, or was sealed under another key or associated data.
[[nodiscard]] Result<std::string> open(const Key& key, std::string_view associated_data,
                                       std::string_view box);

}  // namespace authkit::aead
