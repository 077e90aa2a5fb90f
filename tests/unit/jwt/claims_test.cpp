// Security checklist section C: claims (RFC 7519 §4.1; RFC 8725 §3.8-3.12).
#include <set>
#include <string>

#include "unit/test_support.hpp"

using namespace authkit;
using authkit::test::code_of;
using authkit::test::kNow;
using authkit::test::kOk;

namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","kid":"hs-1"})";

std::string num(std::int64_t v) { return std::to_string(v); }

// Claims with an explicit set of members (no defaults).
std::string token_with(const Jwk& key, const std::string& claims_json) {
  return test::sign_token(key, kHeader, claims_json);
}

JwtVerifier verifier_with_leeway(const Jwk& key, std::chrono::seconds leeway,
                                 std::int64_t now = kNow) {
  VerifyOptions options;
  options.leeway = leeway;
  options.clock = test::clock_at(now);
  return test::make_verifier(key, options);
}

}  // namespace

TEST_CASE("C1: exp is required by default, enforced with leeway, and must be a finite number",
          "[checklist][claims]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier v60 = verifier_with_leeway(key, std::chrono::seconds(60));

  // Missing exp.
  const auto missing = v60.verify(token_with(key, R"({"sub":"u1","iat":)" + num(kNow) + "}"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code() == Errc::jwt_claim_missing);
  CHECK(missing.error().claim() == "exp");

  // Boundaries with leeway 60: rejected when now >= exp + leeway.
  auto with_exp = [&](std::int64_t exp) {
    return code_of(v60.verify(token_with(key, R"({"sub":"u1","exp":)" + num(exp) + "}")));
  };
  CHECK(with_exp(kNow - 61) == Errc::jwt_expired);
  CHECK(with_exp(kNow - 60) == Errc::jwt_expired);
  CHECK(with_exp(kNow - 59) == kOk);
  CHECK(with_exp(kNow) == kOk);
  const auto expired = v60.verify(token_with(key, R"({"sub":"u1","exp":)" + num(kNow - 61) + "}"));
  REQUIRE_FALSE(expired.has_value());
  CHECK(expired.error().claim() == "exp");

  // The clock moving past the boundary flips the result (no sleeping: the clock is injected).
  auto clock = test::clock_at(kNow);
  VerifyOptions options;
  options.leeway = std::chrono::seconds(60);
  options.clock = clock;
  const JwtVerifier moving = test::make_verifier(key, options);
  const std::string token = token_with(key, R"({"sub":"u1","exp":)" + num(kNow) + "}");
  clock->set(from_unix_seconds(kNow + 59));
  CHECK(code_of(moving.verify(token)) == kOk);
  clock->advance(std::chrono::seconds(1));
  CHECK(code_of(moving.verify(token)) == Errc::jwt_expired);

  // exp/nbf/iat must be finite JSON numbers representable as NumericDate.
  for (const char* bad : {R"("9999999999")", "1e400", "-1e400", "true", "null", "[1]", "{}",
                          "9223372036854775807", "1e300"}) {
    INFO("exp " << bad);
    CHECK(code_of(v60.verify(token_with(key, std::string(R"({"sub":"u1","exp":)") + bad + "}"))) ==
          Errc::jwt_malformed);
  }
  for (const char* claim : {"nbf", "iat"}) {
    INFO(claim);
    CHECK(code_of(v60.verify(token_with(key, R"({"sub":"u1","exp":)" + num(kNow + 60) + ",\"" +
                                                 claim + R"(":"1700000000"})"))) ==
          Errc::jwt_malformed);
  }
  // Default leeway is within the checklist's "at most 60 s"; the cap is 300 s.
  CHECK(VerifyOptions{}.leeway <= std::chrono::seconds(60));
  CHECK(VerifyOptions::max_leeway == std::chrono::seconds(300));
  CHECK(VerifyOptions{}.require_expiration);

  // RFC 7515 A.1 (exp 2011-03-22) with the real clock: expired.
  const auto rfc = test::load_rfc_vectors("rfc7515.json");
  const auto& a1 = rfc["examples"][0];
  auto a1_key = Jwk::from_json(a1["jwk"], Algorithm::HS256);
  REQUIRE(a1_key.has_value());
  auto set = JwkSet::of(*a1_key);
  REQUIRE(set.has_value());
  auto real_clock = JwtVerifier::create(*set);  // SystemClock
  REQUIRE(real_clock.has_value());
  CHECK(code_of(real_clock->verify(a1["compact"].get<std::string>())) == Errc::jwt_expired);
}

TEST_CASE("C2: nbf and future iat are enforced at +-1 s of the leeway, and max age from iat",
          "[checklist][claims]") {
  const Jwk key = test::hs256_key();
  const JwtVerifier v = verifier_with_leeway(key, std::chrono::seconds(30));
  const std::string exp = R"("exp":)" + num(kNow + 3600);
  auto with = [&](const std::string& member) {
    return code_of(v.verify(token_with(key, R"({"sub":"u1",)" + exp + "," + member + "}")));
  };
  // nbf: reject if now < nbf - leeway.
  CHECK(with(R"("nbf":)" + num(kNow + 31)) == Errc::jwt_not_yet_valid);
  CHECK(with(R"("nbf":)" + num(kNow + 30)) == kOk);
  CHECK(with(R"("nbf":)" + num(kNow + 29)) == kOk);
  CHECK(with(R"("nbf":)" + num(kNow - 1000)) == kOk);
  // iat in the future beyond the leeway.
  CHECK(with(R"("iat":)" + num(kNow + 31)) == Errc::jwt_not_yet_valid);
  CHECK(with(R"("iat":)" + num(kNow + 30)) == kOk);
  CHECK(with(R"("iat":)" + num(kNow + 29)) == kOk);
  const auto nbf =
      v.verify(token_with(key, R"({"sub":"u1",)" + exp + R"(,"nbf":)" + num(kNow + 31) + "}"));
  REQUIRE_FALSE(nbf.has_value());
  CHECK(nbf.error().claim() == "nbf");

  // Leeway 0: the boundaries move to exactly now.
  const JwtVerifier strict = verifier_with_leeway(key, std::chrono::seconds(0));
  CHECK(code_of(strict.verify(
            token_with(key, R"({"sub":"u1",)" + exp + R"(,"nbf":)" + num(kNow + 1) + "}"))) ==
        Errc::jwt_not_yet_valid);
  CHECK(code_of(strict.verify(
            token_with(key, R"({"sub":"u1",)" + exp + R"(,"nbf":)" + num(kNow) + "}"))) == kOk);

  // max_token_age: rejected when now - iat > max_age + leeway.
  VerifyOptions aged;
  aged.leeway = std::chrono::seconds(30);
  aged.max_token_age = std::chrono::seconds(600);
  aged.clock = test::clock_at(kNow);
  const JwtVerifier max_age = test::make_verifier(key, aged);
  auto issued = [&](std::int64_t iat) {
    return code_of(
        max_age.verify(token_with(key, R"({"sub":"u1",)" + exp + R"(,"iat":)" + num(iat) + "}")));
  };
  CHECK(issued(kNow - 631) == Errc::jwt_expired);
  CHECK(issued(kNow - 630) == kOk);
  CHECK(issued(kNow - 629) == kOk);
  CHECK(code_of(max_age.verify(token_with(key, R"({"sub":"u1",)" + exp + "}"))) ==
        Errc::jwt_claim_missing);
}

TEST_CASE("C3: iss must match exactly, and keys belong to their issuer", "[checklist][claims]") {
  const Jwk key_a = test::hs256_key("issuer-a-key");
  auto secret_b = Secret::from_string("issuer-b-secret-of-32-bytes-long");
  REQUIRE(secret_b.has_value());
  auto key_b = Jwk::from_secret(*secret_b, Algorithm::HS256, "issuer-b-key");
  REQUIRE(key_b.has_value());

  VerifyOptions options;
  options.issuer = "https://a.example";
  const JwtVerifier verifier_a = test::make_verifier(key_a, options);

  IssuerOptions a_opts;
  a_opts.issuer = "https://a.example";
  CHECK(code_of(verifier_a.verify(test::issue_for(test::make_issuer(key_a, a_opts)))) == kOk);

  for (const char* iss :
       {"https://A.example", "https://a.example/", "https://a.example ", "https://b.example", ""}) {
    INFO("iss \"" << iss << "\"");
    IssuerOptions other;
    other.issuer = iss;
    const auto r = verifier_a.verify(test::issue_for(test::make_issuer(key_a, other)));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().claim() == "iss");
    // An empty issuer option omits the claim: then it is missing rather than different.
    CHECK(r.error().code() ==
          (std::string(iss).empty() ? Errc::jwt_claim_missing : Errc::jwt_claim_mismatch));
  }

  // Issuer B's key claiming to be A is refused: A's verifier only knows A's key.
  const std::string b_claims_to_be_a = test::issue_for(test::make_issuer(*key_b, a_opts));
  CHECK(code_of(verifier_a.verify(b_claims_to_be_a)) == Errc::jwt_unknown_key);
  // ...also when B sets A's kid.
  const std::string b_with_a_kid =
      test::sign_token(*key_b, R"({"alg":"HS256","kid":"issuer-a-key"})",
                       test::claims(R"(,"iss":"https://a.example")"));
  CHECK(code_of(verifier_a.verify(b_with_a_kid)) == Errc::jwt_bad_signature);
  // iss must be a string.
  CHECK(code_of(verifier_a.verify(test::sign_token(
            key_a, R"({"alg":"HS256"})", test::claims(R"(,"iss":["https://a.example"])")))) ==
        Errc::jwt_malformed);
}

TEST_CASE("C4: aud may be a string or an array and must include ours", "[checklist][claims]") {
  const Jwk key = test::hs256_key();
  VerifyOptions options;
  options.audience = {"api.example"};
  const JwtVerifier ours = test::make_verifier(key, options);
  const JwtVerifier none_configured = test::make_verifier(key);
  auto with_aud = [&](const JwtVerifier& v, const std::string& aud) {
    const auto r = v.verify(token_with(key, test::claims(R"(,"aud":)" + aud)));
    return r.has_value() ? kOk : r.error().code();
  };
  CHECK(with_aud(ours, R"("api.example")") == kOk);
  CHECK(with_aud(ours, R"(["other","api.example"])") == kOk);
  CHECK(with_aud(ours, R"(["other","another"])") == Errc::jwt_claim_mismatch);
  CHECK(with_aud(ours, R"("API.example")") == Errc::jwt_claim_mismatch);
  CHECK(with_aud(ours, R"([])") == Errc::jwt_malformed);
  CHECK(with_aud(ours, R"([1])") == Errc::jwt_malformed);
  CHECK(with_aud(ours, "5") == Errc::jwt_malformed);
  const auto absent = ours.verify(token_with(key, test::claims()));
  REQUIRE_FALSE(absent.has_value());
  CHECK(absent.error().code() == Errc::jwt_claim_missing);
  CHECK(absent.error().claim() == "aud");

  // A token with aud and a verifier that has none configured: we are not its audience.
  const auto unexpected = none_configured.verify(token_with(key, test::claims(R"(,"aud":"x")")));
  REQUIRE_FALSE(unexpected.has_value());
  CHECK(unexpected.error().code() == Errc::jwt_claim_mismatch);
  CHECK(unexpected.error().claim() == "aud");
  CHECK(with_aud(none_configured, R"(["x","y"])") == Errc::jwt_claim_mismatch);
}

TEST_CASE("C5: verifiers for different token kinds (typ, aud, key) reject each other's tokens",
          "[checklist][claims]") {
  const Jwk access_key = test::hs256_key("access-key");
  auto reset_secret = Secret::from_string("password-reset-secret-32-bytes!!");
  REQUIRE(reset_secret.has_value());
  auto reset_key = Jwk::from_secret(*reset_secret, Algorithm::HS256, "reset-key");
  REQUIRE(reset_key.has_value());

  auto issuer_for = [](const Jwk& key, const char* typ, const char* aud) {
    IssuerOptions o;
    o.typ = typ;
    o.audience = {aud};
    return test::make_issuer(key, o);
  };
  auto verifier_for = [](const Jwk& key, const char* typ, const char* aud) {
    VerifyOptions o;
    o.typ = typ;
    o.audience = {aud};
    return test::make_verifier(key, o);
  };

  // Separate keys, typ and aud per kind.
  const std::string access = test::issue_for(issuer_for(access_key, "at+jwt", "api"));
  const std::string reset = test::issue_for(issuer_for(*reset_key, "reset+jwt", "reset"));
  const JwtVerifier access_v = verifier_for(access_key, "at+jwt", "api");
  const JwtVerifier reset_v = verifier_for(*reset_key, "reset+jwt", "reset");
  CHECK(code_of(access_v.verify(access)) == kOk);
  CHECK(code_of(reset_v.verify(reset)) == kOk);
  CHECK(code_of(access_v.verify(reset)) == Errc::jwt_unknown_key);
  CHECK(code_of(reset_v.verify(access)) == Errc::jwt_unknown_key);

  // Even with a shared key, typ and aud keep the kinds apart.
  const std::string shared_access = test::issue_for(issuer_for(access_key, "at+jwt", "api"));
  const std::string shared_reset = test::issue_for(issuer_for(access_key, "reset+jwt", "reset"));
  const std::string shared_reset_api = test::issue_for(issuer_for(access_key, "reset+jwt", "api"));
  const JwtVerifier shared_reset_v = verifier_for(access_key, "reset+jwt", "reset");
  CHECK(code_of(shared_reset_v.verify(shared_reset)) == kOk);
  const auto cross1 = access_v.verify(shared_reset);
  REQUIRE_FALSE(cross1.has_value());
  CHECK(cross1.error().code() == Errc::jwt_claim_mismatch);
  const auto cross2 = shared_reset_v.verify(shared_access);
  REQUIRE_FALSE(cross2.has_value());
  CHECK(cross2.error().code() == Errc::jwt_claim_mismatch);
  // Same audience, wrong typ: typ alone rejects.
  const auto typ_only = access_v.verify(shared_reset_api);
  REQUIRE_FALSE(typ_only.has_value());
  CHECK(typ_only.error().code() == Errc::jwt_claim_mismatch);
  CHECK(typ_only.error().claim() == "typ");

  // typ missing or wrong.
  const std::string claims = test::claims(R"(,"aud":"api")");
  const auto no_typ = access_v.verify(
      test::sign_token(access_key, R"({"alg":"HS256","kid":"access-key"})", claims));
  REQUIRE_FALSE(no_typ.has_value());
  CHECK(no_typ.error().code() == Errc::jwt_claim_missing);
  CHECK(no_typ.error().claim() == "typ");
  CHECK(code_of(access_v.verify(test::sign_token(
            access_key, R"({"alg":"HS256","kid":"access-key","typ":"JWT"})", claims))) ==
        Errc::jwt_claim_mismatch);
}

TEST_CASE("C6: required sub, and jti is exposed and unique per token", "[checklist][claims]") {
  const Jwk key = test::hs256_key();
  VerifyOptions options;
  options.required_claims = {"sub"};
  const JwtVerifier verifier = test::make_verifier(key, options);
  const auto no_sub = verifier.verify(
      token_with(key, R"({"iat":)" + num(kNow) + R"(,"exp":)" + num(kNow + 60) + "}"));
  REQUIRE_FALSE(no_sub.has_value());
  CHECK(no_sub.error().code() == Errc::jwt_claim_missing);
  CHECK(no_sub.error().claim() == "sub");
  CHECK(code_of(verifier.verify(token_with(key, test::claims()))) == kOk);

  // jti: random, unique per token, exposed through jwt_id() (one-time use keys on it).
  IssuerOptions with_jti;
  with_jti.include_jti = true;
  const JwtIssuer issuer = test::make_issuer(key, with_jti);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto claims = verifier.verify(test::issue_for(issuer));
    REQUIRE(claims.has_value());
    REQUIRE(claims->jwt_id().has_value());
    CHECK(claims->jwt_id()->size() == 22);  // 128 bits, base64url
    CHECK(seen.insert(*claims->jwt_id()).second);
  }
  // Without include_jti there is none.
  const auto plain = verifier.verify(test::issue_for(test::make_issuer(key)));
  REQUIRE(plain.has_value());
  CHECK_FALSE(plain->jwt_id().has_value());
  // jti must be a string.
  CHECK(code_of(verifier.verify(token_with(key, test::claims(R"(,"jti":42)")))) ==
        Errc::jwt_malformed);
}
