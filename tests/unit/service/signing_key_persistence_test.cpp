// AuthService keeps its JWT signing key in the store, sealed under a key derived from
// jwt_key_secret, so restarts and sibling processes share one key and one JWKS.
#include <thread>

#include "unit/service/hooked_store.hpp"
#include "unit/service/service_harness.hpp"

namespace authkit::test {

namespace {

#define PERSISTENT_BACKENDS MemoryBackend, SqliteFileBackend, PostgresBackend

std::shared_ptr<const Secret> secret_of(char fill) {
  auto secret = Secret::from_string(std::string(40, fill));
  REQUIRE(secret.has_value());
  return std::make_shared<const Secret>(std::move(*secret));
}

/// Options on `store` that keep the signing key there under `secret`.
AuthServiceOptions persistent_options(const Harness& h, std::shared_ptr<const Secret> secret) {
  AuthServiceOptions options = h.options;
  options.jwt.key_secret = std::move(secret);
  return options;
}

AuthService create(const AuthServiceOptions& options) {
  auto service = AuthService::create(options);
  REQUIRE(service.has_value());
  return std::move(*service);
}

std::vector<std::string> kids(const AuthService& service) {
  std::vector<std::string> out;
  for (const auto& key : service.jwks()["keys"]) out.push_back(key["kid"].get<std::string>());
  return out;
}

/// Verifies `jwt` against `service`'s published JWKS, as a resource server would.
bool verifies(const AuthService& service, const std::string& jwt,
              const std::shared_ptr<const Clock>& clock) {
  auto keys = JwkSet::parse_public(service.jwks().dump());
  REQUIRE(keys.has_value());
  auto verifier = JwtVerifier::create(*keys, {.issuer = "https://auth.example.com",
                                              .audience = {"https://auth.example.com"},
                                              .clock = clock});
  REQUIRE(verifier.has_value());
  return verifier->verify(jwt).has_value();
}

}  // namespace

TEMPLATE_TEST_CASE("JWT signing key: a restart with the same secret keeps the key and the JWKS",
                   "[service][jwt]", PERSISTENT_BACKENDS) {
  auto h = Harness::make<TestType>();
  const auto options = persistent_options(h, secret_of('a'));
  const AuthService first = create(options);
  h.sign_up_verified("dana@example.com");
  auto jwt = first.issue_jwt(h.sign_in("dana@example.com"));
  REQUIRE(jwt.has_value());

  const AuthService restarted = create(options);
  CHECK(restarted.jwks() == first.jwks());
  CHECK(verifies(restarted, *jwt, h.clock));
  auto again = restarted.issue_jwt(h.sign_in("dana@example.com"));
  REQUIRE(again.has_value());
  CHECK(verifies(first, *again, h.clock));

  // One row, its private half sealed: no JWK member of a private key appears in it.
  auto rows = h.store->list_signing_keys();
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 1);
  const SigningKeyRecord& row = rows->front();
  CHECK(row.id == kids(first).front());
  CHECK(row.algorithm == "EdDSA");
  CHECK(row.private_key.starts_with("v1."));
  CHECK(row.private_key.find("\"d\"") == std::string::npos);
  CHECK(row.public_key.find("\"d\"") == std::string::npos);
  CHECK(first.jwks()["keys"][0]["x"] == nlohmann::json::parse(row.public_key)["x"]);
}

TEMPLATE_TEST_CASE(
    "JWT signing key: a new secret makes a new key, and the old one stays published "
    "only while its tokens can live",
    "[service][jwt]", PERSISTENT_BACKENDS) {
  auto h = Harness::make<TestType>();
  const AuthService before = create(persistent_options(h, secret_of('a')));
  h.sign_up_verified("eli@example.com");
  auto old_jwt = before.issue_jwt(h.sign_in("eli@example.com"));
  REQUIRE(old_jwt.has_value());
  const std::string old_kid = kids(before).front();

  h.clock->advance(std::chrono::minutes(1));
  const auto rotated_options = persistent_options(h, secret_of('b'));
  const AuthService after = create(rotated_options);
  const auto published = kids(after);
  REQUIRE(published.size() == 2);
  CHECK(published[0] != old_kid);
  CHECK(published[1] == old_kid);
  CHECK(verifies(after, *old_jwt, h.clock));

  // 15 minutes of token life plus 5 of clock skew after the new key appeared, the old key is
  // no longer published by a (re)started service.
  h.clock->advance(std::chrono::minutes(20) - std::chrono::seconds(1));
  CHECK(kids(create(rotated_options)).size() == 2);
  h.clock->advance(std::chrono::seconds(1));
  CHECK(kids(create(rotated_options)) == std::vector<std::string>{published[0]});

  // The first secret still opens the first key, but it is no longer the newest: a service
  // with the old secret makes yet another key rather than signing with a superseded one.
  auto rows = h.store->list_signing_keys();
  REQUIRE(rows.has_value());
  CHECK(rows->size() == 2);
}

