// examples/resource-server's JwksCache: refetch on an unknown kid, the cooldown that bounds
// refetches, max_age, and keeping the old keys when a fetch fails. Time is a ManualClock and
// the "auth server" a lambda that counts its calls: no sleeps, no network.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "resource-server/jwks_cache.hpp"
#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kNow;
using authkit::test::kOk;
using resource_server::JwksCache;
using resource_server::JwksCacheOptions;

namespace {

constexpr const char* kOrigin = "http://auth.test";

Jwk ed25519(const std::string& kid) {
  auto key = Jwk::generate(Algorithm::EdDSA, {.kid = kid});
  REQUIRE(key);
  return *key;
}

std::string jwks_of(const std::vector<Jwk>& keys) {
  auto set = JwkSet::create(keys);
  REQUIRE(set);
  return set->to_public_json().dump();
}

/// The auth server's side: its current JWKS document (nullopt = down) and a call counter.
struct FakeAuthServer {
  std::optional<std::string> jwks;
  int calls = 0;
  resource_server::JwksFetch fetcher() {
    return [this] {
      ++calls;
      return jwks;
    };
  }
};

struct Fixture {
  std::shared_ptr<ManualClock> clock = test::clock_at(kNow);
  FakeAuthServer server;
  Jwk k1 = ed25519("k1");
  Jwk k2 = ed25519("k2");
  Jwk stranger = ed25519("k3");  // never published

  JwksCache cache() {
    JwksCacheOptions options;
    options.cooldown = std::chrono::seconds(30);
    options.max_age = std::chrono::seconds(600);
    options.verify.issuer = kOrigin;
    options.verify.audience = {kOrigin};
    options.verify.clock = clock;
    return JwksCache(server.fetcher(), clock, options);
  }

  std::string token(const Jwk& key, std::chrono::seconds lifetime = std::chrono::hours(2)) {
    auto issuer = JwtIssuer::create(
        key, {.lifetime = lifetime, .issuer = kOrigin, .audience = {kOrigin}, .clock = clock});
    REQUIRE(issuer);
    auto t = issuer->issue({.subject = "user-1"});
    REQUIRE(t);
    return *t;
  }
};

}  // namespace

TEST_CASE("JwksCache fetches on first use and then serves from the cache",
          "[examples][jwks_cache]") {
  Fixture f;
  f.server.jwks = jwks_of({f.k1});
  JwksCache cache = f.cache();
  CHECK(f.server.calls == 0);  // nothing happens at construction

  const auto claims = cache.verify(f.token(f.k1));
  REQUIRE(claims);
  CHECK(claims->subject() == "user-1");
  for (int i = 0; i < 10; ++i) CHECK(code_of(cache.verify(f.token(f.k1))) == kOk);
  CHECK(f.server.calls == 1);
  CHECK(cache.fetch_count() == 1);
}

TEST_CASE("JwksCache refetches for an unknown kid at most once per cooldown",
          "[examples][jwks_cache]") {
  Fixture f;
  f.server.jwks = jwks_of({f.k1});
  JwksCache cache = f.cache();
  REQUIRE(cache.refresh());
  CHECK(f.server.calls == 1);

  SECTION("a rotated key is picked up once the cooldown since the last fetch has passed") {
    f.server.jwks = jwks_of({f.k2, f.k1});
    // 10 s after the first fetch: still cooling down, so k2 is unknown and nothing is fetched.
    f.clock->advance(std::chrono::seconds(10));
    CHECK(code_of(cache.verify(f.token(f.k2))) == Errc::jwt_unknown_key);
    CHECK(f.server.calls == 1);
    f.clock->advance(std::chrono::seconds(20));  // exactly the cooldown
    CHECK(code_of(cache.verify(f.token(f.k2))) == kOk);
    CHECK(f.server.calls == 2);
    CHECK(code_of(cache.verify(f.token(f.k1))) == kOk);  // old key still published
    CHECK(f.server.calls == 2);
  }

  SECTION("made-up kids cost the auth server one request per cooldown, whatever their number") {
    f.clock->advance(std::chrono::seconds(31));
    const std::string garbage = f.token(f.stranger);
    for (int i = 0; i < 100; ++i) {
      CHECK(code_of(cache.verify(garbage)) == Errc::jwt_unknown_key);
    }
    CHECK(f.server.calls == 2);  // the first miss fetched; the other 99 were cooled down
    f.clock->advance(std::chrono::seconds(29));
    CHECK(code_of(cache.verify(garbage)) == Errc::jwt_unknown_key);
    CHECK(f.server.calls == 2);
    f.clock->advance(std::chrono::seconds(1));
    CHECK(code_of(cache.verify(garbage)) == Errc::jwt_unknown_key);
    CHECK(f.server.calls == 3);
    // Known keys keep working throughout, without fetches.
    CHECK(code_of(cache.verify(f.token(f.k1))) == kOk);
    CHECK(f.server.calls == 3);
  }

  SECTION("other failures never trigger a fetch") {
    f.clock->advance(std::chrono::seconds(31));
    const std::string short_lived = f.token(f.k1, std::chrono::seconds(60));
    f.clock->advance(std::chrono::seconds(120));
    CHECK(code_of(cache.verify(short_lived)) == Errc::jwt_expired);
    CHECK(code_of(cache.verify("not.a.token")) == Errc::jwt_malformed);
    // The signature's first character: every bit of it counts (the last one has unused bits,
    // and changing those is malformed base64url, not a bad signature).
    std::string tampered = f.token(f.k1);
    char& first = tampered[tampered.rfind('.') + 1];
    first = first == 'A' ? 'B' : 'A';
    CHECK(code_of(cache.verify(tampered)) == Errc::jwt_bad_signature);
    CHECK(f.server.calls == 1);
  }
}

