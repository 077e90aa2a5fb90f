// JwtVerifier options, VerifiedClaims, unsafe_decode_unverified, and a thread-safety smoke test.
#include <atomic>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kNow;
using authkit::test::kOk;

namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","kid":"hs-1"})";

test::Outcome create_code(VerifyOptions options) {
  auto set = JwkSet::of(test::hs256_key());
  REQUIRE(set.has_value());
  return code_of(JwtVerifier::create(std::move(*set), std::move(options)));
}

std::string typ_token(const Jwk& key, const std::string& typ) {
  return test::sign_token(key, R"({"alg":"HS256","kid":"hs-1","typ":")" + typ + "\"}",
                          test::claims());
}

}  // namespace

TEST_CASE("JwtVerifier::create refuses unsafe or contradictory options", "[jwt][verifier]") {
  CHECK(create_code({}) == kOk);
  VerifyOptions o;
  o.leeway = std::chrono::seconds(-1);
  CHECK(create_code(o) == Errc::invalid_configuration);
  o.leeway = VerifyOptions::max_leeway + std::chrono::seconds(1);
  CHECK(create_code(o) == Errc::invalid_configuration);
  o.leeway = VerifyOptions::max_leeway;
  CHECK(create_code(o) == kOk);
  o.leeway = std::chrono::seconds(0);
  CHECK(create_code(o) == kOk);

  VerifyOptions age;
  age.max_token_age = std::chrono::seconds(0);
  CHECK(create_code(age) == Errc::invalid_configuration);
  age.max_token_age = std::chrono::seconds(-5);
  CHECK(create_code(age) == Errc::invalid_configuration);

  VerifyOptions bytes;
  bytes.max_token_bytes = 0;
  CHECK(create_code(bytes) == Errc::invalid_configuration);

  VerifyOptions empty_iss;
  empty_iss.issuer = "";
  CHECK(create_code(empty_iss) == Errc::invalid_configuration);
  VerifyOptions empty_typ;
  empty_typ.typ = "";
  CHECK(create_code(empty_typ) == Errc::invalid_configuration);
  VerifyOptions empty_sub;
  empty_sub.subject = "";
  CHECK(create_code(empty_sub) == Errc::invalid_configuration);
  VerifyOptions empty_aud;
  empty_aud.audience = {"ok", ""};
  CHECK(create_code(empty_aud) == Errc::invalid_configuration);

  VerifyOptions algs;
  algs.algorithms = {Algorithm::HS384, Algorithm::ES256};
  CHECK(create_code(algs) == Errc::invalid_configuration);
  algs.algorithms = {Algorithm::HS384, Algorithm::HS256};
  CHECK(create_code(algs) == kOk);
}

TEST_CASE("JwtVerifier exposes its keys and options", "[jwt][verifier]") {
  VerifyOptions o;
  o.issuer = "iss";
  o.leeway = std::chrono::seconds(5);
  const JwtVerifier v = test::make_verifier(test::hs256_key(), o);
  CHECK(v.keys().size() == 1);
  CHECK(v.keys().find("hs-1") != nullptr);
  CHECK(v.options().issuer == "iss");
  CHECK(v.options().leeway == std::chrono::seconds(5));
  CHECK(v.options().max_token_bytes == 8 * 1024);
  // Copies share the same immutable state and behave identically.
  const JwtVerifier copy = v;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(copy.options().issuer == "iss");
}

