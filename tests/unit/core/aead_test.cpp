// AES-256-GCM sealing (the signing-key vault) and HKDF-SHA256.
#include <catch2/catch.hpp>

#include <string>

#include "crypto/aead.hpp"
#include "crypto/kdf.hpp"
#include "crypto/random.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {
namespace {

aead::Key key_of(unsigned char fill) {
  aead::Key key{};
  key.fill(fill);
  return key;
}

std::string hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

}  // namespace

TEST_CASE("aead: a sealed box opens under the same key and associated data", "[crypto]") {
  const auto key = key_of(7);
  auto box = aead::seal(key, "row-1", "private key material");
  REQUIRE(box.has_value());
  CHECK(box->size() == 12 + 20 + 16);
  CHECK(box->find("private key material") == std::string::npos);
  auto opened = aead::open(key, "row-1", *box);
  REQUIRE(opened.has_value());
  CHECK(*opened == "private key material");

  // A fresh nonce every time: sealing the same text twice gives different boxes.
  auto again = aead::seal(key, "row-1", "private key material");
  REQUIRE(again.has_value());
  CHECK(*again != *box);
}

TEST_CASE("aead: altered boxes, other keys and other associated data do not open", "[crypto]") {
  const auto key = key_of(7);
  auto box = aead::seal(key, "row-1", "secret");
  REQUIRE(box.has_value());
  CHECK(code_of(aead::open(key_of(8), "row-1", *box)) == Errc::crypto_failure);
  CHECK(code_of(aead::open(key, "row-2", *box)) == Errc::crypto_failure);
  for (std::size_t i = 0; i < box->size(); ++i) {  // nonce, ciphertext and tag alike
    std::string altered = *box;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    CHECK(code_of(aead::open(key, "row-1", altered)) == Errc::crypto_failure);
  }
  CHECK(code_of(aead::open(key, "row-1", box->substr(0, 27))) == Errc::crypto_failure);
  CHECK(code_of(aead::open(key, "row-1", "")) == Errc::crypto_failure);
}

TEST_CASE("aead: sealing fails closed when the random generator fails", "[crypto]") {
  rng::set_failure_for_testing(true);
  auto box = aead::seal(key_of(7), "row-1", "secret");
  rng::set_failure_for_testing(false);
  CHECK(code_of(box) == Errc::crypto_failure);
}

TEST_CASE("kdf: HKDF-SHA256 matches RFC 5869 test case 1", "[crypto]") {
  const std::vector<unsigned char> ikm(22, 0x0b);
  const std::string salt = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const std::string info = "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9";
  auto okm = kdf::hkdf_sha256(ikm, salt, info);
  REQUIRE(okm.has_value());
  // The first 32 of the RFC's 42 output bytes.
  CHECK(hex(*okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
  auto other = kdf::hkdf_sha256(ikm, salt, "another use");
  REQUIRE(other.has_value());
  CHECK(*other != *okm);
}

}  // namespace authkit::test
