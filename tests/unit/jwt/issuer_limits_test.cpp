// The issuer never mints a token its own verifier would refuse: nbf round trip, lifetime
// bounds, JSON caps on extra claims, the 8 KiB size cap; and claims() parses every verified
// payload.
#include "unit/test_support.hpp"

using namespace authkit;
using namespace authkit::test;

TEST_CASE("issuer: not_before is stamped as nbf and enforced by the verifier", "[issuer]") {
  const Jwk& key = cached_key(Algorithm::ES256);
  const auto clock = clock_at();
  IssuerOptions options;
  options.clock = clock;
  const JwtIssuer issuer = make_issuer(key, options);
  TokenClaims claims;
  claims.subject = "u1";
  claims.not_before = from_unix_seconds(kNow + 120);
  const std::string token = issuer.issue(claims).value();

  VerifyOptions verify;
  verify.clock = clock;
  verify.leeway = std::chrono::seconds(0);
  const JwtVerifier verifier = make_verifier(key, verify);
  const auto early = verifier.verify(token);
  CHECK(code_of(early) == Errc::jwt_not_yet_valid);
  CHECK(early.error().claim() == "nbf");

  clock->set(from_unix_seconds(kNow + 120));
  const auto on_time = verifier.verify(token);
  REQUIRE(on_time.has_value());
  CHECK(on_time->not_before() == from_unix_seconds(kNow + 120));
}

TEST_CASE("issuer: lifetimes above max_lifetime are refused", "[issuer]") {
  const Jwk& key = cached_key(Algorithm::HS256);
  IssuerOptions options;
  options.lifetime = IssuerOptions::max_lifetime + std::chrono::seconds(1);
  CHECK(code_of(JwtIssuer::create(key, options)) == Errc::invalid_configuration);
  options.lifetime = std::chrono::seconds::max();
  CHECK(code_of(JwtIssuer::create(key, options)) == Errc::invalid_configuration);

  const JwtIssuer issuer = make_issuer(key);
  TokenClaims claims;
  claims.subject = "u1";
  CHECK(code_of(issuer.issue(claims, std::chrono::seconds::max())) == Errc::invalid_argument);
  // The largest allowed lifetime still yields a token the verifier accepts.
  const auto longest = issuer.issue(claims, IssuerOptions::max_lifetime);
  REQUIRE(longest.has_value());
  CHECK(make_verifier(key).verify(*longest).has_value());
}

TEST_CASE("issuer: extra claims beyond the verifier's JSON caps are refused", "[issuer]") {
  const JwtIssuer issuer = make_issuer(cached_key(Algorithm::HS256));
  TokenClaims deep;
  deep.subject = "u1";
  nlohmann::json nested = 1;
  for (int i = 0; i < 20; ++i) nested = nlohmann::json::array({nested});
  deep.extra["deep"] = nested;
  CHECK(code_of(issuer.issue(deep)) == Errc::invalid_argument);

  TokenClaims wide;
  wide.subject = "u1";
  for (int i = 0; i < 70; ++i) wide.extra["c" + std::to_string(i)] = i;
  CHECK(code_of(issuer.issue(wide)) == Errc::invalid_argument);

  TokenClaims fits;
  fits.subject = "u1";
  for (int i = 0; i < 40; ++i) fits.extra["c" + std::to_string(i)] = i;
  const auto token = issuer.issue(fits);
  REQUIRE(token.has_value());
  CHECK(make_verifier(cached_key(Algorithm::HS256)).verify(*token).has_value());
}

TEST_CASE("issuer: tokens over 8 KiB are refused", "[issuer]") {
  const JwtIssuer issuer = make_issuer(cached_key(Algorithm::HS256));
  TokenClaims big;
  big.subject = "u1";
  big.extra["blob"] = std::string(7000, 'x');
  CHECK(code_of(issuer.issue(big)) == Errc::invalid_argument);
  big.extra["blob"] = std::string(5000, 'x');
  const auto fits = issuer.issue(big);
  REQUIRE(fits.has_value());
  // One named cap: what the issuer keeps under is what the verifier's default accepts.
  CHECK(fits->size() <= default_max_token_bytes);
  CHECK(VerifyOptions{}.max_token_bytes == default_max_token_bytes);
  CHECK(make_verifier(cached_key(Algorithm::HS256)).verify(*fits).has_value());
}

TEST_CASE("claims: json() parses every payload verify() accepted, and 1e400 is refused",
          "[claims]") {
  const Jwk key = hs256_key();
  const JwtVerifier verifier = make_verifier(key);
  const std::string header = R"({"alg":"HS256","kid":"hs-1"})";
  const auto overflow = verifier.verify(
      mac_token(header, R"({"sub":"u1","exp":1700000600,"x":1e400})", kHs256Secret));
  CHECK(code_of(overflow) == Errc::jwt_malformed);
  const auto tiny = verifier.verify(
      mac_token(header, R"({"sub":"u1","exp":1700000600,"x":1e-400,"y":-2.5E3})", kHs256Secret));
  REQUIRE(tiny.has_value());
  const nlohmann::json parsed = tiny->json();
  REQUIRE(parsed.is_object());
  CHECK(parsed.at("y").get<double>() == -2500.0);
}

TEST_CASE("keys: an RSA private JWK whose d belongs to another key is refused", "[keys]") {
  const Jwk a = Jwk::generate(Algorithm::RS256).value();
  const Jwk b = Jwk::generate(Algorithm::RS256).value();
  nlohmann::json mixed = a.to_private_json().value();
  for (const char* crt : {"p", "q", "dp", "dq", "qi"}) mixed.erase(crt);
  mixed["d"] = b.to_private_json().value().at("d");
  CHECK(code_of(Jwk::from_json(mixed)) == Errc::invalid_key);

  nlohmann::json only_d = a.to_private_json().value();
  for (const char* crt : {"p", "q", "dp", "dq", "qi"}) only_d.erase(crt);
  const auto imported = Jwk::from_json(only_d);
  REQUIRE(imported.has_value());
  CHECK(imported->can_sign());
}