TEMPLATE_TEST_CASE("JWT signing key: a sealed key copied to another row does not open",
                   "[service][jwt]", PERSISTENT_BACKENDS) {
  auto h = Harness::make<TestType>();
  const auto options = persistent_options(h, secret_of('a'));
  const AuthService first = create(options);
  auto rows = h.store->list_signing_keys();
  REQUIRE(rows.has_value());
  SigningKeyRecord forged = rows->front();
  forged.id = "forged-kid";
  forged.created_at += std::chrono::seconds(1);  // newer, so it would be preferred if it opened
  REQUIRE(code_of(h.store->insert_signing_key(forged, 1)) == kOk);
  SigningKeyRecord garbled = rows->front();
  garbled.id = "garbled";
  garbled.created_at += std::chrono::seconds(2);
  garbled.private_key = "v1.AAAA";
  REQUIRE(code_of(h.store->insert_signing_key(garbled, 2)) == kOk);

  const AuthService second = create(options);
  CHECK(kids(second) == kids(first));
}

TEMPLATE_TEST_CASE("JWT signing key: services started together converge on one key",
                   "[service][jwt]", PERSISTENT_BACKENDS) {
  auto h = Harness::make<TestType>();
  const auto options = persistent_options(h, secret_of('a'));
  // Catch's assertions are not thread-safe: the other thread only creates, the checks run here.
  std::optional<Result<AuthService>> a;
  std::thread other([&] { a.emplace(AuthService::create(options)); });
  auto b = AuthService::create(options);
  other.join();
  REQUIRE(a.has_value());
  REQUIRE(a->has_value());
  REQUIRE(b.has_value());
  // Only one of them stored a key, and both sign with it.
  CHECK(kids(**a).front() == kids(*b).front());
  CHECK(kids(create(options)).front() == kids(**a).front());
  auto rows = h.store->list_signing_keys();
  REQUIRE(rows.has_value());
  CHECK(rows->size() == 1);
}

TEST_CASE("JWT signing key: a service that loses the race to store a key takes the winner's",
          "[service][jwt]") {
  // The worst interleaving, made deterministic: both processes list an empty store, and the
  // other one stores its key just before this one tries to.
  auto h = Harness::make<MemoryBackend>();
  auto hooked = std::make_shared<HookedStore>();
  auto options = persistent_options(h, secret_of('a'));
  options.stores = Stores::of(hooked);
  std::optional<AuthService> other;
  hooked->before_insert_signing_key = [&] { other.emplace(create(options)); };
  const AuthService self = create(options);
  REQUIRE(other.has_value());
  CHECK(kids(self) == kids(*other));
  auto rows = hooked->list_signing_keys();
  REQUIRE(rows.has_value());
  CHECK(rows->size() == 1);  // the loser stored nothing
}

TEMPLATE_TEST_CASE("JWT signing key: ES256 keys are generated and kept when configured",
                   "[service][jwt]", PERSISTENT_BACKENDS) {
  auto h = Harness::make<TestType>();
  auto options = persistent_options(h, secret_of('a'));
  options.jwt.algorithm = Algorithm::ES256;
  const AuthService first = create(options);
  CHECK(first.jwks()["keys"][0]["alg"] == "ES256");
  CHECK(first.jwks()["keys"][0]["crv"] == "P-256");
  CHECK(create(options).jwks() == first.jwks());
}

TEST_CASE("JWT signing key: without a key secret each service has its own key, stored nowhere",
          "[service][jwt]") {
  auto h = Harness::make<MemoryBackend>();
  const AuthService other = create(h.options);
  CHECK(kids(other) != kids(h.auth()));
  auto rows = h.store->list_signing_keys();
  REQUIRE(rows.has_value());
  CHECK(rows->empty());
}

TEST_CASE("JWT signing key: a configured key wins over the store", "[service][jwt]") {
  auto h = Harness::make<MemoryBackend>();
  auto key = Jwk::generate(Algorithm::ES256, {.kid = "configured"});
  REQUIRE(key.has_value());
  auto options = persistent_options(h, secret_of('a'));
  options.jwt.signing_key = *key;
  CHECK(kids(create(options)) == std::vector<std::string>{"configured"});
  auto rows = h.store->list_signing_keys();
  REQUIRE(rows.has_value());
  CHECK(rows->empty());
}

TEST_CASE("JWT signing key: a symmetric jwt_algorithm is refused", "[service][jwt]") {
  auto h = Harness::make<MemoryBackend>();
  auto options = persistent_options(h, secret_of('a'));
  options.jwt.algorithm = Algorithm::HS256;
  CHECK(code_of(AuthService::create(options)) == Errc::invalid_configuration);
}

}  // namespace authkit::test
