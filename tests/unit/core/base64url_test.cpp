// The strict base64url codec (RFC 4648 §5 without padding, canonical only).
#include "crypto/base64url.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace b64 = authkit::b64;

namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

TEST_CASE("base64url encodes the RFC 4648 test vectors without padding", "[core][base64url]") {
  CHECK(b64::encode(std::string_view("")).empty());
  CHECK(b64::encode(std::string_view("f")) == "Zg");
  CHECK(b64::encode(std::string_view("fo")) == "Zm8");
  CHECK(b64::encode(std::string_view("foo")) == "Zm9v");
  CHECK(b64::encode(std::string_view("foob")) == "Zm9vYg");
  CHECK(b64::encode(std::string_view("fooba")) == "Zm9vYmE");
  CHECK(b64::encode(std::string_view("foobar")) == "Zm9vYmFy");
  // The URL-safe alphabet: 62 -> '-', 63 -> '_'.
  const std::vector<unsigned char> high{0xFB, 0xFF, 0xBF};
  CHECK(b64::encode(high) == "-_-_");
  std::string appended = "x.";
  b64::encode_append(std::vector<unsigned char>{'f', 'o'}, appended);
  CHECK(appended == "x.Zm8");
}

TEST_CASE("base64url encoded_size", "[core][base64url]") {
  static_assert(b64::encoded_size(0) == 0);
  static_assert(b64::encoded_size(1) == 2);
  static_assert(b64::encoded_size(2) == 3);
  static_assert(b64::encoded_size(3) == 4);
  static_assert(b64::encoded_size(32) == 43);
  static_assert(b64::encoded_size(64) == 86);
  SUCCEED();
}

TEST_CASE("base64url round-trips every length and byte value", "[core][base64url]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t len = 0; len <= all.size(); ++len) {
    const std::string in = all.substr(all.size() - len);
    const std::string enc = b64::encode(in);
    CHECK(enc.size() == b64::encoded_size(len));
    CHECK(enc.find_first_not_of(kAlphabet) == std::string::npos);
    const auto dec = b64::decode(enc);
    REQUIRE(dec.has_value());
    CHECK(*dec == in);
  }
}

TEST_CASE("base64url decode rejects padding, whitespace and foreign characters",
          "[core][base64url]") {
  for (const std::string_view bad : {
           "Zg==",
           "Zg=",
           "Zm8=",
           "=",
           "Zm9v=",
           "Zm9v ",
           " Zm9v",
           "Zm 9v",
           "Zm9v\n",
           "Zm9v\r\n",
           "\tZm9v",
           "Zm+v",
           "Zm/v",
           "Zm9v+A",
           "Zm.v",
           "Zm9v!",
           "Z\xC3\xA9",
           "Zm9\x80",
       }) {
    INFO("input: " << std::string(bad));
    CHECK_FALSE(b64::decode(bad).has_value());
  }
  // An embedded NUL is not part of the alphabet either.
  CHECK_FALSE(b64::decode(std::string_view("Zm\0v", 4)).has_value());
}

TEST_CASE("base64url decode rejects lengths of 1 mod 4", "[core][base64url]") {
  for (const std::string_view bad : {"Z", "Zm9vY", "Zm9vYmFyZ", "AAAAA"}) {
    INFO("input: " << std::string(bad));
    CHECK_FALSE(b64::decode(bad).has_value());
  }
  CHECK(b64::decode(std::string_view("")).has_value());
  CHECK(b64::decode(std::string_view(""))->empty());
}

TEST_CASE("base64url decode accepts only canonical encodings (zero unused bits)",
          "[core][base64url]") {
  CHECK(b64::decode(std::string_view("Zg")) == std::string("f"));
  CHECK_FALSE(b64::decode(std::string_view("Zh")).has_value());
  CHECK_FALSE(b64::decode(std::string_view("Zv")).has_value());
  CHECK(b64::decode(std::string_view("Zm8")) == std::string("fo"));
  CHECK_FALSE(b64::decode(std::string_view("Zm9")).has_value());
  CHECK_FALSE(b64::decode(std::string_view("Zm9vYh")).has_value());

  // Exhaustively: a 2- or 3-character tail decodes iff it is the canonical encoding of what it
  // decodes to, so no two strings ever decode to the same bytes.
  std::size_t accepted2 = 0;
  for (const char a : kAlphabet) {
    for (const char b : kAlphabet) {
      const std::string two{a, b};
      const auto dec = b64::decode(two);
      if (dec) {
        ++accepted2;
        CHECK(b64::encode(*dec) == two);
      }
    }
  }
  CHECK(accepted2 == 256);  // exactly one encoding per byte value
  std::size_t accepted3 = 0;
  for (const char a : std::string_view("AZaz09-_")) {
    for (const char b : kAlphabet) {
      for (const char c : kAlphabet) {
        const std::string three{a, b, c};
        const auto dec = b64::decode(three);
        if (dec) {
          ++accepted3;
          CHECK(b64::encode(*dec) == three);
        }
      }
    }
  }
  CHECK(accepted3 == 8 * 64 * 16);  // the last character must have its 2 low bits clear
}

TEST_CASE("base64url decode(in, out) replaces the output", "[core][base64url]") {
  std::string out = "stale contents that must go";
  REQUIRE(b64::decode(std::string_view("Zm9v"), out));
  CHECK(out == "foo");
  REQUIRE(b64::decode(std::string_view(""), out));
  CHECK(out.empty());
}