TEST_CASE("VerifyOptions: typ is compared case-insensitively, ignoring application/",
          "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  VerifyOptions o;
  o.typ = "at+jwt";
  const JwtVerifier v = test::make_verifier(key, o);
  for (const char* ok : {"at+jwt", "AT+JWT", "At+Jwt", "application/at+jwt", "APPLICATION/AT+JWT",
                         "Application/at+JWT"}) {
    INFO("typ " << ok);
    CHECK(code_of(v.verify(typ_token(key, ok))) == kOk);
  }
  for (const char* bad : {"jwt", "at+jwt ", "at+jw", "application/jwt", "applicationat+jwt",
                          "app/at+jwt", "at-jwt", "application/", "",
                          // Only letters fold: '+' | 0x20 == '\v' | 0x20 must not match.
                          "at\\u000bjwt", "application\\u000fat+jwt", "at+jwt\\u0000"}) {
    INFO("typ \"" << bad << "\"");
    const auto r = v.verify(typ_token(key, bad));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == Errc::jwt_claim_mismatch);
    CHECK(r.error().claim() == "typ");
  }
  // An expectation written with the prefix matches a header without it.
  VerifyOptions prefixed;
  prefixed.typ = "application/at+JWT";
  CHECK(code_of(test::make_verifier(key, prefixed).verify(typ_token(key, "at+jwt"))) == kOk);
  // typ must be a string when present; without an expectation any typ passes.
  CHECK(code_of(v.verify(test::sign_token(key, R"({"alg":"HS256","typ":1})", test::claims()))) ==
        Errc::jwt_malformed);
  CHECK(code_of(test::make_verifier(key).verify(typ_token(key, "anything+jwt"))) == kOk);
  // The verified claims report the header's typ as sent.
  const auto claims = v.verify(typ_token(key, "application/at+jwt"));
  REQUIRE(claims.has_value());
  CHECK(claims->type() == "application/at+jwt");
}

TEST_CASE("VerifyOptions: subject", "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  VerifyOptions o;
  o.subject = "u1";
  const JwtVerifier v = test::make_verifier(key, o);
  CHECK(code_of(v.verify(test::sign_token(key, kHeader, test::claims()))) == kOk);
  const std::string exp = R"("exp":)" + std::to_string(kNow + 60);
  const auto other = v.verify(test::sign_token(key, kHeader, R"({"sub":"U1",)" + exp + "}"));
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().code() == Errc::jwt_claim_mismatch);
  CHECK(other.error().claim() == "sub");
  const auto missing = v.verify(test::sign_token(key, kHeader, "{" + exp + "}"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code() == Errc::jwt_claim_missing);
  CHECK(missing.error().claim() == "sub");
  CHECK(code_of(v.verify(test::sign_token(key, kHeader, R"({"sub":7,)" + exp + "}"))) ==
        Errc::jwt_malformed);
}

TEST_CASE("VerifyOptions: issuer and audience lists", "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  VerifyOptions o;
  o.issuer = "https://issuer.example";
  o.audience = {"web", "mobile"};
  const JwtVerifier v = test::make_verifier(key, o);
  IssuerOptions io;
  io.issuer = "https://issuer.example";
  io.audience = {"mobile"};
  CHECK(code_of(v.verify(test::issue_for(test::make_issuer(key, io)))) == kOk);
  io.audience = {"desktop", "web"};
  const auto both = v.verify(test::issue_for(test::make_issuer(key, io)));
  REQUIRE(both.has_value());
  CHECK(both->audience() == std::vector<std::string>{"desktop", "web"});
  io.audience = {"desktop"};
  CHECK(code_of(v.verify(test::issue_for(test::make_issuer(key, io)))) == Errc::jwt_claim_mismatch);
  io.audience = {"web"};
  io.issuer = "https://issuer.example.evil";
  CHECK(code_of(v.verify(test::issue_for(test::make_issuer(key, io)))) == Errc::jwt_claim_mismatch);
}

TEST_CASE("VerifyOptions: leeway applies to exp, nbf and iat alike", "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  for (const int leeway : {0, 30, 300}) {
    INFO("leeway " << leeway);
    VerifyOptions o;
    o.leeway = std::chrono::seconds(leeway);
    const JwtVerifier v = test::make_verifier(key, o);
    auto check = [&](std::int64_t exp) {
      return code_of(v.verify(
          test::sign_token(key, kHeader, R"({"sub":"u1","exp":)" + std::to_string(exp) + "}")));
    };
    CHECK(check(kNow - leeway) == Errc::jwt_expired);
    CHECK(check(kNow - leeway + 1) == kOk);
  }
}

