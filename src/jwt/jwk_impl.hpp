// Private: the parsed key material behind a Jwk, and per-algorithm constants.
#pragma once

#include <authkit/jwt/jwk.hpp>

#include "crypto/ossl.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace authkit::detail {

/// Per-algorithm facts used by signing, verification and key validation.
struct AlgorithmInfo {
  const char* digest;          ///< OpenSSL digest name ("SHA256"); nullptr for EdDSA
  std::size_t hash_bytes;      ///< digest output size; the HMAC minimum key size
  const char* curve;           ///< JWK crv for EC/OKP ("P-256", "Ed25519"), else nullptr
  const char* ossl_group;      ///< OpenSSL group name for EC ("prime256v1"), else nullptr
  std::size_t ec_field_bytes;  ///< coordinate size for EC (32/48/66), 0 otherwise
  bool pss;                    ///< RSASSA-PSS (sLen = hash length, MGF1 with the same hash)
};

/// Facts for `alg`.
const AlgorithmInfo& info(Algorithm alg) noexcept;

/// Immutable key material. Shared between Jwk copies, key sets, issuers and verifiers.
struct JwkImpl {
  Algorithm alg;
  KeyType kty;
  std::string kid;
  /// Unique per key object, never reused: keys the per-thread OpenSSL context caches.
  std::uint64_t id;
  /// HMAC secret (oct keys only); wiped on destruction.
  std::vector<unsigned char> secret;
  /// Asymmetric key (RSA, EC, OKP); read-only after construction, safe to share.
  ossl::Ptr<EVP_PKEY> pkey;
  /// True if this key holds private material (always for oct).
  bool has_private = false;

  JwkImpl() = default;
  JwkImpl(const JwkImpl&) = delete;
  JwkImpl& operator=(const JwkImpl&) = delete;
  ~JwkImpl();

  /// Wraps an HMAC secret. Errors: WEAK_KEY (shorter than the hash), INVALID_ARGUMENT.
  static Result<Jwk> make_hmac(Algorithm alg, std::vector<unsigned char> secret, std::string kid);
  /// Wraps an asymmetric key after validating it against the policy for `alg` (type, curve,
  /// RSA size/exponent/ROCA, point validity, private/public consistency).
  /// Errors: INVALID_KEY, WEAK_KEY.
  static Result<Jwk> make_asymmetric(Algorithm alg, ossl::Ptr<EVP_PKEY> pkey, bool has_private,
                                     std::string kid);
  /// The RFC 7638 canonical JSON of the required public members.
  std::string thumbprint_input() const;
};

/// Validates a kid: 1..256 bytes of printable ASCII (checklist B9). Errors: INVALID_KEY.
Result<void> check_kid(std::string_view kid);

/// RSA policy: 2048..8192-bit modulus, odd exponent > 1, no ROCA fingerprint.
/// Errors: WEAK_KEY, INVALID_KEY.
Result<void> check_rsa_public(const BIGNUM* n, const BIGNUM* e);
/// True if `n` has the ROCA (CVE-2017-15361) fingerprint.
bool has_roca_fingerprint(const BIGNUM* n);

/// Big-endian bytes of an OpenSSL BIGNUM parameter of `pkey` (left-padded to `pad` if > 0).
Result<std::vector<unsigned char>> get_bn_param(const EVP_PKEY* pkey, const char* name,
                                                std::size_t pad = 0);

}  // namespace authkit::detail
