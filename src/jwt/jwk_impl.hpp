// Private: what is behind a Jwk (its JOSE identity and its key material), the only way in
// (detail::JwkAccess, a friend of Jwk), and the key checks the importers share.
#pragma once

#include <authkit/jwt/jwk.hpp>

#include "crypto/algorithms.hpp"
#include "crypto/key_material.hpp"
#include "crypto/ossl.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

namespace detail {

/// The row of sig::kAlgorithms for `alg` (the table's order is the enum's).
[[nodiscard]] const sig::AlgorithmInfo& info(Algorithm alg) noexcept;
/// The algorithm a JWK `crv` implies for a key of type `kty` (EC and OKP; one per curve).
[[nodiscard]] std::optional<Algorithm> algorithm_for_curve(KeyType kty,
                                                           std::string_view crv) noexcept;

}  // namespace detail

/// Immutable; shared between Jwk copies, key sets, issuers and verifiers.
struct Jwk::Impl {
  Algorithm alg;
  KeyType kty;
  std::string kid;
  sig::KeyMaterial key;

  /// Empty material bound to `alg` (its kty and AlgorithmInfo follow from it).
  explicit Impl(Algorithm a) : alg(a), kty(key_type_of(a)), key(detail::info(a)) {}

  /// The RFC 7638 canonical JSON of the required public members.
  [[nodiscard]] std::string thumbprint_input() const;
};

namespace detail {

/// The library's access to Jwk internals. Jwk befriends only this struct, so code outside
/// src/jwt (and the tests that include this header) cannot reach key material by accident.
struct JwkAccess {
  /// Everything behind `jwk`.
  [[nodiscard]] static const Jwk::Impl& impl(const Jwk& jwk) noexcept { return *jwk.impl_; }
  /// The key material that sig::sign/verify and mac::compute take.
  [[nodiscard]] static const sig::KeyMaterial& key(const Jwk& jwk) noexcept {
    return jwk.impl_->key;
  }

  /// Wraps an HMAC secret. Errors: WEAK_KEY (shorter than the hash), INVALID_ARGUMENT.
  [[nodiscard]] static Result<Jwk> make_hmac(Algorithm alg, std::vector<unsigned char> secret,
                                             std::string kid);
  /// Wraps an asymmetric key after validating it against the policy for `alg` (type, curve,
  /// RSA size/exponent/ROCA, point validity, private/public consistency).
  /// Errors: INVALID_KEY, WEAK_KEY.
  [[nodiscard]] static Result<Jwk> make_asymmetric(Algorithm alg, ossl::Ptr<EVP_PKEY> pkey,
                                                   bool has_private, std::string kid);
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

}  // namespace detail
}  // namespace authkit