TEST_CASE("VerifyOptions: max_token_age", "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  VerifyOptions o;
  o.leeway = std::chrono::seconds(0);
  o.max_token_age = std::chrono::minutes(5);
  const JwtVerifier v = test::make_verifier(key, o);
  auto with_iat = [&](std::int64_t iat) {
    return v.verify(test::sign_token(key, kHeader,
                                     R"({"sub":"u1","iat":)" + std::to_string(iat) + R"(,"exp":)" +
                                         std::to_string(kNow + 3600) + "}"));
  };
  CHECK(code_of(with_iat(kNow - 300)) == kOk);
  const auto old = with_iat(kNow - 301);
  REQUIRE_FALSE(old.has_value());
  CHECK(old.error().code() == Errc::jwt_expired);
  CHECK(old.error().claim() == "iat");
  CHECK(code_of(with_iat(kNow)) == kOk);
  CHECK(code_of(with_iat(kNow + 1)) == Errc::jwt_not_yet_valid);
}

TEST_CASE("VerifyOptions: required_claims accept any JSON type", "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  VerifyOptions o;
  o.required_claims = {"sub", "tenant", "roles"};
  const JwtVerifier v = test::make_verifier(key, o);
  CHECK(code_of(v.verify(test::sign_token(
            key, kHeader, test::claims(R"(,"tenant":null,"roles":["admin"])")))) == kOk);
  const auto missing = v.verify(test::sign_token(key, kHeader, test::claims(R"(,"tenant":"t")")));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code() == Errc::jwt_claim_missing);
  CHECK(missing.error().claim() == "roles");
  // Nested members do not count as top-level claims.
  const auto nested =
      v.verify(test::sign_token(key, kHeader, test::claims(R"(,"roles":1,"ctx":{"tenant":"t"})")));
  REQUIRE_FALSE(nested.has_value());
  CHECK(nested.error().claim() == "tenant");
}

TEST_CASE("VerifyOptions: require_expiration=false is the only way to accept no exp",
          "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  const std::string no_exp = test::sign_token(key, kHeader, R"({"sub":"u1"})");
  CHECK(code_of(test::make_verifier(key).verify(no_exp)) == Errc::jwt_claim_missing);
  VerifyOptions o;
  o.require_expiration = false;
  const auto claims = test::make_verifier(key, o).verify(no_exp);
  REQUIRE(claims.has_value());
  CHECK_FALSE(claims->expires_at().has_value());
}

TEST_CASE("VerifyOptions: algorithm allowlist and max_token_bytes", "[jwt][verifier]") {
  const Jwk hs256 = test::hs256_key();
  auto hs384 = Jwk::generate(Algorithm::HS384, GenerateKeyOptions{"hs384", 2048});
  REQUIRE(hs384.has_value());
  auto set = JwkSet::create({hs256, *hs384});
  REQUIRE(set.has_value());
  VerifyOptions o;
  o.algorithms = {Algorithm::HS384};
  const JwtVerifier v = test::make_verifier(*set, o);
  CHECK(code_of(v.verify(test::issue_for(test::make_issuer(*hs384)))) == kOk);
  CHECK(code_of(v.verify(test::issue_for(test::make_issuer(hs256)))) ==
        Errc::jwt_unsupported_algorithm);

  const std::string token = test::issue_for(test::make_issuer(hs256));
  VerifyOptions small;
  small.max_token_bytes = 16;
  CHECK(code_of(test::make_verifier(hs256, small).verify(token)) == Errc::jwt_too_large);
  // The default cap (8 KiB) is applied before decoding.
  CHECK(code_of(test::make_verifier(hs256).verify(std::string(8 * 1024 + 1, '.'))) ==
        Errc::jwt_too_large);
  CHECK(code_of(test::make_verifier(hs256).verify(std::string(8 * 1024, '.'))) ==
        Errc::jwt_malformed);
}

