// Signed cookies: better-auth's exact format (checked against its captured cookie), tampering,
// secret rotation, and the Set-Cookie lines.
#include <authkit/secret.hpp>

#include <memory>
#include <vector>

#include "http/cookies.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {
namespace {

std::shared_ptr<const Secret> secret_of(const std::string& text) {
  auto secret = Secret::from_string(text);
  REQUIRE(secret.has_value());
  return std::make_shared<const Secret>(std::move(*secret));
}

}  // namespace

TEST_CASE("Signed cookies match better-auth's captured session cookie", "[http]") {
  const auto vectors = load_better_auth_vectors();
  const auto secret = secret_of(vectors.at("secret").get<std::string>());
  const auto& cookie = vectors.at("session_cookie");
  const std::string token = cookie.at("session_token");
  const std::string raw = cookie.at("raw_cookie_value");

  auto signed_value = http::cookies::sign(token, *secret);
  REQUIRE(signed_value.has_value());
  CHECK(*signed_value == raw);
  const std::vector secrets{secret};
  CHECK(http::cookies::verify(raw, secrets) == token);
  // The whole Set-Cookie line, attribute order included.
  CHECK(http::cookies::set_cookie(cookie.at("name").get<std::string>(), raw,
                                  std::chrono::seconds(604800),
                                  false) == cookie.at("set_cookie").get<std::string>());
}

TEST_CASE("Signed cookies: tampering, wrong secrets and malformed values are refused", "[http]") {
  const auto secret = secret_of("cookie-secret-0123456789-abcdefghijklmnopqrstuv");
  const std::vector secrets{secret};
  auto good = http::cookies::sign("session-token-value", *secret);
  REQUIRE(good.has_value());
  REQUIRE(http::cookies::verify(*good, secrets) == "session-token-value");

  std::string tampered = *good;
  tampered[0] = tampered[0] == 'a' ? 'b' : 'a';  // the value, not the signature
  CHECK_FALSE(http::cookies::verify(tampered, secrets));
  const auto other = secret_of("another-secret-0123456789-abcdefghijklmnopqrst");
  CHECK_FALSE(http::cookies::verify(*good, std::vector{other}));
  CHECK_FALSE(http::cookies::verify("no-signature", secrets));
  CHECK_FALSE(http::cookies::verify("value.short=", secrets));
  CHECK_FALSE(http::cookies::verify(".%ZZ", secrets));
  CHECK_FALSE(http::cookies::verify("", secrets));
  // Quoted and URL-decoded forms of a good value still verify.
  CHECK(http::cookies::verify("\"" + *good + "\"", secrets) == "session-token-value");
  auto plain = http::cookies::sign_plain("session-token-value", *secret);
  REQUIRE(plain.has_value());
  CHECK(http::cookies::verify(*plain, secrets) == "session-token-value");
}

TEST_CASE("Signed cookies: a previous secret still verifies after rotation", "[http]") {
  const auto old_secret = secret_of("old-secret-0123456789-abcdefghijklmnopqrstuvwx");
  const auto new_secret = secret_of("new-secret-0123456789-abcdefghijklmnopqrstuvwx");
  auto issued = http::cookies::sign("token", *old_secret);
  REQUIRE(issued.has_value());
  CHECK_FALSE(http::cookies::verify(*issued, std::vector{new_secret}));
  CHECK(http::cookies::verify(*issued, std::vector{new_secret, old_secret}) == "token");
}

TEST_CASE("Cookie header parsing finds the named cookie", "[http]") {
  const std::string header = "a=1; authkit.session_token=abc.def%3D;b=2 ;  c = 3";
  CHECK(http::cookies::find(header, "authkit.session_token") == "abc.def%3D");
  CHECK(http::cookies::find(header, "a") == "1");
  CHECK(http::cookies::find(header, "b") == "2");
  CHECK_FALSE(http::cookies::find(header, "session_token"));
  CHECK_FALSE(http::cookies::find("", "a"));
}

TEST_CASE("Set-Cookie lines: Secure, browser-session and clearing forms", "[http]") {
  CHECK(http::cookies::set_cookie("__Secure-x.session_token", "v", std::nullopt, true) ==
        "__Secure-x.session_token=v; Path=/; HttpOnly; Secure; SameSite=Lax");
  CHECK(http::cookies::clear_cookie("x.dont_remember", false) ==
        "x.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
}

}  // namespace authkit::test
