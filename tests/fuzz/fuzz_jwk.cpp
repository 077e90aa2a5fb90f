// Fuzz target: JWK and JWKS import. Must never crash; every accepted key must export again.
#include <authkit/jwt.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto key = authkit::Jwk::parse(text)) {
    if (key->kid().empty()) std::abort();
    if (!key->is_symmetric() && !key->to_public_json().has_value()) std::abort();
  }
  (void)authkit::JwkSet::parse_public(text);
  return 0;
}