TEST_CASE("VerifiedClaims exposes the verified claims exactly as signed", "[jwt][verifier]") {
  const Jwk key = test::hs256_key();
  VerifyOptions o;
  o.audience = {"a"};
  o.require_expiration = true;
  const JwtVerifier v = test::make_verifier(key, o);
  const std::string payload =
      R"({"iss":"i","sub":"u1","aud":"a","jti":"id-1","email":"u@example.com","name":"U \u00e9",)"
      R"("iat":)" +
      std::to_string(kNow - 10) + R"(,"nbf":)" + std::to_string(kNow - 5) + R"(,"exp":)" +
      std::to_string(kNow + 60) + R"(,"custom":{"k":[1,2]}})";
  const auto c = v.verify(test::sign_token(key, R"({"alg":"HS256","typ":"JWT"})", payload));
  REQUIRE(c.has_value());
  CHECK(c->issuer() == "i");
  CHECK(c->subject() == "u1");
  CHECK(c->audience() == std::vector<std::string>{"a"});
  CHECK(c->jwt_id() == "id-1");
  CHECK(c->email() == "u@example.com");
  CHECK(c->name() == "U \xC3\xA9");
  CHECK(c->issued_at() == from_unix_seconds(kNow - 10));
  CHECK(c->not_before() == from_unix_seconds(kNow - 5));
  CHECK(c->expires_at() == from_unix_seconds(kNow + 60));
  CHECK(c->type() == "JWT");
  CHECK(c->payload() == payload);
  CHECK(c->contains("custom"));
  CHECK(c->contains("iss"));
  CHECK_FALSE(c->contains("k"));
  CHECK_FALSE(c->contains("missing"));
  const nlohmann::json j = c->json();
  CHECK(j["custom"]["k"][1] == 2);
  CHECK(j == nlohmann::json::parse(payload));

  // Non-string email/name are ignored rather than failing; absent members are empty.
  const auto odd = test::make_verifier(key).verify(
      test::sign_token(key, kHeader, test::claims(R"(,"email":5,"name":null)")));
  REQUIRE(odd.has_value());
  CHECK_FALSE(odd->email().has_value());
  CHECK_FALSE(odd->name().has_value());
  CHECK_FALSE(odd->issuer().has_value());
  CHECK(odd->audience().empty());
  CHECK_FALSE(odd->not_before().has_value());
  CHECK_FALSE(odd->type().has_value());
}

TEST_CASE("VerifiedClaims cannot be made by users", "[jwt][verifier]") {
  static_assert(!std::is_default_constructible_v<VerifiedClaims>);
  static_assert(!std::is_constructible_v<VerifiedClaims, std::string>);
  static_assert(!std::is_constructible_v<VerifiedClaims, std::string_view>);
  static_assert(!std::is_constructible_v<VerifiedClaims, nlohmann::json>);
  static_assert(!std::is_constructible_v<VerifiedClaims, UnverifiedToken>);
  static_assert(!std::is_convertible_v<UnverifiedToken, VerifiedClaims>);
  static_assert(!std::is_aggregate_v<VerifiedClaims>);
  // Holding one is fine: copies of a verified result stay verified.
  static_assert(std::is_copy_constructible_v<VerifiedClaims>);
  SUCCEED();
}

