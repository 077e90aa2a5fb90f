// Private: HMAC with per-thread reuse of keyed OpenSSL contexts.
//
// Keying an EVP_MAC_CTX (hashing the key into the inner/outer pads) costs more than MACing a
// token, so each thread keeps a small cache of keyed contexts, indexed by the key's unique id,
// and re-initialises one per token (EVP_MAC_init with a NULL key keeps the pads).
#pragma once

#include <authkit/result.hpp>

#include "crypto/key_material.hpp"

#include <openssl/evp.h>

#include <cstddef>
#include <string_view>

namespace authkit::mac {

/// Writes HMAC(key, data) to `out` (at least EVP_MAX_MD_SIZE bytes) and returns its length.
/// Errors: CRYPTO_FAILURE.
Result<std::size_t> compute(const sig::KeyMaterial& key, std::string_view data, unsigned char* out);

}  // namespace authkit::mac
