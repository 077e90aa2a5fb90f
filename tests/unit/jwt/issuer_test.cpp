// JwtIssuer: configuration checks, header and claims it stamps, and refused inputs.
#include <string>

#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kNow;
using authkit::test::kOk;
using Json = nlohmann::json;

namespace {

test::Outcome create_code(const Jwk& key, IssuerOptions options) {
  return code_of(JwtIssuer::create(key, std::move(options)));
}

IssuerOptions with_lifetime(std::chrono::seconds lifetime = std::chrono::seconds(600)) {
  IssuerOptions o;
  o.lifetime = lifetime;
  o.clock = test::clock_at();
  return o;
}

UnverifiedToken decode(const std::string& token) {
  auto d = unsafe_decode_unverified(token);
  REQUIRE(d.has_value());
  return *d;
}

TokenClaims subject(std::string sub) {
  TokenClaims c;
  c.subject = std::move(sub);
  return c;
}

}  // namespace

TEST_CASE("JwtIssuer requires an explicit positive lifetime and a signing key", "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  CHECK(create_code(key, IssuerOptions{}) == Errc::invalid_configuration);
  CHECK(create_code(key, with_lifetime(std::chrono::seconds(0))) == Errc::invalid_configuration);
  CHECK(create_code(key, with_lifetime(std::chrono::seconds(-60))) == Errc::invalid_configuration);
  CHECK(create_code(key, with_lifetime()) == kOk);
  CHECK(create_code(*test::cached_key(Algorithm::ES256).public_key(), with_lifetime()) ==
        Errc::invalid_key);

  IssuerOptions bad_typ = with_lifetime();
  bad_typ.typ = "at+jwt\n";
  CHECK(create_code(key, bad_typ) == Errc::invalid_configuration);
  bad_typ.typ = "at\x7Fjwt";
  CHECK(create_code(key, bad_typ) == Errc::invalid_configuration);
  bad_typ.typ = "\xFF";
  CHECK(create_code(key, bad_typ) == Errc::invalid_configuration);
  IssuerOptions bad_iss = with_lifetime();
  bad_iss.issuer = "https://\xC0\xAF";
  CHECK(create_code(key, bad_iss) == Errc::invalid_configuration);
  IssuerOptions bad_aud = with_lifetime();
  bad_aud.audience = {"api", ""};
  CHECK(create_code(key, bad_aud) == Errc::invalid_configuration);
  bad_aud.audience = {"\xED\xA0\x80"};
  CHECK(create_code(key, bad_aud) == Errc::invalid_configuration);
}

TEST_CASE("JwtIssuer stamps {alg, kid, typ} and {sub, iat, exp}", "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  auto issuer = JwtIssuer::create(key, with_lifetime());
  REQUIRE(issuer.has_value());
  CHECK(issuer->key().kid() == "hs-1");
  const auto token = issuer->issue(subject("u1"));
  REQUIRE(token.has_value());
  const auto seg = test::segments_of(*token);
  REQUIRE(seg.size() == 3);
  // Exact, deterministic text: a regression here changes every token ever issued.
  CHECK(test::unb64u(seg[0]) == R"({"alg":"HS256","kid":"hs-1","typ":"JWT"})");
  CHECK(test::unb64u(seg[1]) == R"({"sub":"u1","iat":1700000000,"exp":1700000600})");
  CHECK(code_of(test::make_verifier(key).verify(*token)) == kOk);

  // Per-algorithm: alg and kid follow the key.
  for (const Algorithm alg : test::kAllAlgorithms) {
    INFO(algorithm_name(alg));
    const Jwk& k = test::cached_key(alg);
    const auto t = test::issue_for(test::make_issuer(k));
    const auto d = decode(t);
    CHECK(d.header["alg"].get<std::string>() == algorithm_name(alg));
    CHECK(d.header["kid"].get<std::string>() == k.kid());
    CHECK(code_of(test::make_verifier(k).verify(t)) == kOk);
  }
}

TEST_CASE("JwtIssuer typ option: custom value, or omitted when empty", "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  IssuerOptions at = with_lifetime();
  at.typ = "at+jwt";
  CHECK(decode(test::issue_for(test::make_issuer(key, at))).header["typ"] == "at+jwt");
  IssuerOptions none = with_lifetime();
  none.typ.clear();
  const auto d = decode(test::issue_for(test::make_issuer(key, none)));
  CHECK_FALSE(d.header.contains("typ"));
  CHECK(d.header.size() == 2);
}

TEST_CASE("JwtIssuer iss and aud: one audience is a string, several an array", "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  IssuerOptions one = with_lifetime();
  one.issuer = "https://issuer.example";
  one.audience = {"api"};
  const auto d1 = decode(test::issue_for(test::make_issuer(key, one)));
  CHECK(d1.claims["iss"] == "https://issuer.example");
  REQUIRE(d1.claims["aud"].is_string());
  CHECK(d1.claims["aud"] == "api");

  IssuerOptions many = one;
  many.audience = {"api", "web"};
  const auto d2 = decode(test::issue_for(test::make_issuer(key, many)));
  REQUIRE(d2.claims["aud"].is_array());
  CHECK(d2.claims["aud"] == Json::array({"api", "web"}));

  const auto d3 = decode(test::issue_for(test::make_issuer(key, with_lifetime())));
  CHECK_FALSE(d3.claims.contains("aud"));
  CHECK_FALSE(d3.claims.contains("iss"));
  CHECK_FALSE(d3.claims.contains("jti"));
}

