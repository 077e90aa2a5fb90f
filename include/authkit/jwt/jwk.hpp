// authkit/jwt/jwk.hpp: a JSON Web Key bound to exactly one algorithm.
//
// Thread safety: Jwk is immutable and internally reference-counted; copies share the parsed
// key material. Any number of threads may use the same Jwk (or copies) concurrently.
#pragma once

#include <authkit/jwt/algorithm.hpp>
#include <authkit/result.hpp>
#include <authkit/secret.hpp>

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace authkit {

namespace detail {
struct JwkAccess;
}

/// Options for Jwk::generate().
struct GenerateKeyOptions {
  /// The key id; empty means the RFC 7638 thumbprint.
  std::string kid{};
  /// RSA modulus size in bits (2048..8192, multiple of 8). Ignored for other types.
  unsigned rsa_bits = 2048;
};

/// A signing or verification key. The algorithm is fixed when the key is made and a token
/// header can never change it. A Jwk holds either a private key (it can sign and verify) or
/// only a public key (verify only). HMAC keys are always "private".
///
/// Key material is validated when the key is made: HMAC keys must be at least the hash
/// length, RSA moduli 2048..8192 bits with an odd exponent > 1 and no ROCA fingerprint, EC
/// points must lie on the algorithm's curve, Ed25519 keys must be 32 bytes, and a private key
/// must match its public half (RSA keys sign and verify a test message at import).
class Jwk {
 public:
  /// Generates a fresh key with RAND_bytes / OpenSSL key generation.
  /// Errors: INVALID_ARGUMENT (bad rsa_bits), INVALID_KEY (kid not 1..256 printable ASCII),
  /// CRYPTO_FAILURE.
  [[nodiscard]] static Result<Jwk> generate(Algorithm alg, const GenerateKeyOptions& options = {});

  /// An HMAC key (HS256/384/512) from secret bytes. Errors: WEAK_KEY if the secret is
  /// shorter than the hash output (32/48/64 bytes), INVALID_ARGUMENT for a non-HS algorithm,
  /// INVALID_KEY for a kid that is not 1..256 printable ASCII.
  [[nodiscard]] static Result<Jwk> from_secret(const Secret& secret, Algorithm alg,
                                               std::string kid = {});

  /// Imports a JWK (public or private). The algorithm comes from the JWK's `alg` member or
  /// from `alg`; if both are given they must agree. For EC and OKP keys it may be inferred
  /// from `crv`; RSA and oct keys need one of the two. `use` must be "sig" if present and
  /// `key_ops` may only name sign/verify. Without a `kid` the RFC 7638 thumbprint is used.
  /// Errors: INVALID_KEY (malformed, inconsistent, wrong curve, point not on curve,
  /// unsupported kty/alg), WEAK_KEY (below the size policy).
  [[nodiscard]] static Result<Jwk> from_json(const nlohmann::json& jwk,
                                             std::optional<Algorithm> alg = std::nullopt);
  /// As from_json(), from JSON text (at most 64 KiB, strict JSON: duplicate members are
  /// refused). Errors additionally: INVALID_KEY for bad or oversized JSON.
  [[nodiscard]] static Result<Jwk> parse(std::string_view jwk_json,
                                         std::optional<Algorithm> alg = std::nullopt);

  /// Imports a PEM key: "PRIVATE KEY" (PKCS#8) or "PUBLIC KEY" (SPKI). The key type must fit
  /// `alg`. Encrypted PEM is refused (never prompts). Errors: INVALID_KEY, WEAK_KEY,
  /// INVALID_ARGUMENT for HS algorithms (use from_secret()).
  [[nodiscard]] static Result<Jwk> from_pem(std::string_view pem, Algorithm alg,
                                            std::string kid = {});

  /// The key's algorithm.
  [[nodiscard]] Algorithm algorithm() const noexcept;
  /// The key's type (oct, RSA, EC, OKP).
  [[nodiscard]] KeyType key_type() const noexcept;
  /// The key id (never empty).
  [[nodiscard]] const std::string& kid() const noexcept;
  /// True if this key can sign (HMAC keys, and asymmetric keys with private material).
  [[nodiscard]] bool can_sign() const noexcept;
  /// True for HMAC keys, which have no public form.
  [[nodiscard]] bool is_symmetric() const noexcept;

  /// The same key without private material. Errors: INVALID_ARGUMENT for HMAC keys.
  [[nodiscard]] Result<Jwk> public_key() const;
  /// The public JWK (kty, alg, use:"sig", kid, and the public members).
  /// Errors: INVALID_ARGUMENT for HMAC keys (a shared secret has no public half).
  [[nodiscard]] Result<nlohmann::json> to_public_json() const;
  /// The full private JWK, including secret members ("d", "k", CRT parameters). Handle the
  /// result as a secret. Errors: INVALID_ARGUMENT if this key has no private material.
  [[nodiscard]] Result<nlohmann::json> to_private_json() const;
  /// SPKI PEM ("PUBLIC KEY"). Errors: INVALID_ARGUMENT for HMAC keys.
  [[nodiscard]] Result<std::string> to_public_pem() const;
  /// PKCS#8 PEM ("PRIVATE KEY"), unencrypted. Errors: INVALID_ARGUMENT for HMAC keys or keys
  /// without private material.
  [[nodiscard]] Result<std::string> to_private_pem() const;
  /// The RFC 7638 SHA-256 thumbprint, base64url. Computed from the public members only
  /// (for oct keys, from `k`).
  [[nodiscard]] std::string thumbprint() const;

 private:
  struct Impl;  // the library's only: src/jwt/jwk_impl.hpp
  friend struct detail::JwkAccess;
  explicit Jwk(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace authkit
