// The public algorithm functions, all read from the one table in crypto/algorithms.hpp.
#include <authkit/jwt/algorithm.hpp>

#include "crypto/algorithms.hpp"
#include "jwt/jwk_impl.hpp"

namespace authkit {
namespace {

constexpr std::size_t index_of(Algorithm alg) noexcept { return static_cast<std::size_t>(alg); }

// The table is indexed by the enum: one row per enumerator, in order. The row names are
// checked against the enumerators by the "every Algorithm has its JOSE name" test.
static_assert(sig::kAlgorithms.size() == index_of(Algorithm::EdDSA) + 1);
static_assert(sig::kAlgorithms[index_of(Algorithm::HS256)].name == "HS256");
static_assert(sig::kAlgorithms[index_of(Algorithm::EdDSA)].name == "EdDSA");
// KeyType is KeyFamily under its JOSE names.
static_assert(static_cast<int>(sig::KeyFamily::hmac) == static_cast<int>(KeyType::oct));
static_assert(static_cast<int>(sig::KeyFamily::rsa) == static_cast<int>(KeyType::RSA));
static_assert(static_cast<int>(sig::KeyFamily::ec) == static_cast<int>(KeyType::EC));
static_assert(static_cast<int>(sig::KeyFamily::okp) == static_cast<int>(KeyType::OKP));

bool known(Algorithm alg) noexcept { return index_of(alg) < sig::kAlgorithms.size(); }

}  // namespace

namespace detail {

const sig::AlgorithmInfo& info(Algorithm alg) noexcept {
  // An out-of-range value (only a cast can make one) reads as HS256, as key_type_of() did.
  return sig::kAlgorithms[known(alg) ? index_of(alg) : 0];
}

std::optional<Algorithm> algorithm_for_curve(KeyType kty, std::string_view crv) noexcept {
  for (std::size_t i = 0; i < sig::kAlgorithms.size(); ++i) {
    const sig::AlgorithmInfo& row = sig::kAlgorithms[i];
    if (row.curve != nullptr && row.curve == crv && key_type_of(static_cast<Algorithm>(i)) == kty) {
      return static_cast<Algorithm>(i);
    }
  }
  return std::nullopt;
}

}  // namespace detail

std::string_view algorithm_name(Algorithm alg) noexcept {
  return known(alg) ? detail::info(alg).name : "unknown";
}

std::optional<Algorithm> algorithm_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < sig::kAlgorithms.size(); ++i) {
    if (sig::kAlgorithms[i].name == name) return static_cast<Algorithm>(i);
  }
  if (name == "Ed25519") return Algorithm::EdDSA;  // RFC 9864 fully-specified name
  return std::nullopt;
}

KeyType key_type_of(Algorithm alg) noexcept {
  return static_cast<KeyType>(detail::info(alg).family);
}

std::string_view key_type_name(KeyType kty) noexcept {
  switch (kty) {
    case KeyType::oct:
      return "oct";
    case KeyType::RSA:
      return "RSA";
    case KeyType::EC:
      return "EC";
    case KeyType::OKP:
      return "OKP";
  }
  return "unknown";
}

bool is_symmetric(Algorithm alg) noexcept { return key_type_of(alg) == KeyType::oct; }

}  // namespace authkit
