// Randomness fails closed (checklist I2).
#include <set>
#include <string>
#include <vector>

#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;

TEST_CASE("I2: RNG failure makes key, secret and jti generation fail closed with CRYPTO_FAILURE",
          "[checklist][rng]") {
  const Jwk key = test::hs256_key();
  IssuerOptions options;
  options.include_jti = true;
  const JwtIssuer issuer = test::make_issuer(key, options);
  TokenClaims claims;
  claims.subject = "u1";

  {
    const test::RngFailureGuard fail;
    CHECK(code_of(Jwk::generate(Algorithm::HS256)) == Errc::crypto_failure);
    CHECK(code_of(Jwk::generate(Algorithm::HS512)) == Errc::crypto_failure);
    CHECK(code_of(Secret::random()) == Errc::crypto_failure);
    CHECK(code_of(Secret::random(64)) == Errc::crypto_failure);
    CHECK(code_of(issuer.issue(claims)) == Errc::crypto_failure);
    std::vector<unsigned char> buf(16, 0xAA);
    CHECK(code_of(rng::fill(buf)) == Errc::crypto_failure);
    CHECK(buf == std::vector<unsigned char>(16, 0));  // no partial output is left behind
    CHECK(code_of(rng::token_b64url(16)) == Errc::crypto_failure);
  }

  // After the guard is gone everything works again (the hook was reset).
  CHECK(code_of(Jwk::generate(Algorithm::HS256)) == test::kOk);
  CHECK(code_of(Secret::random()) == test::kOk);
  const auto token = issuer.issue(claims);
  REQUIRE(token.has_value());
  const auto verified = test::make_verifier(key).verify(*token);
  REQUIRE(verified.has_value());
  CHECK(verified->jwt_id().has_value());
}

TEST_CASE("I2: an issuer without include_jti does not need the RNG", "[checklist][rng]") {
  const Jwk key = test::hs256_key();
  const JwtIssuer issuer = test::make_issuer(key);
  const test::RngFailureGuard fail;
  TokenClaims claims;
  claims.subject = "u1";
  CHECK(code_of(issuer.issue(claims)) == test::kOk);
}

TEST_CASE("rng::fill and token_b64url produce distinct output", "[core][rng]") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto t = rng::token_b64url(16);
    REQUIRE(t.has_value());
    CHECK(t->size() == 22);
    CHECK(seen.insert(*t).second);
  }
  std::vector<unsigned char> empty;
  CHECK(code_of(rng::fill(empty)) == test::kOk);
}
