// Private: where AuthService's JWT signing key comes from (configured, kept in the store, or
// made for this process) and which retired keys the JWKS still publishes.
#pragma once

#include <authkit/auth_service.hpp>
#include <authkit/jwt/jwk.hpp>

#include <vector>

namespace authkit::signing_keys {

/// The key that signs, and older keys whose tokens may still be live (public halves).
struct Loaded {
  Jwk signing;
  std::vector<Jwk> retired;
};

/// In order of precedence:
/// 1. options.jwt.signing_key (plus jwt_previous_keys as retired);
/// 2. with stores.signing_keys and jwt.key_secret: the newest stored key of jwt.algorithm that
///    opens under the secret, or else a new one, sealed and stored only if no other process
///    stored one since the listing (SigningKeyStore::insert_signing_key's count check). Stored keys
///    superseded less than jwt.expires_in (+ 5 min of clock skew) ago stay published;
/// 3. a fresh key for this process only.
/// Errors: INVALID_CONFIGURATION, CRYPTO_FAILURE, STORAGE_FAILURE.
[[nodiscard]] Result<Loaded> load(const AuthServiceOptions& options,
                                  std::chrono::system_clock::time_point now);

}  // namespace authkit::signing_keys
