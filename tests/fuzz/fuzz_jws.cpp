// Fuzz target: the whole verify pipeline (split, base64url, header JSON, key selection,
// signature, claims) and the unverified decoder. Must never crash, leak or accept garbage.
#include <authkit/jwt.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

const authkit::JwtVerifier& verifier() {
  static const authkit::JwtVerifier v = [] {
    auto secret = authkit::Secret::from_string("fuzzing-secret-fuzzing-secret-0123456789");
    auto key = authkit::Jwk::from_secret(secret.value(), authkit::Algorithm::HS256, "k1").value();
    authkit::VerifyOptions options;
    options.clock = std::make_shared<authkit::ManualClock>(1'700'000'000);
    options.audience = {"api"};
    return authkit::JwtVerifier::create(authkit::JwkSet::of(key).value(), options).value();
  }();
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  // Nobody but the test holds the secret, so nothing the fuzzer makes may verify.
  if (verifier().verify(token).has_value()) std::abort();
  (void)authkit::unsafe_decode_unverified(token);
  return 0;
}
