// Private: the pepper step, HMAC-SHA256(pepper, NFKC(password)) (checklist E7). Its 32-byte
// output replaces the password as Argon2id's input, so the database alone cannot be cracked.
#pragma once

#include <authkit/secret.hpp>

#include <string_view>

#include "password/secret_buffer.hpp"

namespace authkit::password {

/// HMAC-SHA256(pepper, password). Errors: CRYPTO_FAILURE.
[[nodiscard]] Result<SecretBuffer> apply_pepper(const Secret& pepper, std::string_view password);

}  // namespace authkit::password
