// Private: the only source of randomness in authkit. Fails closed.
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <span>
#include <string>

namespace authkit::rng {

/// Fills `out` from RAND_bytes. Errors: CRYPTO_FAILURE when the RNG fails (never falls back).
Result<void> fill(std::span<unsigned char> out);
/// `n` random bytes, base64url-encoded. Errors: CRYPTO_FAILURE.
Result<std::string> token_b64url(std::size_t n);

/// Test hook: while set, every fill() fails as if RAND_bytes had failed. Not thread-safe with
/// respect to concurrent fill() calls on purpose-free code paths; used by tests only.
void set_failure_for_testing(bool fail) noexcept;

}  // namespace authkit::rng
