// Private: the one table of JWS signature algorithms (RFC 7518 §3, RFC 8037) with the facts
// that signing, verification, key validation and JWK import/export need about each.
//
// It lives in crypto (below jwt) so that the signature code never reaches up into jwt: the
// public authkit::Algorithm enum indexes this table, and jwt/algorithm.cpp derives the
// public name/key-type functions from it.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace authkit::sig {

/// The kind of key an algorithm needs. Same order as authkit::KeyType (jwt/algorithm.cpp
/// checks it at compile time).
enum class KeyFamily : unsigned char { hmac, rsa, ec, okp };

/// Per-algorithm facts.
struct AlgorithmInfo {
  std::string_view name;       ///< JOSE `alg` ("HS256")
  KeyFamily family;            ///< the key type the algorithm needs
  const char* digest;          ///< OpenSSL digest name ("SHA256"); nullptr for EdDSA
  std::size_t hash_bytes;      ///< digest output size; the HMAC minimum key size
  const char* curve;           ///< JWK crv for EC/OKP ("P-256", "Ed25519"), else nullptr
  const char* ossl_group;      ///< OpenSSL group name for EC ("prime256v1"), else nullptr
  std::size_t ec_field_bytes;  ///< coordinate size for EC (32/48/66), 0 otherwise
  bool pss;                    ///< RSASSA-PSS (sLen = hash length, MGF1 with the same hash)
};

/// Every supported algorithm, in the order of authkit::Algorithm (which indexes it).
inline constexpr std::array<AlgorithmInfo, 13> kAlgorithms{{
    {"HS256", KeyFamily::hmac, "SHA256", 32, nullptr, nullptr, 0, false},
    {"HS384", KeyFamily::hmac, "SHA384", 48, nullptr, nullptr, 0, false},
    {"HS512", KeyFamily::hmac, "SHA512", 64, nullptr, nullptr, 0, false},
    {"RS256", KeyFamily::rsa, "SHA256", 32, nullptr, nullptr, 0, false},
    {"RS384", KeyFamily::rsa, "SHA384", 48, nullptr, nullptr, 0, false},
    {"RS512", KeyFamily::rsa, "SHA512", 64, nullptr, nullptr, 0, false},
    {"PS256", KeyFamily::rsa, "SHA256", 32, nullptr, nullptr, 0, true},
    {"PS384", KeyFamily::rsa, "SHA384", 48, nullptr, nullptr, 0, true},
    {"PS512", KeyFamily::rsa, "SHA512", 64, nullptr, nullptr, 0, true},
    {"ES256", KeyFamily::ec, "SHA256", 32, "P-256", "prime256v1", 32, false},
    {"ES384", KeyFamily::ec, "SHA384", 48, "P-384", "secp384r1", 48, false},
    {"ES512", KeyFamily::ec, "SHA512", 64, "P-521", "secp521r1", 66, false},
    {"EdDSA", KeyFamily::okp, nullptr, 64, "Ed25519", nullptr, 0, false},
}};

}  // namespace authkit::sig
