// authkit/jwt/algorithm.hpp: the JWS algorithms authkit supports.
//
// Thread safety: pure functions over constants.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace authkit {

/// A JWS signature algorithm (RFC 7518, RFC 8037). There is deliberately no `none`.
/// Every key is bound to exactly one Algorithm.
enum class Algorithm {
  HS256,
  HS384,
  HS512,
  RS256,
  RS384,
  RS512,
  PS256,
  PS384,
  PS512,
  ES256,  ///< ECDSA P-256 + SHA-256
  ES384,  ///< ECDSA P-384 + SHA-384
  ES512,  ///< ECDSA P-521 + SHA-512
  EdDSA,  ///< Ed25519 (RFC 8037). Tokens with alg "Ed25519" (RFC 9864) also verify.
};

/// The family an algorithm belongs to.
enum class KeyType { oct, RSA, EC, OKP };

/// The JOSE name ("HS256", "EdDSA").
[[nodiscard]] std::string_view algorithm_name(Algorithm alg) noexcept;
/// Parses a JOSE `alg` exactly (case-sensitive). "Ed25519" maps to EdDSA. "none" and
/// anything unknown give nullopt.
[[nodiscard]] std::optional<Algorithm> algorithm_from_name(std::string_view name) noexcept;
/// The key type the algorithm needs.
[[nodiscard]] KeyType key_type_of(Algorithm alg) noexcept;
/// The JWK `kty` text of a key type ("oct", "RSA", "EC", "OKP").
[[nodiscard]] std::string_view key_type_name(KeyType kty) noexcept;
/// True for HS256/384/512.
[[nodiscard]] bool is_symmetric(Algorithm alg) noexcept;

}  // namespace authkit
