// Private: the key material behind a signing or verification key, as the signature and MAC
// code needs it. jwt's Jwk wraps one of these with its JOSE identity (alg, kid).
#pragma once

#include "crypto/algorithms.hpp"
#include "crypto/ossl.hpp"

#include <cstdint>
#include <vector>

namespace authkit::sig {

/// Immutable once built; shared (through Jwk) between key copies, key sets, issuers and
/// verifiers, and read concurrently by any number of threads.
struct KeyMaterial {
  /// The algorithm this material is bound to; points into kAlgorithms, never null.
  const AlgorithmInfo* info;
  /// Unique per object and never reused: keys the per-thread OpenSSL context caches (mac.cpp).
  std::uint64_t id;
  /// HMAC secret (hmac family only); wiped on destruction.
  std::vector<unsigned char> secret;
  /// Asymmetric key (RSA, EC, OKP); read-only after construction, safe to share.
  ossl::Ptr<EVP_PKEY> pkey;
  /// True if this key holds private material (always for HMAC).
  bool has_private = false;

  /// Empty material for `alg` with a fresh id.
  explicit KeyMaterial(const AlgorithmInfo& alg) noexcept;
  KeyMaterial(const KeyMaterial&) = delete;
  KeyMaterial& operator=(const KeyMaterial&) = delete;
  ~KeyMaterial();
};

}  // namespace authkit::sig
