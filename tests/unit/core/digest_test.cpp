// crypto/digest: SHA-256 (how tokens are stored) and HMAC-SHA256 (cookies, pepper), against
// the FIPS 180-2 and RFC 4231 test vectors.
#include "crypto/digest.hpp"
#include "unit/test_support.hpp"
#include "util/hex.hpp"

namespace authkit::test {

TEST_CASE("digest: SHA-256 of \"abc\" (FIPS 180-2 example)", "[core]") {
  CHECK(digest::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("digest: HMAC-SHA256 matches RFC 4231 test cases 1 and 2", "[core]") {
  const std::vector<unsigned char> key1(20, 0x0b);
  auto mac1 = digest::hmac_sha256(key1, "Hi There");
  REQUIRE(mac1.has_value());
  CHECK(hex::encode(*mac1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  const std::string jefe = "Jefe";
  auto mac2 = digest::hmac_sha256(
      std::span(reinterpret_cast<const unsigned char*>(jefe.data()), jefe.size()),
      "what do ya want for nothing?");
  REQUIRE(mac2.has_value());
  CHECK(hex::encode(*mac2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Empty input is valid (EVP_Q_mac gets a non-null pointer).
  CHECK(digest::hmac_sha256(key1, "").has_value());
}

}  // namespace authkit::test