TEST_CASE("unsafe_decode_unverified returns header and claims as a distinct type",
          "[jwt][verifier]") {
  static_assert(!std::is_same_v<UnverifiedToken, VerifiedClaims>);
  static_assert(!std::is_base_of_v<VerifiedClaims, UnverifiedToken>);
  const Jwk key = test::hs256_key();
  const std::string token =
      test::sign_token(key, R"({"alg":"HS256","kid":"hs-1","typ":"JWT"})", test::claims());
  // A broken signature does not matter to the unverified decoder...
  auto seg = test::segments_of(token);
  seg[2][0] = seg[2][0] == 'A' ? 'B' : 'A';
  const auto decoded = unsafe_decode_unverified(test::join(seg));
  REQUIRE(decoded.has_value());
  CHECK(decoded->header["alg"] == "HS256");
  CHECK(decoded->header["kid"] == "hs-1");
  CHECK(decoded->header["typ"] == "JWT");
  CHECK(decoded->claims["sub"] == "u1");
  CHECK(decoded->claims["exp"] == kNow + 600);
  // ...but the verifier refuses the same token.
  CHECK(code_of(test::make_verifier(key).verify(test::join(seg))) == Errc::jwt_bad_signature);

  // Strict decoding still applies.
  CHECK(code_of(unsafe_decode_unverified(test::sign_token(key, R"({"alg":"HS256","alg":"none"})",
                                                          test::claims()))) == Errc::jwt_malformed);
  CHECK(code_of(unsafe_decode_unverified(test::b64u(R"({"alg":"HS256"})") + "." +
                                         test::b64u("not json") + ".c2ln")) == Errc::jwt_malformed);
  // (The signature segment is never decoded by this function; header and payload are.)
  CHECK(code_of(unsafe_decode_unverified(seg[0] + "=." + seg[1] + "." + seg[2])) ==
        Errc::jwt_malformed);
  CHECK(code_of(unsafe_decode_unverified(seg[0] + "." + seg[1] + " ." + seg[2])) ==
        Errc::jwt_malformed);
  CHECK(code_of(unsafe_decode_unverified(std::string(8 * 1024 + 1, 'a'))) == Errc::jwt_too_large);
  // The JSON nesting cap (depth 16, the top object counts) applies as in verify().
  const std::string deep =
      R"({"alg":"HS256","x":)" + std::string(16, '[') + std::string(16, ']') + "}";
  CHECK(code_of(unsafe_decode_unverified(test::sign_token(key, deep, test::claims()))) ==
        Errc::jwt_too_large);
  const std::string ok_depth =
      R"({"alg":"HS256","x":)" + std::string(15, '[') + std::string(15, ']') + "}";
  CHECK(code_of(unsafe_decode_unverified(test::sign_token(key, ok_depth, test::claims()))) == kOk);
}

TEST_CASE("One verifier used from 4 threads verifies 2,000 tokens each correctly",
          "[jwt][verifier][threads]") {
  // Two keys, so the per-thread MAC context caches see more than one key.
  auto other = Secret::from_string("second-thread-test-secret-32-byt");
  REQUIRE(other.has_value());
  auto key2 = Jwk::from_secret(*other, Algorithm::HS256, "hs-2");
  REQUIRE(key2.has_value());
  const std::vector<Jwk> keys{test::hs256_key(), *key2};
  auto set = JwkSet::create(keys);
  REQUIRE(set.has_value());
  const JwtVerifier verifier = test::make_verifier(*set);

  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  // Every 10th token is tampered with and must fail with JWT_BAD_SIGNATURE.
  std::vector<std::vector<std::string>> tokens(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const Jwk& key = keys[static_cast<std::size_t>(i % 2)];
      std::string token =
          test::sign_token(key, R"({"alg":"HS256","kid":")" + key.kid() + "\"}",
                           R"({"sub":"t)" + std::to_string(t) + "-" + std::to_string(i) +
                               R"(","exp":)" + std::to_string(kNow + 600) + "}");
      if (i % 10 == 9) {
        const std::size_t last_dot = token.rfind('.');
        token[last_dot + 1] = token[last_dot + 1] == 'A' ? 'B' : 'A';
      }
      tokens[static_cast<std::size_t>(t)].push_back(std::move(token));
    }
  }

  std::atomic<int> correct{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const auto r =
            verifier.verify(tokens[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)]);
        bool ok;
        if (i % 10 == 9) {
          ok = !r.has_value() && r.error().code() == Errc::jwt_bad_signature;
        } else {
          ok = r.has_value() && r->subject() == "t" + std::to_string(t) + "-" + std::to_string(i);
        }
        (ok ? correct : wrong).fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong.load() == 0);
  CHECK(correct.load() == kThreads * kPerThread);
}
