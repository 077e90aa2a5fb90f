#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

TEMPLATE_TEST_CASE("G6: issue_jwt exchanges a live session for a 15-minute JWT", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>([](AuthServiceOptions& o) {
    o.jwt.claims = [](const User& user) {
      return nlohmann::json{{"role", user.email == "cleo@example.com" ? "admin" : "user"}};
    };
  });
  const User user = h.sign_up_verified("cleo@example.com");
  const std::string session = h.sign_in("cleo@example.com");
  auto jwt = h.auth().issue_jwt(session);
  REQUIRE(jwt.has_value());

  // A resource server needs only the public JWKS document.
  auto keys = JwkSet::parse_public(h.auth().jwks().dump());
  REQUIRE(keys.has_value());
  for (const auto& key : h.auth().jwks()["keys"]) CHECK_FALSE(key.contains("d"));
  auto verifier = JwtVerifier::create(*keys, {.issuer = "https://auth.example.com",
                                              .audience = {"https://auth.example.com"},
                                              .clock = h.clock});
  REQUIRE(verifier.has_value());
  auto claims = verifier->verify(*jwt);
  REQUIRE(claims.has_value());
  CHECK(claims->subject() == std::optional<std::string>(user.id));
  CHECK(claims->email() == std::optional<std::string>("cleo@example.com"));
  CHECK(claims->name() == std::optional<std::string>("Test User"));
  REQUIRE(claims->issued_at().has_value());
  CHECK(*claims->expires_at() - *claims->issued_at() == std::chrono::seconds(900));
  CHECK(claims->json()["role"] == "admin");

  // Expired after 15 minutes (plus the verifier's 30 s leeway); no JWT at all once the
  // session is gone.
  h.clock->advance(std::chrono::minutes(15) + std::chrono::seconds(29));
  CHECK(verifier->verify(*jwt).has_value());
  h.clock->advance(std::chrono::seconds(1));
  CHECK(code_of(verifier->verify(*jwt)) == Errc::jwt_expired);
  REQUIRE(h.auth().sign_out(session).has_value());
  CHECK(code_of(h.auth().issue_jwt(session)) == Errc::unauthorized);
}

TEMPLATE_TEST_CASE("I1: the default JWT key is Ed25519", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  REQUIRE(h.auth().jwt_keys().size() == 1);
  CHECK(h.auth().jwt_keys().keys().front().algorithm() == Algorithm::EdDSA);
  CHECK(h.auth().jwks()["keys"][0]["crv"] == "Ed25519");
}

TEMPLATE_TEST_CASE("configured JWT keys, issuer and audience are used", "[service]", BACKENDS) {
  auto key = Jwk::generate(Algorithm::ES256);
  REQUIRE(key.has_value());
  auto retired = Jwk::generate(Algorithm::EdDSA);
  REQUIRE(retired.has_value());
  auto set = JwkSet::of(*key);
  REQUIRE(set.has_value());
  auto h = Harness::make<TestType>([&](AuthServiceOptions& o) {
    o.jwt.signing_key = *key;
    o.jwt.previous_keys = {*retired};
    o.jwt.issuer = "https://issuer.example";
    o.jwt.audience = "tasks-api";
  });
  h.sign_up_verified("dan@example.com");
  auto jwt = h.auth().issue_jwt(h.sign_in("dan@example.com"));
  REQUIRE(jwt.has_value());
  auto verifier = JwtVerifier::create(
      *set, {.issuer = "https://issuer.example", .audience = {"tasks-api"}, .clock = h.clock});
  REQUIRE(verifier.has_value());
  CHECK(verifier->verify(*jwt).has_value());
  // The retired key is still published, public half only, after the signing key.
  REQUIRE(h.auth().jwks()["keys"].size() == 2);
  CHECK(h.auth().jwks()["keys"][0]["kid"] == key->kid());
  CHECK(h.auth().jwks()["keys"][1]["kid"] == retired->kid());
  CHECK_FALSE(h.auth().jwks()["keys"][1].contains("d"));
}

TEMPLATE_TEST_CASE("a public-only signing key is a configuration error", "[service]", BACKENDS) {
  auto key = Jwk::generate(Algorithm::ES256);
  REQUIRE(key.has_value());
  auto public_only = key->public_key();
  REQUIRE(public_only.has_value());
  auto store = TestType::make();
  auto options = base_options(store, std::make_shared<MockMailService>(), nullptr, clock_at());
  options.jwt.signing_key = *public_only;
  CHECK(code_of(AuthService::create(options)) == Errc::invalid_configuration);
  options.jwt.signing_key = *key;
  options.jwt.previous_keys = {*key};  // the same kid twice
  CHECK(code_of(AuthService::create(options)) == Errc::invalid_configuration);
}

}  // namespace authkit::test
