// Private: JWS signatures (RFC 7518 §3) over OpenSSL EVP, for every supported algorithm.
#pragma once

#include <authkit/result.hpp>

#include "crypto/key_material.hpp"

#include <string>
#include <string_view>

namespace authkit::sig {

/// The JWS signature bytes of `signing_input` (HMAC tag, RSA signature, raw r‖s for ECDSA,
/// Ed25519 signature). Errors: INVALID_KEY (no private part), CRYPTO_FAILURE.
Result<std::string> sign(const KeyMaterial& key, std::string_view signing_input);

/// True iff `signature` is a valid JWS signature of `signing_input` under `key`. MACs are
/// compared in constant time; ECDSA signatures must be raw r‖s of exactly twice the field
/// size (DER is never accepted); PSS enforces sLen = hash length.
bool verify(const KeyMaterial& key, std::string_view signing_input, std::string_view signature);

}  // namespace authkit::sig
