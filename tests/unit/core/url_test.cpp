// util/url: the percent-encoding, form parsing and origin helpers behind links, query strings,
// form bodies and the origin checks.
#include "util/url.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {

TEST_CASE("url: encode_component matches encodeURIComponent", "[core]") {
  CHECK(url::encode_component("a b/c?d=e&f") == "a%20b%2Fc%3Fd%3De%26f");
  CHECK(url::encode_component("AZaz09-_.!~*'()") == "AZaz09-_.!~*'()");
  CHECK(url::encode_component("\xc3\xa9") == "%C3%A9");
}

TEST_CASE("url: decode_component reverses it and refuses broken escapes", "[core]") {
  CHECK(url::decode_component("a%20b%2Fc%3d") == "a b/c=");
  CHECK(url::decode_component("a+b") == "a+b");
  CHECK(url::decode_component("a+b", true) == "a b");
  CHECK_FALSE(url::decode_component("%"));
  CHECK_FALSE(url::decode_component("%4"));
  CHECK_FALSE(url::decode_component("%zz"));
  CHECK(url::decode_component(url::encode_component("x/y z")) == "x/y z");
}

TEST_CASE("url: parse_form splits and decodes pairs", "[core]") {
  const auto pairs = url::parse_form("email=a%40b.io&password=two+words&flag&&empty=");
  REQUIRE(pairs.has_value());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"email", "a@b.io"}, {"password", "two words"}, {"flag", ""}, {"empty", ""}};
  CHECK(*pairs == expected);
  CHECK(url::parse_form("")->empty());
  CHECK_FALSE(url::parse_form("a=%G0"));
}

TEST_CASE("url: origin_of and parse_base_url", "[core]") {
  CHECK(url::origin_of("HTTPS://App.Example.com:8443/x?y#z") == "https://app.example.com:8443");
  CHECK(url::origin_of("http://localhost") == "http://localhost");
  CHECK_FALSE(url::origin_of("ftp://example.com"));
  CHECK_FALSE(url::origin_of("https://user@example.com"));
  CHECK_FALSE(url::origin_of("https:///path"));
  CHECK_FALSE(url::origin_of("/relative"));
  const auto base = url::parse_base_url("https://Auth.Example.com/api/v1/auth/");
  REQUIRE(base.has_value());
  CHECK(base->scheme == "https");
  CHECK(base->origin == "https://auth.example.com");
  CHECK(base->path == "/api/v1/auth");
  CHECK_FALSE(url::parse_base_url("https://example.com/a?b"));
  CHECK_FALSE(url::parse_base_url("https://example.com/a b"));
}

}  // namespace authkit::test
