#include <authkit/jwt/algorithm.hpp>

#include <array>
#include <utility>

namespace authkit {
namespace {
constexpr std::array<std::pair<Algorithm, std::string_view>, 13> kNames{{
    {Algorithm::HS256, "HS256"},
    {Algorithm::HS384, "HS384"},
    {Algorithm::HS512, "HS512"},
    {Algorithm::RS256, "RS256"},
    {Algorithm::RS384, "RS384"},
    {Algorithm::RS512, "RS512"},
    {Algorithm::PS256, "PS256"},
    {Algorithm::PS384, "PS384"},
    {Algorithm::PS512, "PS512"},
    {Algorithm::ES256, "ES256"},
    {Algorithm::ES384, "ES384"},
    {Algorithm::ES512, "ES512"},
    {Algorithm::EdDSA, "EdDSA"},
}};
}  // namespace

std::string_view algorithm_name(Algorithm alg) noexcept {
  for (const auto& [a, name] : kNames) {
    if (a == alg) return name;
  }
  return "unknown";
}

std::optional<Algorithm> algorithm_from_name(std::string_view name) noexcept {
  for (const auto& [a, n] : kNames) {
    if (n == name) return a;
  }
  if (name == "Ed25519") return Algorithm::EdDSA;  // RFC 9864 fully-specified name
  return std::nullopt;
}

KeyType key_type_of(Algorithm alg) noexcept {
  switch (alg) {
    case Algorithm::HS256:
    case Algorithm::HS384:
    case Algorithm::HS512:
      return KeyType::oct;
    case Algorithm::RS256:
    case Algorithm::RS384:
    case Algorithm::RS512:
    case Algorithm::PS256:
    case Algorithm::PS384:
    case Algorithm::PS512:
      return KeyType::RSA;
    case Algorithm::ES256:
    case Algorithm::ES384:
    case Algorithm::ES512:
      return KeyType::EC;
    case Algorithm::EdDSA:
      return KeyType::OKP;
  }
  return KeyType::oct;
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