TEST_CASE("JwksCache keeps its keys when a fetch fails or brings an unusable set",
          "[examples][jwks_cache]") {
  Fixture f;
  f.server.jwks = jwks_of({f.k1});
  JwksCache cache = f.cache();
  REQUIRE(cache.refresh());

  const auto bad_document = GENERATE(std::optional<std::string>{},  // auth server down
                                     std::optional<std::string>{"<html>oops</html>"},
                                     std::optional<std::string>{R"({"keys":[]})"});
  f.server.jwks = bad_document;
  f.clock->advance(std::chrono::seconds(31));
  CHECK(code_of(cache.verify(f.token(f.stranger))) == Errc::jwt_unknown_key);
  CHECK(f.server.calls == 2);                          // it tried...
  CHECK(code_of(cache.verify(f.token(f.k1))) == kOk);  // ...and kept k1
  CHECK(f.server.calls == 2);
}

TEST_CASE("JwksCache refuses a JWKS carrying a shared secret", "[examples][jwks_cache]") {
  Fixture f;
  const Jwk hmac = test::hs256_key("hs-1");
  auto secret_json = hmac.to_private_json();
  REQUIRE(secret_json);
  f.server.jwks = nlohmann::json{{"keys", {*secret_json}}}.dump();
  JwksCache cache = f.cache();
  CHECK_FALSE(cache.refresh());
  CHECK(f.server.calls == 1);
}

TEST_CASE("JwksCache without keys yet: the first request fetches, within the cooldown",
          "[examples][jwks_cache]") {
  Fixture f;
  JwksCache cache = f.cache();
  CHECK_FALSE(cache.refresh());  // the auth server is not up yet
  CHECK(f.server.calls == 1);
  f.server.jwks = jwks_of({f.k1});
  CHECK(code_of(cache.verify(f.token(f.k1))) == Errc::jwt_unknown_key);  // cooling down
  CHECK(f.server.calls == 1);
  f.clock->advance(std::chrono::seconds(30));
  CHECK(code_of(cache.verify(f.token(f.k1))) == kOk);
  CHECK(f.server.calls == 2);
}

TEST_CASE("JwksCache refetches a set older than max_age, and keeps it if that fails",
          "[examples][jwks_cache]") {
  Fixture f;
  f.server.jwks = jwks_of({f.k1});
  JwksCache cache = f.cache();
  REQUIRE(cache.refresh());
  const std::string token = f.token(f.k1);

  f.clock->advance(std::chrono::seconds(599));
  CHECK(code_of(cache.verify(token)) == kOk);
  CHECK(f.server.calls == 1);

  f.clock->advance(std::chrono::seconds(1));   // 600 s old: stale
  f.server.jwks.reset();                       // and the auth server is down
  CHECK(code_of(cache.verify(token)) == kOk);  // the old set still answers
  CHECK(f.server.calls == 2);
  CHECK(code_of(cache.verify(token)) == kOk);  // cooled down: no second attempt
  CHECK(f.server.calls == 2);

  // The auth server is back and has dropped k1: once the cooldown has passed, the stale set
  // is replaced and k1's tokens stop verifying.
  f.server.jwks = jwks_of({f.k2});
  f.clock->advance(std::chrono::seconds(30));
  CHECK(code_of(cache.verify(token)) == Errc::jwt_unknown_key);
  CHECK(f.server.calls == 3);
  CHECK(code_of(cache.verify(f.token(f.k2))) == kOk);
  CHECK(f.server.calls == 3);
}
