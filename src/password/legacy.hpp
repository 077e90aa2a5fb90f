// Private: verification of legacy password hashes that PasswordHasher accepts for migration.
// Both only verify; new hashes are always Argon2id, and needs_rehash() is true for these.
#pragma once

#include <authkit/result.hpp>

#include <string_view>

namespace authkit::password {

/// The highest bcrypt cost verified (2^16 rounds, a few seconds): a tampered row cannot ask
/// for hours of work. Real legacy hashes use 10-14.
inline constexpr int max_bcrypt_cost = 16;

/// `$2a$`, `$2b$` or `$2y$` prefix (identification only).
[[nodiscard]] bool has_bcrypt_prefix(std::string_view stored) noexcept;
/// `<32 lowercase hex>:<128 lowercase hex>` (better-auth's default format).
[[nodiscard]] bool is_better_auth_scrypt(std::string_view stored) noexcept;

/// Checks the RAW password bytes against a bcrypt hash through libxcrypt, comparing the whole
/// output in constant time. A password containing a NUL byte never matches (C strings would
/// silently truncate it). Errors: INVALID_ARGUMENT (malformed hash, cost outside 4..16),
/// CRYPTO_FAILURE (libxcrypt failed).
[[nodiscard]] Result<bool> verify_bcrypt(std::string_view password, std::string_view stored);

/// Checks the NFKC password against better-auth's scrypt format: scrypt(password, salt = the
/// 32 hex characters as ASCII, N=16384, r=16, p=1, 64 bytes), compared in constant time.
/// Errors: INVALID_ARGUMENT (malformed), CRYPTO_FAILURE.
[[nodiscard]] Result<bool> verify_better_auth_scrypt(std::string_view password,
                                                     std::string_view stored);

}  // namespace authkit::password
