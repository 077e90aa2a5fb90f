// authkit/store/signing_key_store.hpp: where the JWT signing keys live, so that every process
// and every restart signs with the same key and publishes the same JWKS.
//
// Thread safety: implementations must be safe to call from many threads at once.
#pragma once

#include <authkit/result.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace authkit {

/// One signing key as stored (a row of `authkit_signing_keys`, shaped like better-auth's `jwks`
/// row). The private half is sealed: AuthService encrypts it (AES-256-GCM under a key derived from
/// its jwt.key_secret) before it reaches the store, so the store never holds it in clear.
struct SigningKeyRecord {
  std::string id{};           ///< The key id (`kid`); unique.
  std::string algorithm{};    ///< The JOSE `alg` it signs with, e.g. "EdDSA".
  std::string public_key{};   ///< JSON of the public JWK (without `kid` and `alg`).
  std::string private_key{};  ///< The sealed private JWK (opaque text).
  std::chrono::system_clock::time_point created_at{};  ///< When the key was made.
};

/// Storage for JWT signing keys. Keys are only ever added: a new key supersedes the older
/// ones, which stay readable so their tokens can still be verified. Errors: STORAGE_FAILURE
/// unless listed.
class SigningKeyStore {
 public:
  virtual ~SigningKeyStore() = default;

  /// Every stored key, newest first (by created_at, then id).
  [[nodiscard]] virtual Result<std::vector<SigningKeyRecord>> list_signing_keys() = 0;
  /// Adds `key` if the store holds exactly `expected_count` keys, atomically (keys are only
  /// ever added, so the count is the version of the set). Returns false, adding nothing, when
  /// another writer added a key since the caller listed them: processes starting together
  /// then all settle on the one key that won. Errors: INVALID_ARGUMENT if its id exists.
  [[nodiscard]] virtual Result<bool> insert_signing_key(const SigningKeyRecord& key,
                                                        std::size_t expected_count) = 0;
};

}  // namespace authkit