TEST_CASE("JwtIssuer lifetime, clock and per-token lifetime", "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  auto clock = test::clock_at(kNow);
  IssuerOptions o = with_lifetime(std::chrono::seconds(900));
  o.clock = clock;
  const JwtIssuer issuer = test::make_issuer(key, o);
  auto d = decode(test::issue_for(issuer));
  CHECK(d.claims["iat"] == kNow);
  CHECK(d.claims["exp"] == kNow + 900);

  clock->advance(std::chrono::milliseconds(1500));  // iat is floored to whole seconds
  d = decode(test::issue_for(issuer));
  CHECK(d.claims["iat"] == kNow + 1);

  const auto custom = issuer.issue(subject("u1"), std::chrono::seconds(30));
  REQUIRE(custom.has_value());
  d = decode(*custom);
  CHECK(d.claims["exp"].get<std::int64_t>() - d.claims["iat"].get<std::int64_t>() == 30);
  CHECK(code_of(issuer.issue(subject("u1"), std::chrono::seconds(0))) == Errc::invalid_argument);
  CHECK(code_of(issuer.issue(subject("u1"), std::chrono::seconds(-1))) == Errc::invalid_argument);
}

TEST_CASE("JwtIssuer writes email, name and extra claims", "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  const JwtIssuer issuer = test::make_issuer(key);
  TokenClaims c = subject("user-\"1\"\n");
  c.email = "u@example.com";
  c.name = "Zo\xC3\xAB";
  c.extra = Json{{"role", "admin"},
                 {"n", 5},
                 {"flags", Json::array({true, nullptr})},
                 {"ctx", {{"tenant", "t1"}}}};
  const auto token = issuer.issue(c);
  REQUIRE(token.has_value());
  const auto claims = test::make_verifier(key).verify(*token);
  REQUIRE(claims.has_value());
  CHECK(claims->subject() == "user-\"1\"\n");  // escaped and round-tripped
  CHECK(claims->email() == "u@example.com");
  CHECK(claims->name() == "Zo\xC3\xAB");
  const Json j = claims->json();
  CHECK(j["role"] == "admin");
  CHECK(j["n"] == 5);
  CHECK(j["flags"] == Json::array({true, nullptr}));
  CHECK(j["ctx"]["tenant"] == "t1");
}

TEST_CASE("JwtIssuer refuses reserved names in extra, bad subjects and invalid UTF-8",
          "[jwt][issuer]") {
  const Jwk key = test::hs256_key();
  const JwtIssuer issuer = test::make_issuer(key);
  for (const char* reserved : {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "email", "name"}) {
    INFO("extra claim " << reserved);
    TokenClaims c = subject("u1");
    c.extra = Json{{reserved, "x"}};
    CHECK(code_of(issuer.issue(c)) == Errc::invalid_argument);
  }
  TokenClaims not_object = subject("u1");
  not_object.extra = Json::array({1, 2});
  CHECK(code_of(issuer.issue(not_object)) == Errc::invalid_argument);
  not_object.extra = "text";
  CHECK(code_of(issuer.issue(not_object)) == Errc::invalid_argument);

  CHECK(code_of(issuer.issue(subject(""))) == Errc::invalid_argument);
  CHECK(code_of(issuer.issue(subject("u\xFF"))) == Errc::invalid_argument);
  TokenClaims bad_email = subject("u1");
  bad_email.email = "\xC0\xAF@example.com";
  CHECK(code_of(issuer.issue(bad_email)) == Errc::invalid_argument);
  TokenClaims bad_name = subject("u1");
  bad_name.name = "\xED\xA0\x80";
  CHECK(code_of(issuer.issue(bad_name)) == Errc::invalid_argument);
  TokenClaims bad_value = subject("u1");
  bad_value.extra = Json{{"note", "\xFF\xFE"}};
  CHECK(code_of(issuer.issue(bad_value)) == Errc::invalid_argument);
  TokenClaims nested_bad = subject("u1");
  nested_bad.extra = Json{{"ctx", {{"k", "\xC3"}}}};
  CHECK(code_of(issuer.issue(nested_bad)) == Errc::invalid_argument);
  TokenClaims bad_key = subject("u1");
  bad_key.extra = Json{{"k\xFF", 1}};
  CHECK(code_of(issuer.issue(bad_key)) == Errc::invalid_argument);
}

TEST_CASE("JwtIssuer tokens verify under a verifier with matching expectations", "[jwt][issuer]") {
  const Jwk& key = test::cached_key(Algorithm::ES256);
  IssuerOptions io = with_lifetime();
  io.issuer = "https://id.example";
  io.audience = {"api"};
  io.typ = "at+jwt";
  io.include_jti = true;
  TokenClaims c = subject("u42");
  c.email = "u42@example.com";
  const auto token = test::make_issuer(key, io).issue(c);
  REQUIRE(token.has_value());

  VerifyOptions vo;
  vo.issuer = "https://id.example";
  vo.audience = {"api"};
  vo.typ = "at+jwt";
  vo.subject = "u42";
  vo.required_claims = {"jti"};
  const auto claims = test::make_verifier(key, vo).verify(*token);
  REQUIRE(claims.has_value());
  CHECK(claims->subject() == "u42");
  CHECK(claims->issuer() == "https://id.example");
  CHECK(claims->type() == "at+jwt");
  CHECK(claims->jwt_id().has_value());
  CHECK(claims->email() == "u42@example.com");
}
